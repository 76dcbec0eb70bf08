package closedworld

import (
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/seq"
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

// World runs closed-world scenarios. Its zero value is ready; reuse it.
type World struct {
	shapes [4]*shape
	sink   func(endpoint int, ev *observe.Event)
}

// SetSink makes f see every event of both endpoints (0 for a, 1 for b),
// after the monitors, in the runs that follow: for example to measure
// which states and transitions a corpus exercises.
func (w *World) SetSink(f func(endpoint int, ev *observe.Event)) { w.sink = f }

// shape is a simulation and its monitors for one combination of buffer
// sizes and legacy mode (a change of either would reallocate).
type shape struct {
	sim      *sim.Sim
	faults   sim.ByteFaults
	checkers [2]*properties.Checker
	actions  [2][3]sim.Action
	sink     func(endpoint int, ev *observe.Event) // World's sink
}

// Run plays sc and returns the first failure, or nil.
func (w *World) Run(sc *Scenario) *Failure {
	k := 0
	if sc.SmallBuffers {
		k |= 1
	}
	if sc.Legacy {
		k |= 2
	}
	if w.shapes[k] == nil {
		w.shapes[k] = newShape(sc, false)
	}
	sh := w.shapes[k]
	sh.sink = w.sink
	sh.apply(sc)
	sh.sim.Reset(0)
	for _, c := range sh.checkers {
		c.Reset()
	}
	err := sh.sim.Run()
	if f := sh.monitorFailure(); f != nil {
		return f
	}
	if err != nil {
		return simFailure(err)
	}
	return sh.liveness(sc)
}

// newShape builds the simulation for sc's shape; with record, it records
// scripts and has no monitors.
func newShape(sc *Scenario, record bool) *shape {
	sh := &shape{}
	cfg := sc.config()
	nodes := []sim.Node{
		{Name: "a", Addr: sim.AddrA, Port: 40000, Peer: 1, Config: cfg, AutoRead: true},
		{Name: "b", Addr: sim.AddrB, Port: 8080, Peer: 0, Config: cfg, AutoRead: true},
	}
	sh.sim = sim.New(sim.Config{Endpoints: nodes, Faults: &sh.faults, Record: record})
	if !record {
		for i := range sh.checkers {
			c := properties.NewChecker(properties.ConfigFromFSM(cfg))
			sh.checkers[i] = c
			sh.sim.SetSink(i, func(ev *observe.Event) {
				c.Observe(ev)
				if sh.sink != nil {
					sh.sink(i, ev)
				}
			})
		}
	}
	return sh
}

// apply sets the simulation up for sc.
func (sh *shape) apply(sc *Scenario) {
	s := sh.sim
	cfg := sc.config()
	for i := range 2 {
		s.SetConfig(i, cfg)
		s.SetISN(i, seq.Num(sc.ISN[i]))
		s.SetActions(i, sh.appActions(sc, i))
	}
	l := sim.Link{Delay: sc.Delay}
	s.SetLink(0, 1, l)
	s.SetLink(1, 0, l)
	s.SetHeal(sc.Heal)
	sh.faults.Data = sc.Faults
}

// appActions are endpoint i's application actions.
func (sh *shape) appActions(sc *Scenario, i int) []sim.Action {
	e := &sc.Ends[i]
	acts := sh.actions[i][:0]
	open := observe.OpConnect
	if i == 1 && !sc.Simultaneous {
		open = observe.OpListen
	}
	acts = append(acts, sim.Action{Op: open})
	if e.Send > 0 {
		acts = append(acts, sim.Action{Op: observe.OpSend, N: int(e.Send), On: sim.OnConnected})
	}
	if e.Close != 0 {
		c := sim.Action{Op: e.Close, At: e.After, On: sim.OnConnected}
		switch e.When {
		case AfterReceived:
			c.On, c.Bytes = sim.OnReceived, int(sc.Ends[1-i].Send)
		case AfterEOF:
			c.On = sim.OnEOF
		}
		acts = append(acts, c)
	}
	return acts
}

// monitorFailure is the earliest monitor violation on either endpoint.
func (sh *shape) monitorFailure() *Failure {
	var first *properties.Violation
	who := 0
	for i, c := range sh.checkers {
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
func (sh *shape) liveness(sc *Scenario) *Failure {
	s := sh.sim
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
