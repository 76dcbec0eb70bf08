package closedworld

import (
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/sim"
)

// CloseBound is how long after the later of its close and the heal an
// endpoint may take to reach CLOSED (EventualClose): TIME-WAIT's 2 MSL and
// five maximal retransmission timeouts.
const CloseBound = 2*MSL + 5*60*fsm.Second

// Failure is a property a closed-world run broke.
type Failure struct {
	Property string   // the monitor's name, or the simulator's property
	Endpoint int      // whose view shows it: 0 for a, 1 for b
	Message  string   // what was seen
	Time     fsm.Time // when
}

// Error formats the failure on one line.
func (f *Failure) Error() string {
	return f.Property + " at endpoint " + string(rune('a'+f.Endpoint)) + ": " + f.Message +
		" (at " + strconv.FormatFloat(float64(f.Time)/float64(fsm.Second), 'f', 6, 64) + " s)"
}

// World runs closed-world scenarios with every monitor of package
// properties on both endpoints. Its zero value is ready; reuse it, and do
// not copy it once used.
type World struct {
	// Build, when set, makes side i's endpoint from its fsm.Config instead
	// of fsm.New: a deliberately broken endpoint (package mutants), or an
	// adapter around another stack. It must pass Config.OnTransition on
	// (observe.NewProbeWith). Set it before the first run.
	Build [2]func(fsm.Config) observe.Endpoint

	shapes   map[shapeKey]*shape
	checkers [2][2]*properties.Checker // by side, then legacy mode
	active   [2]*properties.Checker    // the current run's
	last     *shape                    // the last run's
	sink     func(endpoint int, ev *observe.Event)
}

// SetSink makes f see every event of both endpoints (0 for a, 1 for b),
// after the monitors, in the runs that follow: for example to measure
// which states and transitions a corpus exercises.
func (w *World) SetSink(f func(endpoint int, ev *observe.Event)) { w.sink = f }

// Run plays sc and returns the first failure, or nil: the earliest
// monitor violation on either endpoint; a run that broke its caps or sent
// a segment that does not decode (OutputBounded, WellFormedOutput); then
// StreamIntegrity, and once both endpoints connected, StreamComplete and
// EventualClose where they apply (Applies; RFC 9293 §3.6, with 2 MSL of
// TIME-WAIT for the active closer).
func (w *World) Run(sc *Scenario) *Failure {
	sh := w.shape(sc)
	w.last = sh
	sh.apply(sc)
	for i := range w.active {
		w.active[i] = w.checker(i, sc.Sides[i].Legacy)
		w.active[i].Reset()
	}
	sh.sim.Reset(sc.Seed)
	err := sh.sim.Run()
	if f := w.monitorFailure(); f != nil {
		return f
	}
	if err != nil {
		return simFailure(err)
	}
	return liveness(sh.sim, sc)
}

// Sim returns the simulation of the last run, for its streams, states and
// counts; nil before the first run.
func (w *World) Sim() *sim.Sim {
	if w.last == nil {
		return nil
	}
	return w.last.sim
}

// checker returns side i's checker for its legacy mode, which decides
// whether the RFC 5961 monitors apply.
func (w *World) checker(i int, legacy bool) *properties.Checker {
	k := 0
	if legacy {
		k = 1
	}
	if w.checkers[i][k] == nil {
		s := Side{Legacy: legacy}
		w.checkers[i][k] = properties.NewChecker(properties.ConfigFromFSM(s.config()))
	}
	return w.checkers[i][k]
}

// observe is endpoint i's sink in every simulation of w.
func (w *World) observe(i int, ev *observe.Event) {
	w.active[i].Observe(ev)
	if w.sink != nil {
		w.sink(i, ev)
	}
}

// monitorFailure is the earliest monitor violation on either endpoint.
func (w *World) monitorFailure() *Failure {
	var first *properties.Violation
	who := 0
	for i, c := range w.active {
		if v := c.Violation(); v != nil && (first == nil || v.Time < first.Time) {
			first, who = v, i
		}
	}
	if first == nil {
		return nil
	}
	return &Failure{Property: first.Monitor, Endpoint: who, Message: first.String(), Time: fsm.Time(first.Time)}
}

// simFailure converts the simulator's violation.
func simFailure(err error) *Failure {
	v, ok := err.(*sim.Violation)
	if !ok {
		return &Failure{Property: "Run", Message: err.Error()}
	}
	return &Failure{Property: string(v.Property), Endpoint: max(v.Node, 0), Message: v.Error(), Time: v.Time}
}

// liveness checks StreamIntegrity, then, once both connected, the liveness
// properties that apply.
func liveness(s *sim.Sim, sc *Scenario) *Failure {
	if err := s.StreamIntegrity(); err != nil {
		return simFailure(err)
	}
	if !s.Stream(0).Connected || !s.Stream(1).Connected {
		return nil // the faults may legitimately make the open time out
	}
	l := sc.Applies()
	if l.StreamComplete {
		if err := s.StreamComplete(); err != nil {
			return simFailure(err)
		}
	}
	if l.EventualClose {
		if err := s.EventualClose(CloseBound); err != nil {
			return simFailure(err)
		}
	}
	return nil
}
