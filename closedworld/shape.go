package closedworld

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/seq"
	"tcpcheck/sim"
)

// A shape is a simulation built for the scenarios that share its key, so
// that a run of a shape seen before allocates nothing: where the faults
// come from (the simulator takes its Faults when built), the buffer sizes
// (a change reallocates the endpoints' buffers), and the whole
// configuration of a side made by World.Build (such an endpoint keeps the
// configuration it was built with).
type shape struct {
	sim     *sim.Sim
	faults  sim.ByteFaults
	actions [2][3]sim.Action
}

// shapeKey tells shapes apart: the configuration part of each Side, with
// only the buffer sizes for a side the reference endpoint plays.
type shapeKey struct {
	bytes bool // faults from Scenario.Faults
	sides [2]Side
}

// maxShapes bounds the simulations a World keeps; past it they are all
// dropped and built again as needed.
const maxShapes = 32

// key is sc's shape in w.
func (w *World) key(sc *Scenario) shapeKey {
	k := shapeKey{bytes: len(sc.Faults) > 0}
	for i, s := range sc.Sides {
		if w.Build[i] != nil {
			k.sides[i] = Side{Legacy: s.Legacy, NoTimestamp: s.NoTimestamp, WScale: s.WScale, MSS: s.MSS}
		}
		k.sides[i].SendBuffer, k.sides[i].RecvBuffer = s.SendBuffer, s.RecvBuffer
	}
	return k
}

// shape returns the simulation for sc, building it the first time.
func (w *World) shape(sc *Scenario) *shape {
	k := w.key(sc)
	if sh := w.shapes[k]; sh != nil {
		return sh
	}
	if w.shapes == nil || len(w.shapes) >= maxShapes {
		w.shapes = map[shapeKey]*shape{}
	}
	sh := newShape(sc, w.Build, false)
	for i := range 2 {
		sh.sim.SetSink(i, func(ev *observe.Event) { w.observe(i, ev) })
	}
	w.shapes[k] = sh
	return sh
}

// newShape builds the simulation for sc's shape, recording scripts if
// record is set.
func newShape(sc *Scenario, build [2]func(fsm.Config) observe.Endpoint, record bool) *shape {
	sh := &shape{}
	nodes := []sim.Node{
		{Name: "a", Addr: sim.AddrA, Port: 40000, Peer: 1, Config: sc.Sides[0].config(), Build: build[0], AutoRead: true},
		{Name: "b", Addr: sim.AddrB, Port: 8080, Peer: 0, Config: sc.Sides[1].config(), Build: build[1], AutoRead: true},
	}
	cfg := sim.Config{Endpoints: nodes, Record: record}
	if len(sc.Faults) > 0 {
		cfg.Faults = &sh.faults
	}
	sh.sim = sim.New(cfg)
	return sh
}

// apply sets the simulation up for sc.
func (sh *shape) apply(sc *Scenario) {
	s := sh.sim
	for i := range sc.Sides {
		s.SetConfig(i, sc.Sides[i].config())
		s.SetISN(i, seq.Num(sc.Sides[i].ISN))
		s.SetActions(i, sh.appActions(sc, i))
	}
	s.SetLink(0, 1, sc.Link)
	s.SetLink(1, 0, sc.Link)
	s.SetHeal(sc.Heal)
	sh.faults.Data = sc.Faults
}

// appActions are side i's application actions.
func (sh *shape) appActions(sc *Scenario, i int) []sim.Action {
	s := &sc.Sides[i]
	acts := sh.actions[i][:0]
	open := observe.OpConnect
	if i == 1 && !sc.Simultaneous {
		open = observe.OpListen
	}
	acts = append(acts, sim.Action{Op: open})
	if s.Send > 0 {
		acts = append(acts, sim.Action{Op: observe.OpSend, N: int(s.Send), On: sim.OnConnected})
	}
	if s.Close != 0 {
		c := sim.Action{Op: s.Close, At: s.After, On: sim.OnConnected}
		switch s.When {
		case AfterReceived:
			c.On, c.Bytes = sim.OnReceived, int(sc.Sides[1-i].Send)
		case AfterEOF:
			c.On = sim.OnEOF
		}
		acts = append(acts, c)
	}
	return acts
}
