package convert

import (
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/properties"
	"tcpcheck/runner"
)

// The script recorded from a scenario replays with runner.Run: every '>'
// line is what the endpoint sends again, every call returns what was
// recorded.
func TestRecordedScenariosReplay(t *testing.T) {
	inexact := 0
	rapid.Check(t, func(t *rapid.T) {
		sc := properties.Scenarios(30).Draw(t, "scenario")
		s, _ := ScriptFromScenario(&sc)
		res := runner.Run(s, runner.Options{})
		if !res.Passed {
			if hasInexact(s) {
				inexact++
				return
			}
			t.Fatalf("replay: %v\n%s", res.Failure, s)
		}
	})
	t.Logf("%d failing replays after a stimulus the script cannot express", inexact)
}

func hasInexact(s interface{ String() string }) bool {
	return contains(s.String(), "not replayed exactly")
}
