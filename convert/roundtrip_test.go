package convert

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/properties"
	"tcpcheck/script"
)

// packets is a script's packet lines as text: what a run injected and
// sent.
func packets(s *script.Script) string {
	var b strings.Builder
	for i := range s.Lines {
		if _, ok := s.Lines[i].Event.(*script.Packet); !ok {
			continue
		}
		b.Write(s.Lines[i].AppendText(nil))
		b.WriteByte('\n')
	}
	return b.String()
}

// A recorded scenario read back with ScenarioFromScript and recorded again
// gives the same segments, line for line, and the same verdict (calls that
// sockets answer without reaching the endpoint are not read back).
func TestScenarioFromRecordedScript(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := properties.Scenarios(30).Draw(t, "scenario")
		s1, v1 := ScriptFromScenario(&sc)
		if strings.Contains(s1.String(), "not replayed exactly") {
			t.Skip("the script cannot express the scenario")
		}
		sc2, err := ScenarioFromScript(s1)
		if err != nil {
			t.Fatalf("%v\n%s", err, s1)
		}
		s2, v2 := ScriptFromScenario(&sc2)
		if b1, b2 := packets(s1), packets(s2); b1 != b2 {
			t.Fatalf("recorded again differently:\n%s\nvs\n%s", b1, b2)
		}
		if (v1 == nil) != (v2 == nil) || v1 != nil && v1.Monitor != v2.Monitor {
			t.Fatalf("verdicts differ: %v, %v", v1, v2)
		}
	})
}
