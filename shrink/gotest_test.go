package shrink

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tcpcheck/runner"
	"tcpcheck/script"
)

// goTestRuns writes a generated test into a fresh folder of this module
// (under testdata, which ./... leaves out), runs go vet and go test on it
// and returns go test's output and whether it passed.
func goTestRuns(t *testing.T, src []byte) (string, bool) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to compile the generated test: %v", err)
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("testdata", "gotest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.RemoveAll(dir)
		os.Remove("testdata") // when nothing else is there
	})
	if err := os.WriteFile(filepath.Join(dir, "regression_test.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	pkg := "./" + filepath.ToSlash(dir)
	if out, err := exec.Command(gobin, "vet", pkg).CombinedOutput(); err != nil {
		t.Fatalf("go vet: %v\n%s\n%s", err, out, src)
	}
	out, err := exec.Command(gobin, "test", "-count=1", "-v", pkg).CombinedOutput()
	return string(out), err == nil
}

// The regression test of a monitor violation found on a broken endpoint
// passes against the reference endpoint, whose monitors all hold.
func TestGoTestOfViolationRuns(t *testing.T) {
	r := resetRepro(t)
	src, err := r.GoTest("regressions", "corpus/regressions/"+r.Name()+".pkt")
	if err != nil {
		t.Fatal(err)
	}
	out, ok := goTestRuns(t, src)
	if !ok || !strings.Contains(out, "--- PASS: TestBlindResetResistance_"+r.Hash()) {
		t.Fatalf("want a pass:\n%s\n%s", out, src)
	}
}

// The regression test of a mismatch fails while the endpoint differs from
// the script, naming the difference.
func TestGoTestOfMismatchFails(t *testing.T) {
	s := readScript(t, "../corpus/scripts/close/active-close-data.pkt")
	s.Lines[len(s.Lines)-1].Event.(*script.Packet).Ack++
	res, err := ScriptLines(s, runner.Options{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := ScriptRepro(res, runner.Options{}, "test")
	src, err := r.GoTest("regressions", "")
	if err != nil {
		t.Fatal(err)
	}
	out, ok := goTestRuns(t, src)
	if ok || !strings.Contains(out, "the endpoint differs from the script") || !strings.Contains(out, "expected . 52:52(0) ack 303") {
		t.Fatalf("want a failure naming the mismatch:\n%s", out)
	}
}
