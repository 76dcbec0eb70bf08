package shrink

import (
	"fmt"

	"tcpcheck/convert"
	"tcpcheck/properties"
	"tcpcheck/runner"
	"tcpcheck/script"
)

// ShrinkScript finds how a script fails and shrinks it, keeping that
// failure. The script is run two ways, and the first failure found wins:
//   - its stimuli as an open-world scenario (convert.ScenarioFromScript)
//     against the endpoint opt.Build makes, every monitor watching: a
//     panic or a monitor violation is shrunk as a scenario (Scenario), and
//     the repro's '>' lines are re-derived by running the endpoint;
//   - the script itself replayed by runner.Run against the reference
//     endpoint: a panic or a mismatch is shrunk line by line (ScriptLines),
//     the '>' lines kept as written.
//
// It returns ErrNoFailure (wrapped, with the reason the scenario could not
// be built when it could not) when neither fails. source names the input in
// the repro's header.
func ShrinkScript(s *script.Script, source string, opt Options) (*Repro, error) {
	sc, convErr := convert.ScenarioFromScript(s)
	if convErr == nil {
		if f := CheckScenario(&sc, opt.Build); f.Kind != NoFailure {
			res, err := Scenario(&sc, opt)
			if err != nil {
				return nil, err
			}
			return ScenarioRepro(res, opt.Build, source), nil
		}
	}
	// The replay runs every monitor too, as tcpcheck run does, so that a
	// script the open world cannot express is still judged by them.
	ropts := runner.Options{Monitor: properties.Sink}
	res, err := ScriptLines(s, ropts, opt)
	if err == ErrNoFailure && convErr != nil {
		return nil, fmt.Errorf("%w: its replay passes, and the monitors could not run: %v", ErrNoFailure, convErr)
	}
	if err != nil {
		return nil, err
	}
	return ScriptRepro(res, ropts, source), nil
}
