package convert

import (
	"strconv"

	"tcpcheck/properties"
	"tcpcheck/script"
)

// ViolationKey is the key of the directive that names the monitor a
// recorded script violates, "// tcpcheck: violation MonitorName".
const ViolationKey = "violation"

// ScriptFromScenario runs sc on the reference endpoint (properties.OpenWorld,
// every monitor watching) with a Recorder, and returns the recorded script
// and the first violation (nil if none). The script is valid packetdrill
// and replays with runner.Run (tcpcheck run) up to the violation, unless a
// header comment says which stimulus it could not express. When there is a
// violation, a header comment gives the monitor and its message and a
// violation directive (ViolationKey) the monitor's name.
func ScriptFromScenario(sc *properties.Scenario) (*script.Script, *properties.Violation) {
	var w properties.OpenWorld
	rec := NewRecorder(sc.Config(nil))
	w.Sink = rec.Observe
	v := w.Run(sc)
	rec.Comment("open-world scenario: " + describeScenario(sc))
	var out *properties.Violation
	if v != nil {
		c := *v
		out = &c
		rec.Comment("violation: " + c.String())
	}
	for _, what := range rec.Inexact() {
		rec.Comment("not replayed exactly: " + what)
	}
	s := rec.Script()
	if out != nil {
		s.Lines = insertDirective(s.Lines, ViolationKey, out.Monitor)
	}
	return s, out
}

// insertDirective puts a directive after the header's comments and
// directives.
func insertDirective(lines []script.Line, key, value string) []script.Line {
	i := 0
	for i < len(lines) && lines[i].Time.Kind == script.NoTime {
		i++
	}
	d := script.Line{Event: &script.Directive{Key: key, Value: value}}
	return append(lines[:i], append([]script.Line{d}, lines[i:]...)...)
}

// describeScenario is a one-line summary of a scenario's header.
func describeScenario(sc *properties.Scenario) string {
	open := "active open"
	if sc.Passive {
		open = "passive open"
	}
	mode := "RFC 5961"
	if sc.Legacy {
		mode = "legacy RFC 793"
	}
	return open + ", ISN " + hex(sc.ISN) + ", peer ISN " + hex(sc.PeerISN) + ", " + mode + ", " +
		strconv.Itoa(len(sc.Steps)) + " steps"
}

func hex(v uint32) string { return "0x" + strconv.FormatUint(uint64(v), 16) }

// CheckScript is ScenarioFromScript and properties.OpenWorld.Run: the
// monitors' verdict on the stimuli of s, nil when they all hold. The error
// is ScenarioFromScript's. A panic of the endpoint is not recovered.
func CheckScript(s *script.Script) (*properties.Violation, error) {
	sc, err := ScenarioFromScript(s)
	if err != nil {
		return nil, err
	}
	var w properties.OpenWorld
	v := w.Run(&sc)
	if v == nil {
		return nil, nil
	}
	c := *v
	return &c, nil
}
