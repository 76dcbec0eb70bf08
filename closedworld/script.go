package closedworld

import (
	"tcpcheck/script"
)

// Script replays sc between two reference endpoints with recording on and
// returns endpoint i's view of the run (0 for a, 1 for b) as a packetdrill
// script, with a header comment describing sc and the failure, if the run
// has one. runner.Run replays it.
func Script(sc *Scenario, i int) *script.Script {
	var w World
	return w.Script(sc, i)
}

// Script is the package's Script with w's endpoints (World.Build): the
// view of a broken endpoint shows what it did; runner.Run replays it
// against the reference endpoint, which may well differ.
func (w *World) Script(sc *Scenario, i int) *script.Script {
	sh := newShape(sc, w.Build, true)
	sh.apply(sc)
	sh.sim.Reset(sc.Seed)
	_ = sh.sim.Run() // the failure comes from Run, which also runs the monitors
	s := sh.sim.Script(i)
	lines := []script.Line{{Event: &script.Comment{Text: " closed-world scenario: " + Describe(sc)}}}
	if f := w.Run(sc); f != nil {
		lines = append(lines, script.Line{Event: &script.Comment{Text: " failure: " + f.Error()}})
	}
	s.Lines = append(lines, s.Lines...)
	return s
}
