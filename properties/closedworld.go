package properties

import (
	"fmt"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/seq"
	"tcpcheck/sim"
)

// A closed world: two reference endpoints over the simulator's network,
// each with its own configuration and application, every monitor watching
// each of them, and the simulator's liveness checks at the end.

// Closing is how the applications end a closed-world connection.
type Closing uint8

// The closings.
const (
	CloseActiveFirst  Closing = iota // the connecting side closes once it has read everything, then the other at EOF
	ClosePassiveFirst                // the listening side closes first
	CloseBoth                        // both close as soon as they have read everything: often a simultaneous close
	CloseAbort                       // the connecting side aborts (SO_LINGER 0) once it has read everything
	NumClosings
)

var closingNames = [NumClosings]string{"active-first", "passive-first", "both", "abort"}

func (c Closing) String() string {
	if c < NumClosings {
		return closingNames[c]
	}
	return fmt.Sprintf("Closing(%d)", uint8(c))
}

// Side is one endpoint's configuration in a closed world.
type Side struct {
	ISN         uint32
	Legacy      bool   // RFC 793 rules instead of RFC 5961
	NoTimestamp bool   // do not offer timestamps
	WScale      int8   // window scale offered; -1 none
	RecvBuffer  uint32 // 0: fsm's default
	MSS         uint16 // 0: fsm's default
	Bytes       uint16 // bytes its application writes
}

// ClosedScenario is one closed-world run: the two sides, how they open and
// close, and what the network does until it heals.
type ClosedScenario struct {
	Seed         uint64
	A, B         Side // A connects; B listens, or connects too (Simultaneous)
	Simultaneous bool
	Closing      Closing
	Link         sim.Link
	Heal         fsm.Time // faults stop for segments sent from then on
}

// ClosedViolation is a closed world's failure: a monitor on one side, or
// one of the simulator's properties.
type ClosedViolation struct {
	Side    int        // 0 for A, 1 for B, -1 for the whole run
	Monitor *Violation // nil when the simulator's check failed
	Sim     error
	Script  string // the failing side's view as a script, when recorded
}

func (v *ClosedViolation) Error() string {
	what := fmt.Sprint(v.Sim)
	if v.Monitor != nil {
		what = v.Monitor.String()
	}
	if v.Side < 0 {
		return what
	}
	return fmt.Sprintf("side %c: %s", "AB"[v.Side], what)
}

// closedMSL is longer than the generators' latest healing plus RTOMax, so
// that a FIN lost until the network heals is retransmitted before the
// peer's TIME-WAIT ends (otherwise the peer, CLOSED, would rightly answer
// it with RST, RFC 9293 §3.10.7.1). closedBound is how long after the later
// of its close and the healing an endpoint may take to reach CLOSED: 2 MSL
// of TIME-WAIT plus a FIN's retransmissions.
const (
	closedMSL   = 120 * fsm.Second
	closedBound = 2*closedMSL + 600*fsm.Second
)

// closedConfig is a side's fsm configuration.
func closedConfig(s *Side) fsm.Config {
	return fsm.Config{
		MSL: closedMSL, SynRetries: 6, Retries: 12,
		Legacy: s.Legacy, NoTimestamp: s.NoTimestamp, WScale: s.WScale,
		RecvBuffer: int(s.RecvBuffer), MSS: s.MSS,
	}
}

// closedNodes is the simulator's configuration for sc.
func closedNodes(sc *ClosedScenario) sim.Config {
	a := sim.Node{Name: "a", Addr: sim.AddrA, Port: 40000, Peer: 1, Config: closedConfig(&sc.A),
		ISN: seq.Num(sc.A.ISN), AutoRead: true}
	b := sim.Node{Name: "b", Addr: sim.AddrB, Port: 8080, Peer: 0, Config: closedConfig(&sc.B),
		ISN: seq.Num(sc.B.ISN), AutoRead: true}
	a.Actions = append(a.Actions, sim.Action{Op: observe.OpConnect},
		sim.Action{Op: observe.OpSend, N: int(sc.A.Bytes), On: sim.OnConnected})
	open := observe.OpListen
	if sc.Simultaneous {
		open = observe.OpConnect
	}
	b.Actions = append(b.Actions, sim.Action{Op: open},
		sim.Action{Op: observe.OpSend, N: int(sc.B.Bytes), On: sim.OnConnected})
	a.Actions = append(a.Actions, closeAction(sc.Closing, true, sc.B.Bytes))
	b.Actions = append(b.Actions, closeAction(sc.Closing, false, sc.A.Bytes))
	return sim.Config{Endpoints: []sim.Node{a, b}, Seed: sc.Seed, Link: sc.Link, Heal: sc.Heal}
}

// closeAction is when and how one side's application ends the connection:
// after reading all of its peer's bytes (peerBytes), or at end of stream
// when the peer closes first.
func closeAction(c Closing, active bool, peerBytes uint16) sim.Action {
	all := sim.Action{Op: observe.OpClose, On: sim.OnReceived, Bytes: int(peerBytes)}
	eof := sim.Action{Op: observe.OpClose, On: sim.OnEOF}
	switch {
	case c == CloseBoth:
		return all
	case c == CloseAbort && active:
		all.Op = observe.OpAbort
		return all
	case c == ClosePassiveFirst && !active, c != ClosePassiveFirst && active:
		return all
	}
	return eof
}

// ClosedWorld runs closed-world scenarios with every monitor on both sides.
// Reuse it for one kind of scenario: Run rebuilds the simulator only when
// the scenario's shape changes, and otherwise allocates nothing.
type ClosedWorld struct {
	Record bool                              // record each side's view as a script for reports
	Build  func(fsm.Config) observe.Endpoint // side A's endpoint; nil: the reference endpoint

	sim      *sim.Sim
	shape    ClosedScenario // the scenario the simulator was built for, seed aside
	checkers [2]*Checker
	v        ClosedViolation
}

// Run plays sc and returns its first violation, or nil: a monitor on
// either side, a bounded-output or well-formedness failure of the run, and
// at the end StreamIntegrity, and when both sides connected,
// StreamComplete and EventualClose (RFC 9293 §3.6, with 2 MSL of
// TIME-WAIT for the active closer).
func (w *ClosedWorld) Run(sc *ClosedScenario) *ClosedViolation {
	w.prepare(sc)
	err := w.sim.Run()
	for i, c := range w.checkers {
		if v := c.Violation(); v != nil {
			return w.fail(i, v, nil)
		}
	}
	if err == nil {
		err = w.liveness(sc)
	}
	if err != nil {
		return w.fail(-1, nil, err)
	}
	return nil
}

// Sim returns the simulator of the last run, for its streams and scripts.
func (w *ClosedWorld) Sim() *sim.Sim { return w.sim }

func (w *ClosedWorld) prepare(sc *ClosedScenario) {
	shape := *sc
	shape.Seed = 0
	if w.sim == nil || shape != w.shape {
		cfg := closedNodes(sc)
		cfg.Record, cfg.Endpoints[0].Build = w.Record, w.Build
		w.sim, w.shape = sim.New(cfg), shape
		for i, side := range [2]*Side{&sc.A, &sc.B} {
			w.checkers[i] = NewChecker(ConfigFromFSM(closedConfig(side)))
			w.sim.SetSink(i, w.observer(i))
		}
	}
	for _, c := range w.checkers {
		c.Reset()
	}
	w.sim.Reset(sc.Seed)
}

func (w *ClosedWorld) observer(i int) func(*observe.Event) {
	c := w.checkers[i]
	return func(ev *observe.Event) { c.Observe(ev) }
}

func (w *ClosedWorld) liveness(sc *ClosedScenario) error {
	if err := w.sim.StreamIntegrity(); err != nil {
		return err
	}
	if !w.sim.Stream(0).Connected || !w.sim.Stream(1).Connected {
		return nil // faults may legitimately make connect time out
	}
	if sc.Closing == CloseAbort {
		return nil // the peer learns of the abort only if the RST arrives
	}
	if err := w.sim.StreamComplete(); err != nil {
		return err
	}
	return w.sim.EventualClose(closedBound)
}

func (w *ClosedWorld) fail(side int, m *Violation, err error) *ClosedViolation {
	w.v = ClosedViolation{Side: side, Monitor: m, Sim: err}
	if w.Record && side >= 0 {
		w.v.Script = w.sim.Script(side).String()
	}
	return &w.v
}
