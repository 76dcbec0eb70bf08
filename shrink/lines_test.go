package shrink

import (
	"errors"
	"os"
	"strings"
	"testing"

	"tcpcheck/runner"
	"tcpcheck/script"
)

func readScript(t testing.TB, path string) *script.Script {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := script.Parse(path, src)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A corpus script whose last line expects the wrong ACK: the mismatch
// stays on that line while everything that does not lead to it goes.
func TestScriptLinesKeepsTheMismatch(t *testing.T) {
	s := readScript(t, "../corpus/scripts/close/active-close-data.pkt")
	last := s.Lines[len(s.Lines)-1].Event.(*script.Packet)
	last.Ack++ // expect ack 303: the endpoint sends 302
	res, err := ScriptLines(s, runner.Options{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s\n%s", res.Failure.String(), res.Script)
	if res.Failure.Kind != Mismatch || res.Failure.Class != "different ack" || res.Failure.Line != "'>' line" {
		t.Fatalf("failure %+v", res.Failure)
	}
	if res.Failed != len(res.Script.Lines)-1 {
		t.Errorf("fails at line %d of %d", res.Failed, len(res.Script.Lines))
	}
	if got := res.Script.Lines[res.Failed].Event.(*script.Packet); got.Ack != last.Ack {
		t.Errorf("failing line changed: %+v", got)
	}
	if res.Stats.Minimal >= res.Stats.Original {
		t.Errorf("not shrunk: %d -> %d", res.Stats.Original, res.Stats.Minimal)
	}
	if strings.Contains(res.Script.String(), "//") && !strings.Contains(res.Script.String(), "tcpcheck:") {
		t.Errorf("comments kept")
	}
	// 1-minimal: without any one of the lines before it, the last line no
	// longer fails that way.
	for i := 0; i < res.Failed; i++ {
		if _, ok := res.Script.Lines[i].Event.(*script.Directive); ok {
			continue
		}
		c := &script.Script{Options: res.Script.Options}
		c.Lines = append(append(c.Lines, res.Script.Lines[:i]...), res.Script.Lines[i+1:]...)
		f, at := RunScript(c, runner.Options{})
		if res.Failure.Same(&f) && at == len(c.Lines)-1 {
			t.Errorf("still fails without line %d %q", i, lineText(&res.Script.Lines[i]))
		}
	}
}

func lineText(l *script.Line) string { return string(l.AppendText(nil)) }

func TestScriptLinesPassingScript(t *testing.T) {
	s := readScript(t, "../corpus/scripts/close/active-close-data.pkt")
	if _, err := ScriptLines(s, runner.Options{}, Options{}); !errors.Is(err, ErrNoFailure) {
		t.Fatalf("err %v, want ErrNoFailure", err)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
