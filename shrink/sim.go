package shrink

import (
	"net/netip"
	"strconv"

	"tcpcheck/convert"
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/sim"
)

// SimInput is a closed-world run: sim.Exchange, in which endpoint a
// connects to b, each writes Bytes and reads what comes, and both close,
// over links whose faults are drawn from Seed. Both endpoints run with the
// open world's configuration (properties.Scenario.Config: 1 s MSL, 3 SYN
// and 4 data retransmissions), so that an endpoint's view converts to an
// open-world scenario that fails the same way.
type SimInput struct {
	Seed  uint64
	Bytes int      // written each way; 0 means 20000
	Link  sim.Link // both directions (DefaultLink is a lossy one)
	Heal  sim.Time // faults stop for segments sent from then on; 0 means 5 s, before the retries give up
	// Build makes endpoint a (Build[0]) or b (Build[1]) from its
	// configuration; nil means the reference endpoint.
	Build [2]func(fsm.Config) observe.Endpoint
}

// DefaultLink is a lossy network: cmd/shrink's -sim defaults.
var DefaultLink = sim.Link{Loss: 0.05, Dup: 0.02, Corrupt: 0.01, Reorder: 0.05,
	Delay: 10 * sim.Millisecond, Jitter: 2 * sim.Millisecond}

// closeBound is how long after the last close and the heal both ends must
// be CLOSED (sim.EventualClose).
const closeBound = 120 * sim.Second

// simWorld runs the simulation as the predicate of the faults' shrink.
type simWorld struct {
	in    SimInput
	cfg   fsm.Config
	plan  *faultPlan
	sims  map[int]*sim.Sim // by bytes each way, reused with Reset
	check [2]*properties.Checker
	trace *Trace // when set, endpoint traceOf's events are recorded in it
	of    int
}

func newSimWorld(in SimInput) *simWorld {
	if in.Bytes <= 0 {
		in.Bytes = 20000
	}
	if in.Heal <= 0 {
		in.Heal = 5 * sim.Second
	}
	w := &simWorld{in: in, cfg: (&properties.Scenario{}).Config(nil), sims: map[int]*sim.Sim{}}
	w.plan = &faultPlan{link: in.Link, seed: in.Seed}
	for i := range w.check {
		w.check[i] = properties.NewChecker(properties.ConfigFromFSM(w.cfg))
	}
	return w
}

// simFor returns the simulation writing n bytes each way.
func (w *simWorld) simFor(n int, record bool) *sim.Sim {
	if s, ok := w.sims[n]; ok && !record {
		return s
	}
	c := sim.Exchange(w.cfg, w.cfg, n)
	c.Link, c.Faults, c.Heal, c.Seed, c.Record = w.in.Link, w.plan, w.in.Heal, w.in.Seed, record
	for i := range c.Endpoints {
		c.Endpoints[i].Build = w.in.Build[i]
		check, i := w.check[i], i
		c.Endpoints[i].Sink = func(ev *observe.Event) {
			check.Observe(ev)
			if w.trace != nil && w.of == i {
				w.trace.add(ev)
			}
		}
	}
	s := sim.New(c)
	if !record {
		w.sims[n] = s
	}
	return s
}

// run plays the simulation once and returns how it failed.
func (w *simWorld) run(n int, record bool) (f Failure, s *sim.Sim) {
	defer func() {
		if r := recover(); r != nil {
			f = panicFailure(r)
		}
	}()
	s = w.simFor(n, record)
	for _, c := range w.check {
		c.Reset()
	}
	s.Reset(w.in.Seed)
	err := s.Run()
	return w.verdict(s, err), s
}

// verdict is the first failure of a finished run: a monitor's (the
// earliest), then the simulator's own checks.
func (w *simWorld) verdict(s *sim.Sim, runErr error) Failure {
	first := -1
	for i, c := range w.check {
		if v := c.Violation(); v != nil && (first < 0 || v.Time < w.check[first].Violation().Time) {
			first = i
		}
	}
	if first >= 0 {
		f := fromViolation(w.check[first].Violation())
		f.Endpoint = s.Name(first)
		return f
	}
	checks := []func() error{func() error { return runErr }, s.StreamIntegrity}
	if s.Stream(0).Connected && s.Stream(1).Connected {
		checks = append(checks, s.StreamComplete, func() error { return s.EventualClose(closeBound) })
	}
	for _, c := range checks {
		if err := c(); err != nil {
			if v, ok := err.(*sim.Violation); ok {
				return Failure{Kind: Violation, Monitor: string(v.Property), Endpoint: v.Name, Message: v.Detail}
			}
			return Failure{Kind: Error, Class: errorClass(err.Error()), Message: err.Error()}
		}
	}
	return Failure{}
}

// ShrinkSim runs the simulation, and if it fails, shrinks it: ddmin over
// the network faults drawn from the seed (which segments are lost,
// duplicated, corrupted, delayed), and the bytes written, to the fewest
// that fail the same way (the same monitor or property, at the same
// endpoint). The failing endpoint's view is then the repro: when a monitor
// failed and the view, as an open-world scenario, fails the same way, that
// scenario is shrunk further (Scenario) and the repro's '>' lines come from
// running it; otherwise the repro is the view as the simulator recorded it.
// It returns ErrNoFailure when the run does not fail.
func ShrinkSim(in SimInput, opt Options) (*Repro, error) {
	w := newSimWorld(in)
	want, _ := w.run(w.in.Bytes, false)
	if want.Kind == NoFailure {
		return nil, ErrNoFailure
	}
	faults := w.plan.faults()
	drawn := len(faults)
	ss := newSession(opt, drawn)
	n := w.in.Bytes
	fails := func(idx []int, n int) bool {
		key := strconv.AppendInt(nil, int64(n), 10)
		for _, i := range idx {
			key = strconv.AppendInt(append(key, ','), int64(i), 10)
		}
		return ss.cached(ss.hash(key), func() bool {
			w.plan.only(idx)
			f, _ := w.run(n, false)
			return want.Same(&f)
		})
	}
	for round := 0; round < maxRounds && !ss.spent(); round++ {
		before, bytes := len(faults), n
		ss.begin("faults", len(faults))
		faults = ddmin(ss, faults, func(idx []int) bool { return fails(idx, n) })
		ss.begin("bytes", len(faults))
		for m := n / 2; m > 0 && fails(faults, m); m /= 2 {
			n = m
		}
		if len(faults) == before && n == bytes {
			break
		}
	}
	w.plan.only(faults)
	return w.repro(want, n, faults, drawn, ss, opt)
}

// repro records the shrunk run and makes the repro of its failing
// endpoint.
func (w *simWorld) repro(want Failure, n int, faults []int, drawn int, ss *session, opt Options) (*Repro, error) {
	i := 0
	if want.Endpoint == "b" {
		i = 1
	}
	w.trace, w.of = &Trace{Config: w.cfg, Passive: i == 1, Marked: -1}, i
	f, s := w.run(n, true)
	f.withMessage()
	t := w.trace
	w.trace = nil
	source := "simulation seed " + strconv.FormatUint(w.in.Seed, 10) + ", endpoint " + s.Name(i)
	note := "network: " + strconv.Itoa(drawn) + " faults drawn from the seed, " + strconv.Itoa(len(faults)) +
		" kept; " + strconv.Itoa(n) + " bytes each way"
	body := s.Script(i)
	if f.Kind == Violation && properties.ByName(f.Monitor) != nil {
		if sc, err := convert.ScenarioFromScript(body); err == nil {
			if g := CheckScenario(&sc, w.in.Build[i]); want.Same(&g) || g.Monitor == want.Monitor {
				o := opt
				o.Build = w.in.Build[i]
				if res, err := Scenario(&sc, o); err == nil {
					r := ScenarioRepro(res, o.Build, source)
					r.Notes = append([]string{note}, r.Notes...)
					return r, nil
				}
			}
		}
	}
	t.ISN, t.Failure = s.ISN(i), f
	t.Local = netip.AddrPortFrom(sim.AddrA, 40000)
	t.Remote = netip.AddrPortFrom(sim.AddrB, 8080)
	if i == 1 {
		t.Local, t.Remote = t.Remote, t.Local
	}
	t.Marked = len(t.Events) - 1
	if f.Kind == Violation && f.Event.Format != "" {
		t.Marked = f.Event.Event
	}
	st := ss.finish(len(faults))
	return &Repro{Failure: f, Stats: st, Source: source, Trace: t, Body: body, Notes: []string{note}, Unit: "faults"}, nil
}
