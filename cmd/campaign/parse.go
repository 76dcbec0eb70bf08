package main

import (
	"strconv"
	"strings"
	"time"
)

// LineKind says what a line of `go test -fuzz` output reports.
type LineKind uint8

// The lines the campaign understands; anything else is LineOther.
const (
	LineOther       LineKind = iota
	LineBaseline             // fuzz: elapsed: 0s, gathering baseline coverage: 3/12 completed[, now fuzzing with N workers]
	LineProgress             // fuzz: elapsed: 3s, execs: 123 (41/sec), new interesting: 4 (total: 20)
	LineMinimizing           // fuzz: minimizing N-byte failing input file / fuzz: elapsed: 0s, minimizing
	LineFailingFile          // Failing input written to testdata/fuzz/FuzzX/HASH
	LineSeedFailure          // failure while testing seed corpus entry: FuzzX/HASH
	LineRerun                // go test -run=FuzzX/HASH
	LineNoTarget             // testing: warning: no fuzz tests to fuzz
	LineBuildFailed          // FAIL	pkg [build failed] / [setup failed]
	LinePass                 // ok  	pkg	8.1s / PASS
	LineDeadline             // context deadline exceeded: go test's fuzzer stopping at -fuzztime (golang/go#75804)
	LineFail                 // --- FAIL: FuzzX (0.49s)
)

// Line is one parsed line. Only the fields of its Kind are set.
type Line struct {
	Kind    LineKind
	Elapsed time.Duration // Baseline, Progress, Minimizing (when given)
	Execs   uint64        // Progress
	Rate    uint64        // Progress: execs per second over the last interval
	New     int           // Progress: new interesting inputs this run
	Corpus  int           // Progress: corpus size (seed and cached inputs plus New); Baseline: inputs to run
	Done    int           // Baseline: inputs run so far
	Workers int           // Baseline: set on the last baseline line
	Path    string        // FailingFile: the file, relative to the package directory
	Name    string        // SeedFailure, Rerun: FuzzX/HASH (or FuzzX/seed#N)
}

// ParseLine classifies one line of go test output. It never fails: a line
// it does not know, or a known line with a malformed number, is LineOther.
func ParseLine(s string) Line {
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "fuzz: elapsed: "):
		return parseStats(t[len("fuzz: elapsed: "):])
	case strings.HasPrefix(t, "fuzz: minimizing"):
		return Line{Kind: LineMinimizing}
	case strings.HasPrefix(t, "Failing input written to "):
		return Line{Kind: LineFailingFile, Path: strings.TrimPrefix(t, "Failing input written to ")}
	case strings.HasPrefix(t, "failure while testing seed corpus entry: "):
		return Line{Kind: LineSeedFailure, Name: strings.TrimPrefix(t, "failure while testing seed corpus entry: ")}
	case strings.HasPrefix(t, "go test -run="):
		return Line{Kind: LineRerun, Name: strings.TrimPrefix(t, "go test -run=")}
	case t == "context deadline exceeded":
		return Line{Kind: LineDeadline}
	case t == "testing: warning: no fuzz tests to fuzz":
		return Line{Kind: LineNoTarget}
	case strings.HasPrefix(t, "FAIL") && (strings.HasSuffix(t, "[build failed]") || strings.HasSuffix(t, "[setup failed]")):
		return Line{Kind: LineBuildFailed}
	case t == "PASS" || strings.HasPrefix(t, "ok  "):
		return Line{Kind: LinePass}
	case strings.HasPrefix(s, "--- FAIL: "):
		return Line{Kind: LineFail, Name: firstWord(s[len("--- FAIL: "):])}
	}
	return Line{}
}

// parseStats parses what follows "fuzz: elapsed: ".
func parseStats(s string) Line {
	head, rest, _ := strings.Cut(s, ", ")
	d, err := time.ParseDuration(head)
	if err != nil {
		return Line{}
	}
	switch {
	case rest == "minimizing":
		return Line{Kind: LineMinimizing, Elapsed: d}
	case strings.HasPrefix(rest, "gathering baseline coverage: "), strings.HasPrefix(rest, "testing seed corpus: "):
		return parseBaseline(d, rest)
	case strings.HasPrefix(rest, "execs: "):
		return parseProgress(d, rest)
	}
	return Line{}
}

// parseBaseline: "gathering baseline coverage: 3/12 completed[, now fuzzing with 2 workers]".
func parseBaseline(d time.Duration, s string) Line {
	_, s, _ = strings.Cut(s, ": ")
	frac, s, _ := strings.Cut(s, " completed")
	a, b, ok := strings.Cut(frac, "/")
	done, err1 := strconv.Atoi(a)
	total, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return Line{}
	}
	l := Line{Kind: LineBaseline, Elapsed: d, Done: done, Corpus: total}
	if w, found := strings.CutPrefix(s, ", now fuzzing with "); found {
		l.Workers, _ = strconv.Atoi(firstWord(w))
	}
	return l
}

// parseProgress: "execs: 123 (41/sec), new interesting: 4 (total: 20)"; the
// part from ", new interesting" is absent without coverage instrumentation.
func parseProgress(d time.Duration, s string) Line {
	var l Line
	var ok bool
	s = strings.TrimPrefix(s, "execs: ")
	if l.Execs, s, ok = number(s); !ok {
		return Line{}
	}
	s = strings.TrimPrefix(s, " (")
	if l.Rate, s, ok = number(s); !ok || !strings.HasPrefix(s, "/sec)") {
		return Line{}
	}
	l.Kind, l.Elapsed = LineProgress, d
	s = strings.TrimPrefix(s, "/sec)")
	if s, ok = strings.CutPrefix(s, ", new interesting: "); !ok {
		return l
	}
	n, s, ok1 := number(s)
	s, ok2 := strings.CutPrefix(s, " (total: ")
	total, _, ok3 := number(s)
	if !ok1 || !ok2 || !ok3 {
		return Line{}
	}
	l.New, l.Corpus = int(n), int(total)
	return l
}

// number reads the decimal digits at the start of s.
func number(s string) (uint64, string, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.ParseUint(s[:i], 10, 64)
	return n, s[i:], err == nil
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}
