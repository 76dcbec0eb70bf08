package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/coverage"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

func TestCoverageSources(t *testing.T) {
	targets := []Target{{"./fuzz", "FuzzSegmentDecode"}, {"./fuzz", "FuzzOpenWorld"}, {"./runner", "FuzzRun"}}
	got := coverageSources(targets, "/m", "tcpcheck", "/cache", "corpus")
	want := []coverage.Source{
		{Target: "FuzzOpenWorld", Dirs: []string{"/m/fuzz/testdata/fuzz/FuzzOpenWorld", "/cache/fuzz/tcpcheck/fuzz/FuzzOpenWorld"}},
		{Target: "FuzzRun", Dirs: []string{"/m/runner/testdata/fuzz/FuzzRun", "/cache/fuzz/tcpcheck/runner/FuzzRun"}},
		{Dirs: []string{"/m/corpus"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sources\n got %+v\nwant %+v", got, want)
	}
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCoverageReport replays a corpus laid out as go test leaves it: one
// open-world input in testdata, another in the build cache (found through
// go env GOCACHE), and a script, then checks the report and the files.
func TestCoverageReport(t *testing.T) {
	root, cache := t.TempDir(), t.TempDir()
	syn := properties.Step{Kind: properties.StepSegment, Flags: segment.SYN, Seq: properties.Anchored{Anchor: properties.AtPeerISN}, Window: 100}
	passive := properties.Scenario{Passive: true, Steps: []properties.Step{syn}}
	active := properties.Scenario{}
	enc := func(sc *properties.Scenario) string {
		return "go test fuzz v1\n[]byte(" + strconv.Quote(string(properties.AppendScenario(nil, sc))) + ")\n"
	}
	writeFile(t, filepath.Join(root, "fuzz/testdata/fuzz/FuzzOpenWorld/a"), enc(&passive))
	writeFile(t, filepath.Join(cache, "fuzz/tcpcheck/fuzz/FuzzOpenWorld/b"), enc(&active))
	writeFile(t, filepath.Join(root, "corpus/scripts/x.pkt"), "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n")
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{"GOCACHE": {lines: []string{cache}}}}
	cfg := &config{all: []Target{{"./fuzz", "FuzzOpenWorld"}, {"./fuzz", "FuzzChecksum"}}, goCmd: "go", corpus: "corpus", out: "fuzz-out"}
	var out strings.Builder
	if err := coverageReport(context.Background(), &out, cfg, root, "tcpcheck", fr); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, s := range []string{
		"State coverage: 3 inputs replayed through the reference endpoint, 0 skipped, 1 segments",
		"  FuzzOpenWorld               2 replayed      0 skipped",
		"  scripts                     1 replayed      0 skipped",
		"  CLOSED       -> LISTEN       passive OPEN / create TCB                   2",
		"  CLOSED       -> SYN-SENT     active OPEN / create TCB, snd SYN           1",
		"  LISTEN       -> SYN-RECEIVED rcv SYN / snd SYN,ACK                       1",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q:\n%s", s, text)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "fuzz-out", "coverage.dot")); err != nil {
		t.Error(err)
	}
	if _, err := exec.LookPath("dot"); err != nil {
		if !strings.Contains(text, "Graphviz is not installed") {
			t.Errorf("no hint about Graphviz:\n%s", text)
		}
		return
	}
	for _, f := range []string{"coverage.svg", "coverage.png"} {
		if st, err := os.Stat(filepath.Join(root, "fuzz-out", f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}
