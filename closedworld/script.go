package closedworld

import (
	"tcpcheck/script"
)

// Script replays sc with recording on and returns endpoint i's view of the
// run (0 for a, 1 for b) as a packetdrill script, with a header comment
// describing sc and the failure, if the run has one. runner.Run replays it.
func Script(sc *Scenario, i int) *script.Script {
	sh := newShape(sc, true)
	sh.apply(sc)
	sh.sim.Reset(0)
	_ = sh.sim.Run() // the failure comes from World.Run, which also runs the monitors
	s := sh.sim.Script(i)
	var w World
	note := "closed-world scenario: " + Describe(sc)
	lines := []script.Line{{Event: &script.Comment{Text: " " + note}}}
	if f := w.Run(sc); f != nil {
		lines = append(lines, script.Line{Event: &script.Comment{Text: " failure: " + f.Error()}})
	}
	s.Lines = append(lines, s.Lines...)
	return s
}
