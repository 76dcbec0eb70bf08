package main

import "time"

// Status is how one target's run ended.
type Status uint8

// The statuses, from best to worst.
const (
	StatusOK          Status = iota // fuzzed for the whole time, nothing found
	StatusFinding                   // a failing input was found (or a stored one still fails)
	StatusFailed                    // go test failed without a failing input (see its output)
	StatusBuildFailed               // the package did not build
	StatusTimeout                   // killed after FUZZTIME plus the grace period
	StatusMissing                   // the package has no such fuzz target
	StatusInterrupted               // stopped by an interrupt
	StatusNotRun                    // not reached: the campaign was interrupted before it
)

var statusNames = [...]string{"ok", "FINDING", "FAILED", "BUILD FAILED", "TIMEOUT", "NO SUCH TARGET", "interrupted", "not run"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "?"
}

// Outcome accumulates what go test reported for one target. Apply is pure:
// it only reads the parsed line.
type Outcome struct {
	Elapsed      time.Duration
	Execs        uint64
	Corpus       int // corpus size at the last report
	New          int // new interesting inputs this run
	Baseline     int // inputs in the corpus before fuzzing (seeds, testdata, cache)
	Workers      int
	Crashers     []string // files written by this run, relative to the package directory
	SeedFailures []string // stored inputs that failed before fuzzing: FuzzX/NAME
	BuildFailed  bool
	NoTarget     bool
	Failed       bool // a --- FAIL line was seen
	// DeadlineRace: go test reported "context deadline exceeded" when
	// -fuzztime ran out: a race in Go 1.26's fuzzing engine
	// (golang/go#75804), not a finding when no input was written.
	DeadlineRace bool
}

// Apply folds one parsed line into o.
func (o *Outcome) Apply(l Line) {
	switch l.Kind {
	case LineBaseline:
		o.Elapsed, o.Baseline, o.Corpus = l.Elapsed, l.Corpus, l.Corpus
		if l.Workers > 0 {
			o.Workers = l.Workers
		}
	case LineProgress:
		o.Elapsed, o.Execs = l.Elapsed, l.Execs
		if l.Corpus > 0 {
			o.Corpus, o.New = l.Corpus, l.New
		}
	case LineMinimizing:
		if l.Elapsed > o.Elapsed {
			o.Elapsed = l.Elapsed
		}
	case LineFailingFile:
		o.Crashers = append(o.Crashers, l.Path)
	case LineSeedFailure:
		o.SeedFailures = append(o.SeedFailures, l.Name)
	case LineNoTarget:
		o.NoTarget = true
	case LineBuildFailed:
		o.BuildFailed = true
	case LineFail:
		o.Failed = true
	case LineDeadline:
		o.DeadlineRace = true
	}
}

// Rate is the average execs per second over the run.
func (o *Outcome) Rate() float64 {
	if o.Elapsed <= 0 {
		return 0
	}
	return float64(o.Execs) / o.Elapsed.Seconds()
}

// status decides how the run ended from what was reported and go test's
// exit code; timedOut and interrupted say whether the campaign killed it.
func (o *Outcome) status(exit int, timedOut, interrupted bool) Status {
	switch {
	case interrupted:
		return StatusInterrupted
	case len(o.Crashers) > 0 || len(o.SeedFailures) > 0:
		return StatusFinding
	case timedOut:
		return StatusTimeout
	case o.NoTarget:
		return StatusMissing
	case o.BuildFailed:
		return StatusBuildFailed
	case (exit != 0 || o.Failed) && !o.DeadlineRace:
		return StatusFailed
	}
	return StatusOK
}
