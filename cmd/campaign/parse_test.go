package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// readSample returns the lines of a go test output captured in testdata.
func readSample(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

func TestParseLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Line
	}{
		{"fuzz: elapsed: 0s, gathering baseline coverage: 0/4 completed",
			Line{Kind: LineBaseline, Done: 0, Corpus: 4}},
		{"fuzz: elapsed: 1s, gathering baseline coverage: 4/4 completed, now fuzzing with 2 workers",
			Line{Kind: LineBaseline, Elapsed: time.Second, Done: 4, Corpus: 4, Workers: 2}},
		{"fuzz: elapsed: 0s, testing seed corpus: 1/3 completed",
			Line{Kind: LineBaseline, Done: 1, Corpus: 3}},
		{"fuzz: elapsed: 6s, execs: 129408 (24245/sec), new interesting: 45 (total: 49)",
			Line{Kind: LineProgress, Elapsed: 6 * time.Second, Execs: 129408, Rate: 24245, New: 45, Corpus: 49}},
		{"fuzz: elapsed: 1m3s, execs: 5 (0/sec)",
			Line{Kind: LineProgress, Elapsed: 63 * time.Second, Execs: 5}},
		{"fuzz: elapsed: 0s, minimizing", Line{Kind: LineMinimizing}},
		{"fuzz: minimizing 39-byte failing input file", Line{Kind: LineMinimizing}},
		{"    Failing input written to testdata/fuzz/FuzzCrash/4c7cc18493597f8c",
			Line{Kind: LineFailingFile, Path: "testdata/fuzz/FuzzCrash/4c7cc18493597f8c"}},
		{"failure while testing seed corpus entry: FuzzCrash/4c7cc18493597f8c",
			Line{Kind: LineSeedFailure, Name: "FuzzCrash/4c7cc18493597f8c"}},
		{"    go test -run=FuzzCrash/4c7cc18493597f8c", Line{Kind: LineRerun, Name: "FuzzCrash/4c7cc18493597f8c"}},
		{"testing: warning: no fuzz tests to fuzz", Line{Kind: LineNoTarget}},
		{"FAIL\tsample/bad [build failed]", Line{Kind: LineBuildFailed}},
		{"FAIL\tsample/bad [setup failed]", Line{Kind: LineBuildFailed}},
		{"ok  \ttcpcheck/fuzz\t8.168s", Line{Kind: LinePass}},
		{"PASS", Line{Kind: LinePass}},
		{"--- FAIL: FuzzCrash (0.49s)", Line{Kind: LineFail, Name: "FuzzCrash"}},
		// Malformed or foreign lines are LineOther, never a panic.
		{"    --- FAIL: FuzzCrash (0.00s)", Line{}},
		{"fuzz: elapsed: soon, execs: 1 (1/sec)", Line{}},
		{"fuzz: elapsed: 3s, execs: many (1/sec)", Line{}},
		{"fuzz: elapsed: 3s, execs: 12 (1/min)", Line{}},
		{"fuzz: elapsed: 3s, execs: 12 (1/sec), new interesting: x (total: 2)", Line{}},
		{"fuzz: elapsed: 3s, gathering baseline coverage: 1of2 completed", Line{}},
		{"fuzz: elapsed: 3s, something new", Line{}},
		{"fuzz: elapsed: ", Line{}},
		{"", Line{}},
		{"FAIL", Line{}},
	} {
		if got := ParseLine(tc.in); got != tc.want {
			t.Errorf("ParseLine(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

// kinds returns the kinds of the lines that are not LineOther.
func kinds(lines []string) []LineKind {
	var out []LineKind
	for _, l := range lines {
		if k := ParseLine(l).Kind; k != LineOther {
			out = append(out, k)
		}
	}
	return out
}

// TestParseSamples runs the parser over real go test output captured from
// go 1.26: a clean run of FuzzOpenWorld, a failing input, a panic, a stored
// input failing, a build failure and a pattern matching no target.
func TestParseSamples(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []LineKind
	}{
		{"openworld.txt", []LineKind{LineBaseline, LineBaseline, LineProgress, LineProgress, LineProgress, LinePass, LinePass}},
		{"ok.txt", []LineKind{LineBaseline, LineBaseline, LineProgress, LineProgress, LineProgress, LinePass, LinePass}},
		{"crash.txt", []LineKind{LineBaseline, LineBaseline, LineMinimizing, LineMinimizing, LineFail, LineFailingFile, LineRerun}},
		{"panic.txt", []LineKind{LineBaseline, LineBaseline, LineProgress, LineFail, LineFailingFile, LineRerun}},
		{"seedfail.txt", []LineKind{LineBaseline, LineSeedFailure, LineBaseline, LineFail}},
		{"bad.txt", []LineKind{LineBuildFailed}},
		{"nope.txt", []LineKind{LineNoTarget, LinePass, LinePass}},
	} {
		if got := kinds(readSample(t, tc.file)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: kinds %v, want %v", tc.file, got, tc.want)
		}
	}
}

// outcomeOf folds a sample into an Outcome.
func outcomeOf(t *testing.T, file string) Outcome {
	var o Outcome
	for _, l := range readSample(t, file) {
		o.Apply(ParseLine(l))
	}
	return o
}

func TestOutcome(t *testing.T) {
	o := outcomeOf(t, "openworld.txt")
	want := Outcome{Elapsed: 8 * time.Second, Execs: 191928, Corpus: 68, New: 64, Baseline: 4, Workers: 2}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("openworld: %+v, want %+v", o, want)
	}
	if got := o.status(0, false, false); got != StatusOK {
		t.Errorf("openworld: status %v", got)
	}
	if r := o.Rate(); r != 23991 {
		t.Errorf("openworld: rate %v, want 191928/8", r)
	}
	for _, tc := range []struct {
		file     string
		exit     int
		status   Status
		crashers []string
		seeds    []string
	}{
		{"crash.txt", 1, StatusFinding, []string{"testdata/fuzz/FuzzCrash/4c7cc18493597f8c"}, nil},
		{"panic.txt", 1, StatusFinding, []string{"testdata/fuzz/FuzzPanic/f4f49857cd651e00"}, nil},
		{"seedfail.txt", 1, StatusFinding, nil, []string{"FuzzCrash/4c7cc18493597f8c"}},
		{"bad.txt", 1, StatusBuildFailed, nil, nil},
		{"nope.txt", 0, StatusMissing, nil, nil},
	} {
		o := outcomeOf(t, tc.file)
		if got := o.status(tc.exit, false, false); got != tc.status {
			t.Errorf("%s: status %v, want %v", tc.file, got, tc.status)
		}
		if !reflect.DeepEqual(o.Crashers, tc.crashers) || !reflect.DeepEqual(o.SeedFailures, tc.seeds) {
			t.Errorf("%s: crashers %q seeds %q, want %q %q", tc.file, o.Crashers, o.SeedFailures, tc.crashers, tc.seeds)
		}
	}
	var empty Outcome
	for _, tc := range []struct {
		exit                int
		timedOut, interrupt bool
		want                Status
	}{
		{0, true, false, StatusTimeout}, {-1, true, true, StatusInterrupted}, {2, false, false, StatusFailed},
	} {
		if got := empty.status(tc.exit, tc.timedOut, tc.interrupt); got != tc.want {
			t.Errorf("status(%d, %v, %v) = %v, want %v", tc.exit, tc.timedOut, tc.interrupt, got, tc.want)
		}
	}
}

// A run that ends with go test's "context deadline exceeded" and writes no
// input is Go's fuzzing-engine race (golang/go#75804), not a failure; a
// run that also wrote an input is a finding.
func TestDeadlineRaceIsNotAFailure(t *testing.T) {
	lines := []string{
		"fuzz: elapsed: 8s, execs: 1000 (125/sec), new interesting: 0 (total: 10)",
		"--- FAIL: FuzzSegmentDecode (8.01s)",
		"    context deadline exceeded",
		"FAIL",
	}
	var o Outcome
	for _, l := range lines {
		o.Apply(ParseLine(l))
	}
	if got := o.status(1, false, false); got != StatusOK {
		t.Errorf("deadline race: status %v, want ok", got)
	}
	o.Apply(ParseLine("Failing input written to testdata/fuzz/FuzzSegmentDecode/abc"))
	if got := o.status(1, false, false); got != StatusFinding {
		t.Errorf("deadline race with an input: status %v, want FINDING", got)
	}
	var plain Outcome
	plain.Apply(ParseLine("--- FAIL: FuzzSegmentDecode (8.01s)"))
	if got := plain.status(1, false, false); got != StatusFailed {
		t.Errorf("plain failure: status %v, want FAILED", got)
	}
}
