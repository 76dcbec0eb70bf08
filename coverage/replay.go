package coverage

import (
	"tcpcheck/closedworld"
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/script"
)

// Replayer runs inputs through the reference endpoint and adds what they
// exercised to Counts: the endpoint under test of open-world scenarios,
// both endpoints of closed-world ones. Reuse one Replayer: open-world runs
// after the first allocate nothing.
type Replayer struct {
	Counts Counts
	// ToScript converts an input of an endpoint target that Input does
	// not decode itself (convert.Lookup(target).ToScript); nil: those
	// inputs are not replayed.
	ToScript func(target string, data []byte) (*script.Script, error)

	tr     Tracker
	sink   func(*observe.Event)
	ow     properties.OpenWorld
	sc     properties.Scenario
	cw     closedworld.World
	ctr    [2]Tracker
	csc    closedworld.Scenario
	sinkOK bool // cw reports its events (World.SetSink)
}

// NewReplayer returns an empty replayer.
func NewReplayer() *Replayer {
	r := &Replayer{}
	r.tr = Tracker{C: &r.Counts, cause: CauseNone}
	r.sink = r.tr.Observe
	r.ow.Build = r.build
	for i := range r.ctr {
		r.ctr[i] = Tracker{C: &r.Counts, cause: CauseNone}
	}
	if w, ok := any(&r.cw).(interface {
		SetSink(func(int, *observe.Event))
	}); ok {
		w.SetSink(func(i int, ev *observe.Event) { r.ctr[i&1].Observe(ev) })
		r.sinkOK = true
	}
	return r
}

func (r *Replayer) build(cfg fsm.Config) observe.Endpoint {
	r.tr.Reset()
	return &counted{Probe: observe.NewProbe(cfg, r.sink), tr: &r.tr, cfg: cfg}
}

// OpenWorld replays sc (the run stops at a violation, as the fuzz target's
// does) and returns the violation, if any.
func (r *Replayer) OpenWorld(sc *properties.Scenario) *properties.Violation {
	return r.ow.Run(sc)
}

// OpenWorldBytes decodes b as FuzzOpenWorld does (properties.DecodeScenario)
// and replays it.
func (r *Replayer) OpenWorldBytes(b []byte) *properties.Violation {
	properties.DecodeScenario(b, &r.sc)
	return r.OpenWorld(&r.sc)
}

// ClosedWorld replays sc, counting both endpoints, and returns its failure,
// if any. It reports ErrNoReplay when the closed world cannot report its
// events.
func (r *Replayer) ClosedWorld(sc *closedworld.Scenario) (*closedworld.Failure, error) {
	if !r.sinkOK {
		return nil, ErrNoReplay
	}
	for i := range r.ctr {
		r.ctr[i].Reset()
	}
	return r.cw.Run(sc), nil
}

// ClosedWorldBytes decodes b as FuzzClosedWorld does (closedworld.Decode)
// and replays it.
func (r *Replayer) ClosedWorldBytes(b []byte) error {
	closedworld.Decode(b, &r.csc)
	_, err := r.ClosedWorld(&r.csc)
	return err
}
