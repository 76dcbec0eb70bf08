package properties

import (
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/mutants"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// spy records what one monitor reports inside a Checker, passing the
// Checker's questions (dispatch.go) on to it.
type spy struct {
	Monitor
	event *int     // index of the event the Checker is at
	got   []string // per event: the violation, "Monitor: message", or ""
}

func (s *spy) Observe(ev *observe.Event) *Violation { return s.note(s.Monitor.Observe(ev)) }

// byKind returns the monitor's Observe by kind, or Observe for every kind.
func (s *spy) byKind() kindObserver {
	if o, ok := s.Monitor.(kindObserver); ok {
		return o
	}
	return &observeAll{s.Monitor}
}

func (s *spy) onInput(ev *observe.Event, f *segFacts) *Violation {
	return s.note(s.byKind().onInput(ev, f))
}

func (s *spy) onOutput(ev *observe.Event, f *segFacts) *Violation {
	return s.note(s.byKind().onOutput(ev, f))
}

func (s *spy) onChange(ev *observe.Event) *Violation { return s.note(s.byKind().onChange(ev)) }
func (s *spy) onCall(ev *observe.Event) *Violation   { return s.note(s.byKind().onCall(ev)) }
func (s *spy) onTick(ev *observe.Event) *Violation   { return s.note(s.byKind().onTick(ev)) }
func (s *spy) onNotify(ev *observe.Event) *Violation { return s.note(s.byKind().onNotify(ev)) }

func (s *spy) shareBounds(b *recvBounds) {
	if f, ok := s.Monitor.(boundsSharer); ok {
		f.shareBounds(b)
	}
}

func (s *spy) shareStimulus(st *stimulus) {
	if f, ok := s.Monitor.(stimulusSharer); ok {
		f.shareStimulus(st)
	}
}

func (s *spy) afterView(ev *observe.Event) {
	if f, ok := s.Monitor.(viewFollower); ok {
		f.afterView(ev)
	}
}

func (s *spy) note(v *Violation) *Violation {
	if v != nil {
		s.got[*s.event] = v.Monitor + ": " + v.Message()
	}
	return v
}

func (s *spy) kinds() kindSet {
	if f, ok := s.Monitor.(kindFilter); ok {
		return f.kinds()
	}
	return ^kindSet(0)
}

func (s *spy) shareView(v *defView) {
	if f, ok := s.Monitor.(viewSharer); ok {
		f.shareView(v)
	}
}

// soloAll runs fresh monitors, each on its own (every event, its own
// view), over tr and returns what each reports per event.
func soloAll(tr *trace, cfg Config) [][]string {
	ms := All()
	got := make([][]string, len(ms))
	for j, m := range ms {
		m.Reset(&cfg)
		got[j] = make([]string, len(tr.events))
		for i := range tr.events {
			if v := m.Observe(&tr.events[i]); v != nil {
				got[j][i] = v.Monitor + ": " + v.Message()
			}
		}
	}
	return got
}

// checkerAll is soloAll with the monitors inside one Checker, which
// filters events by kind and shares one view between monitors.
func checkerAll(tr *trace, cfg Config) [][]string {
	event := 0
	ms := All()
	spies := make([]Monitor, len(ms))
	got := make([][]string, len(ms))
	for j, m := range ms {
		got[j] = make([]string, len(tr.events))
		spies[j] = &spy{Monitor: m, event: &event, got: got[j]}
	}
	c := NewChecker(cfg, spies...)
	for event = range tr.events {
		c.Observe(&tr.events[event])
	}
	return got
}

// same compares soloAll and checkerAll over tr; it returns the number of
// violations seen, or fails.
func same(t *testing.T, what string, tr *trace, cfg Config) int {
	t.Helper()
	solo, through := soloAll(tr, cfg), checkerAll(tr, cfg)
	n := 0
	for j := range solo {
		for k := range solo[j] {
			if solo[j][k] != through[j][k] {
				t.Fatalf("%s, monitor %d, event %d: alone %q, through a Checker %q", what, j, k, solo[j][k], through[j][k])
			}
			if solo[j][k] != "" {
				n++
			}
		}
	}
	sameState(t, what, tr, cfg)
	return n
}

// sameState checks that after every event of tr each monitor inside a
// Checker is in the state it is in alone: the events the Checker did not
// pass it changed nothing, and the shared view is its own view.
func sameState(t *testing.T, what string, tr *trace, cfg Config) {
	t.Helper()
	solo, inside := All(), All()
	for _, m := range solo {
		m.Reset(&cfg)
	}
	c := NewChecker(cfg, inside...)
	for i := range tr.events {
		c.Observe(&tr.events[i])
		for j, m := range solo {
			if v := m.Observe(&tr.events[i]); v != nil {
				v.Event, v.Time = i, tr.events[i].Time // as the Checker marks it
			}
			a, av := stateOf(m)
			b, bv := stateOf(inside[j])
			if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(av, bv) {
				t.Fatalf("%s, event %d (%v): %s alone is in another state than inside a Checker:\n%+v\n%+v",
					what, i, tr.events[i].Kind, m.Name(), a, b)
			}
		}
	}
}

// shared is what a Checker shares with a monitor that keeps receive
// bounds and a stimulus.
type shared struct {
	bounds *recvBounds
	stim   *stimulus
}

// stateOf returns a copy of a monitor's state without what a Checker
// shares, and what it shares: the view, or the receive bounds and the
// stimulus it reads (nil for a monitor without any).
func stateOf(m Monitor) (any, any) {
	switch m := m.(type) {
	case *BlindResetResistance:
		c := *m
		c.view = viewRef{}
		if m.legacy {
			return c, nil // RFC 793 mode: the view is not read
		}
		return c, m.view.get()
	case *BlindSynResistance:
		c := *m
		c.view = viewRef{}
		if m.legacy {
			return c, nil // RFC 793 mode: the view is not read
		}
		return c, m.view.get()
	case *ValidReset:
		c := *m
		c.view = viewRef{}
		return c, m.view.get()
	case *OptionsNegotiated:
		c := *m
		c.view = viewRef{}
		return c, m.view.get()
	case *RetransmitBackoff:
		c := *m
		c.view = viewRef{}
		return c, m.view.get()
	case *HandshakeBeforeEstablished:
		c := *m
		c.rb, c.stim = boundsRef{}, stimRef{}
		return c, shared{m.rb.get(), m.stim.get()}
	case *AckOnlyReceived:
		c := *m
		c.rb, c.stim = boundsRef{}, stimRef{}
		return c, shared{m.rb.get(), m.stim.get()}
	case *SendWithinWindow:
		c := *m
		c.rb, c.stim = boundsRef{}, stimRef{}
		return c, shared{m.rb.get(), m.stim.get()}
	case *TimeWait2MSL:
		c := *m
		c.rb, c.stim = boundsRef{}, stimRef{}
		return c, shared{m.rb.get(), m.stim.get()}
	case *SynFinConsumeOne:
		c := *m
		c.stim = stimRef{}
		return c, m.stim.get()
	}
	return reflect.ValueOf(m).Elem().Interface(), nil
}

// openTrace records the events of one open-world scenario run against the
// endpoint build makes (nil: the reference endpoint).
func openTrace(sc *Scenario, build func(fsm.Config) observe.Endpoint) (*trace, Config) {
	var rec recorder
	w := OpenWorld{Build: build, Sink: rec.observe}
	w.Run(sc)
	return &rec.tr, ConfigFromFSM(sc.Config(nil))
}

// The Checker's dispatch changes nothing the monitors report: over open
// worlds drawn by the generator, short and long, against the reference
// endpoint and every mutant that does not crash, and over complete
// exchanges, each monitor reports the same violations at the same events
// inside a Checker as when it sees every event alone.
func TestCheckerDispatchIsTransparent(t *testing.T) {
	builds := map[string]func(fsm.Config) observe.Endpoint{"reference": nil}
	for _, m := range mutants.All() {
		if m.CaughtBy != "" {
			builds[m.Name] = m.Build
		}
	}
	flagged := 0
	for _, steps := range []int{40, 150} {
		gen := Scenarios(steps)
		for name, build := range builds {
			for i := range 3000 / steps {
				sc := gen.Example(i)
				tr, cfg := openTrace(&sc, build)
				flagged += same(t, name+" scenario "+strconv.Itoa(i), tr, cfg)
			}
		}
	}
	for _, isn := range []seq.Num{0, 1<<32 - 700} {
		client, server := exchange(t, isn)
		same(t, "exchange client", client, endpointConfig())
		same(t, "exchange server", server, endpointConfig())
	}
	if flagged == 0 {
		t.Fatal("no trace had a violation: the comparison never saw one")
	}
	t.Logf("%d violations compared", flagged)
}

// randomTrace is n events of every kind, drawn so that they often relate:
// sequence numbers near a few anchors, the flags and options of real
// segments, state changes mostly from the state last reported, time
// moving forward by up to 3 s, now and then a burst of output. Every
// monitor flags such traces somewhere.
func randomTrace(r *rand.Rand, n int) *trace {
	tr := &trace{}
	anchors := [...]uint32{0, 1000, 5000, 1<<31 - 2, 1<<32 - 3}
	num := func() seq.Num { return seq.Num(anchors[r.IntN(len(anchors))] + uint32(r.IntN(8))) }
	flags := [...]segment.Flags{segment.SYN, segment.SYN | segment.ACK, segment.ACK, segment.FIN | segment.ACK,
		segment.RST, segment.RST | segment.ACK, segment.PSH | segment.ACK, segment.ACK | segment.URG, segment.FIN}
	state := observe.Closed
	for range n {
		tr.now += int64(r.IntN(4)) * int64(r.IntN(1e9))
		ev := observe.Event{Kind: observe.Kind(1 + r.IntN(6)), Time: tr.now}
		switch ev.Kind {
		case observe.Input, observe.Output:
			g := &segment.Segment{SrcPort: 80, DstPort: 4000, Seq: num(), Ack: num(), Flags: flags[r.IntN(len(flags))],
				Window: uint16([...]int{0, 1, 1000, 65535}[r.IntN(4)])}
			addOptions(r, g)
			g.Payload = make([]byte, [...]int{0, 0, 1, 100, 1460}[r.IntN(5)])
			ev.Seg, ev.Src, ev.Dst = g, clientAddr, serverAddr
			if ev.Kind == observe.Output && r.IntN(2) == 0 {
				ev.Wire = g.AppendTo(nil)
				_ = segment.FillChecksum(ev.Wire, ev.Src, ev.Dst)
			}
		case observe.Change:
			ev.From, ev.To = state, observe.State(r.IntN(int(observe.NumStates)))
			if r.IntN(8) == 0 {
				ev.From = observe.State(r.IntN(int(observe.NumStates)))
			}
			state = ev.To
		case observe.Call:
			ev.Op, ev.N, ev.Err = observe.Op(1+r.IntN(7)), r.IntN(2000), observe.Err(r.IntN(7))
		case observe.Notify:
			ev.Note, ev.Err = observe.Note(1<<r.IntN(6)), observe.Err(r.IntN(7))
		}
		tr.events = append(tr.events, ev)
		if ev.Kind == observe.Output && r.IntN(30) == 0 {
			for range 70 { // a burst, for OutputBounded
				tr.events = append(tr.events, ev)
			}
		}
	}
	return tr
}

// addOptions gives g a random choice of the options monitors read.
func addOptions(r *rand.Rand, g *segment.Segment) {
	if r.IntN(3) == 0 {
		_ = g.Options.AddMSS(1460)
	}
	if r.IntN(3) == 0 {
		_ = g.Options.AddWScale(uint8(r.IntN(15)))
	}
	if r.IntN(3) == 0 {
		_ = g.Options.AddSACKPermitted()
	}
	if r.IntN(2) == 0 {
		_ = g.Options.AddTimestamps(uint32(r.IntN(5000)), uint32(r.IntN(5000)))
	}
}

// The same holds over random traces, where every monitor has violations to
// report, in RFC 9293 and legacy modes.
func TestCheckerDispatchRandomTraces(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	flagged := map[string]int{}
	for i := range 400 {
		cfg := DefaultConfig()
		cfg.Legacy = i%4 == 3
		tr := randomTrace(r, 80)
		for _, s := range soloAll(tr, cfg) {
			for _, v := range s {
				if v != "" {
					flagged[v[:strings.IndexByte(v, ':')]]++
				}
			}
		}
		same(t, "random trace "+strconv.Itoa(i), tr, cfg)
	}
	for _, name := range Names() {
		if flagged[name] == 0 {
			t.Errorf("%s reported nothing on random traces: its dispatch went untested", name)
		}
	}
	t.Logf("violations per monitor: %v", flagged)
}
