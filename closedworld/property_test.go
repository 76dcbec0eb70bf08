package closedworld

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"pgregory.net/rapid"

	"tcpcheck/runner"
)

// TestClosedWorldRapid: in every drawn closed world, no monitor fires on
// either endpoint, the streams stay intact, and once the network heals
// both sides deliver everything and close where their applications say.
func TestClosedWorldRapid(t *testing.T) {
	var w World
	gen := Scenarios(32)
	rapid.Check(t, func(t *rapid.T) {
		sc := gen.Draw(t, "scenario")
		if f := w.Run(&sc); f != nil {
			t.Fatalf("%v\n%s", f, Script(&sc, f.Endpoint))
		}
	})
}

// TestClosedWorldGopter is TestClosedWorldRapid with gopter.
func TestClosedWorldGopter(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 150
	if testing.Short() {
		params.MinSuccessfulTests = 30
	}
	props := gopter.NewProperties(params)
	var w World
	props.Property("closed worlds keep every property", prop.ForAll(func(sc Scenario) string {
		if f := w.Run(&sc); f != nil {
			return f.Error() + "\n" + Script(&sc, f.Endpoint).String()
		}
		return ""
	}, GopterScenarios(32)))
	props.TestingRun(t)
}

// A scenario's recorded views replay with runner.Run, each endpoint's
// configuration coming from its script's directives.
func TestScriptsReplay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := Scenarios(16).Draw(t, "scenario")
		for i := range 2 {
			s := Script(&sc, i)
			if res := runner.Run(s, runner.Options{}); !res.Passed {
				t.Fatalf("endpoint %d: %v\n%s", i, res.Failure, s)
			}
		}
	})
}
