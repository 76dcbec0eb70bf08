// Command campaign is make fuzz: it fuzzes every target in turn, reports
// progress and a summary, turns findings into regression scripts, and ends
// with the state-coverage report (package coverage).
//
//	campaign -targets 'PKG:FuzzX ...' [-only 'FuzzX ...'] [-fuzztime 30s] [-minimize 200x] [-parallel N]
//	         [-grace 5m] [-findings corpus/regressions] [-out fuzz-out] [-corpus corpus]
//	campaign -coverage-only -targets 'PKG:FuzzX ...'
//
// Run it from the module root. Each target gets one
//
//	go test PKG -run='^$' -fuzz='^FuzzX$' -fuzztime=T -parallel=N -fuzzminimizetime=M
//
// -minimize (M, default 200x) bounds how long go test minimizes each new
// interesting input: its own default, 60 s per input, can take half of a
// short campaign from a target that finds many. Crashers are shrunk
// afterwards by cmd/shrink anyway.
//
// (anchored patterns: go test fuzzes one target per run and -fuzz is a
// regular expression). Every statistics line go test prints becomes a line
// "FuzzX  elapsed 6s  execs 129408 (24245/s)  corpus 49  new 45"; on a
// terminal it is rewritten in place, otherwise no control codes are
// written. go test's other lines are shown indented.
//
// A target that runs past -fuzztime plus -grace (build, baseline coverage,
// minimizing a crasher) is stopped and reported as TIMEOUT; an interrupt
// (Ctrl-C, SIGTERM) stops the running go test, and the summary so far is
// printed. The campaign never runs a target twice.
//
// A finding is an input go test wrote to PKG/testdata/fuzz/FuzzX/HASH, or a
// stored input that still fails. It is shrunk by cmd/shrink when the module
// has it, otherwise converted as is (convert.Lookup(FuzzX).ToScript), into
// -findings/FuzzX-HASH.pkt; targets without a script form keep only the
// crasher. Either way the crasher stays under testdata, so go test replays
// it, and the summary prints the commands that reproduce it:
//
//	go run ./cmd/tcpcheck run corpus/regressions/FuzzX-HASH.pkt
//	go test PKG -run=FuzzX/HASH
//
// The coverage report replays the stored inputs of the endpoint targets of
// -targets (testdata and $(go env GOCACHE)/fuzz) and the scripts under
// -corpus, prints the (state, segment kind) table and the RFC 9293 Figure 5
// transitions, and writes -out/coverage.dot, with coverage.svg and
// coverage.png when Graphviz's dot is on PATH.
//
// Exit status: 0 when every target ran clean, 1 on a finding or a target
// that failed (build, timeout), 2 on bad usage or a target that does not
// exist, 130 when interrupted.
package main
