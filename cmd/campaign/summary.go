package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// writeSummary prints a row per target (status, time, execs, execs/s,
// corpus, new inputs, findings), then every finding with what was done and
// the commands that reproduce it.
func writeSummary(w io.Writer, res []Result) {
	width := len("target")
	for _, r := range res {
		width = max(width, len(r.Target.String()))
	}
	row := func(target, status, elapsed string, execs uint64, rate float64, corpus, newIn, found string) {
		fmt.Fprintf(w, "%-*s  %-14s %8s %12d %9.0f %7s %6s %8s\n", width, target, status, elapsed, execs, rate, corpus, newIn, found)
	}
	fmt.Fprintf(w, "\nSummary\n%-*s  %-14s %8s %12s %9s %7s %6s %8s\n",
		width, "target", "status", "elapsed", "execs", "execs/s", "corpus", "new", "findings")
	var execs uint64
	var elapsed time.Duration
	var newInputs, found int
	for i := range res {
		r := &res[i]
		o := &r.Outcome
		n := len(r.Findings)
		if n == 0 && r.Status == StatusFinding {
			n = len(o.Crashers) + len(o.SeedFailures)
		}
		row(r.Target.String(), r.Status.String(), o.Elapsed.String(), o.Execs, o.Rate(), strconv.Itoa(o.Corpus), strconv.Itoa(o.New), strconv.Itoa(n))
		execs, elapsed, newInputs, found = execs+o.Execs, elapsed+o.Elapsed, newInputs+o.New, found+n
	}
	rate := 0.0
	if elapsed > 0 {
		rate = float64(execs) / elapsed.Seconds()
	}
	row("total", "", elapsed.String(), execs, rate, "", strconv.Itoa(newInputs), strconv.Itoa(found))
	writeRatios(w, res)
	writeFindings(w, res)
}

// writeRatios prints each target's execs/s as a share of FuzzEmpty's, the
// engine's own cost measured in the same campaign, when FuzzEmpty ran.
func writeRatios(w io.Writer, res []Result) {
	var empty float64
	for _, r := range res {
		if r.Target.Name == "FuzzEmpty" && r.Outcome.Execs > 0 {
			empty = r.Outcome.Rate()
		}
	}
	if empty == 0 {
		return
	}
	var parts []string
	for _, r := range res {
		if r.Target.Name != "FuzzEmpty" && r.Outcome.Execs > 0 {
			parts = append(parts, fmt.Sprintf("%s %.2f", r.Target.Name, r.Outcome.Rate()/empty))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "execs/s as a share of FuzzEmpty's (%.0f/s): %s\n", empty, strings.Join(parts, ", "))
	}
}

func writeFindings(w io.Writer, res []Result) {
	for i := range res {
		for _, f := range res[i].Findings {
			fmt.Fprintf(w, "\nFINDING %s", f.Target)
			if f.Crasher != "" {
				fmt.Fprintf(w, " %s", f.Crasher)
			}
			fmt.Fprintln(w)
			for _, n := range f.Notes {
				fmt.Fprintf(w, "  %s\n", n)
			}
			fmt.Fprintf(w, "  reproduce:\n    %s\n", strings.Join(f.Repro, "\n    "))
		}
	}
}

// exitCode is the campaign's exit status: 130 when interrupted, 2 when a
// target named does not exist, 1 for any finding or failure, else 0.
func exitCode(res []Result) int {
	code := 0
	for _, r := range res {
		switch r.Status {
		case StatusInterrupted, StatusNotRun:
			return 130
		case StatusMissing:
			code = 2
		case StatusOK:
		default:
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}
