package shrink

import (
	"strings"
	"testing"

	"tcpcheck/mutants"
)

func TestLadderMarksTheViolation(t *testing.T) {
	sc := resetScenario(30)
	res, err := Scenario(&sc, Options{Build: mutants.RSTAnywhere.Build})
	if err != nil {
		t.Fatal(err)
	}
	tr := RecordScenario(&res.Scenario, mutants.RSTAnywhere.Build)
	if !tr.Failure.Same(&res.Failure) {
		t.Fatalf("recorded %s, shrunk %s", tr.Failure.String(), res.Failure.String())
	}
	var b strings.Builder
	if err := tr.Ladder(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	t.Logf("\n%s", out)
	marked := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.HasSuffix(l, "<== BlindResetResistance") {
			marked++
			if !strings.Contains(l, "CLOSED") {
				t.Errorf("marker on %q, want the change to CLOSED", l)
			}
		}
	}
	if marked != 1 {
		t.Errorf("%d marked rows, want 1", marked)
	}
	for _, want := range []string{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "<-", "->|", "S 0:0(0)", "S. 0:0(0) ack 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("ladder lacks %q", want)
		}
	}
}
