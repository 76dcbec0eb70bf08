package fuzz

import (
	"sync"

	"tcpcheck/closedworld"
	"tcpcheck/convert"
	"tcpcheck/properties"
)

// openState is the open-world target's reused state.
var openState struct {
	sync.Mutex
	w  properties.OpenWorld
	sc properties.Scenario
}

// OpenWorld decodes the input as an open-world scenario (fixed-width
// records, properties.DecodeScenario) and runs it against the reference
// endpoint with every monitor checked after every event. A violation is a
// *Failure naming the monitor, with the recorded script that reproduces
// it (convert.ScriptFromScenario).
func OpenWorld(data []byte) error {
	st := &openState
	st.Lock()
	defer st.Unlock()
	properties.DecodeScenario(data, &st.sc)
	return openWorld("FuzzOpenWorld", &st.w, &st.sc)
}

// OpenWorldScenario is OpenWorld for a scenario already built (the rapid
// target draws them).
func OpenWorldScenario(target string, sc *properties.Scenario) error {
	st := &openState
	st.Lock()
	defer st.Unlock()
	return openWorld(target, &st.w, sc)
}

func openWorld(target string, w *properties.OpenWorld, sc *properties.Scenario) error {
	if w.Run(sc) == nil {
		return nil
	}
	s, v := convert.ScriptFromScenario(sc)
	if v == nil {
		return &Failure{Target: target, Property: "Determinism", Script: s,
			Message: "the scenario violated " + w.Violation().String() + " once, and nothing when run again"}
	}
	return &Failure{Target: target, Property: v.Monitor, Message: v.String(), Script: s}
}

// closedState is the closed-world target's reused state.
var closedState struct {
	sync.Mutex
	w  closedworld.World
	sc closedworld.Scenario
}

// ClosedWorld decodes the input as a closed world (closedworld.Decode: the
// applications' actions and the network's faults) and runs it: every
// monitor on both endpoints, the simulator's caps, then StreamIntegrity,
// StreamComplete and EventualClose where they apply. A failure is a
// *Failure with the recorded view of the endpoint that shows it.
func ClosedWorld(data []byte) error {
	st := &closedState
	st.Lock()
	defer st.Unlock()
	closedworld.Decode(data, &st.sc)
	return closedWorld("FuzzClosedWorld", &st.w, &st.sc)
}

// ClosedWorldScenario is ClosedWorld for a scenario already built.
func ClosedWorldScenario(target string, sc *closedworld.Scenario) error {
	st := &closedState
	st.Lock()
	defer st.Unlock()
	return closedWorld(target, &st.w, sc)
}

func closedWorld(target string, w *closedworld.World, sc *closedworld.Scenario) error {
	f := w.Run(sc)
	if f == nil {
		return nil
	}
	return &Failure{Target: target, Property: f.Property, Message: f.Error(), Script: closedworld.Script(sc, f.Endpoint)}
}
