// Package shrink reduces a failing TCP trace to a minimal repro: the
// fewest and simplest stimuli that still fail the same way, written as a
// packetdrill script with a ladder diagram, a pcap and a Go regression
// test (cmd/shrink is its command line; docs/shrink.md the user guide).
//
// What a shrink keeps (Failure.Same): a monitor violation keeps its
// monitor's name; a mismatch between the endpoint and a script keeps the
// line that fails, its kind and what differs ("different ack"); a panic
// keeps the top three frames of tcpcheck's code below it; an error of a
// byte-level check keeps its class. The failure is found by running the
// input once; every candidate after that is run the same way, and a panic
// is recovered in the predicate, never let through.
//
// The inputs and how each is shrunk:
//   - An open-world scenario (properties.Scenario: a FuzzOpenWorld crasher,
//     or a script's stimuli through convert.ScenarioFromScript): Scenario.
//     First the steps after the failure go, in one run: a run stops at its
//     first violation, whose time tells which step it came at; then, in
//     rounds until nothing changes, ddmin over the steps
//     (segments, calls, waits) and simplification passes: merge waits, move
//     the ISNs to 0, drop options, clear flags that do not matter, shorten
//     payloads and byte counts, move sequence and acknowledgment numbers to
//     simple anchors (RCV.NXT, SND.NXT, the window's edges, with the
//     smallest offset), offer the plain 65535 window, round waits. Anchored
//     numbers keep their meaning as steps come and go. The repro's '>'
//     lines are re-derived by running the endpoint (ScenarioRepro).
//   - A script that fails when runner.Run replays it (a mismatch, or a
//     panic): ScriptLines, ddmin over its lines with the failing line kept
//     last, then passes over its '<' lines and times. Its '>' lines stay as
//     written: they are what the endpoint is expected to do.
//   - ShrinkScript tries both, the scenario first; PcapScript turns one
//     endpoint of a captured connection into such a script.
//   - A closed-world simulation (ShrinkSim): ddmin over the network faults
//     drawn from the seed and halving of the bytes written, then the failing
//     endpoint's view, shrunk as a scenario when it reproduces as one.
//   - Raw bytes with a check (a codec or parser fuzz crasher): Bytes, ddmin
//     over lines (text) and bytes, then bytes lowered toward zero.
//
// ddmin is Zeller and Hildebrandt's (2002), with a cache of every candidate
// tried, keyed by a 64-bit hash of its exact content, so that no candidate
// runs twice; chunks are not tried alone when there are two of them, and a
// round of complements resumes after the chunk it removed. Its result is
// 1-minimal: removing any one stimulus makes the failure go away, unless
// the budget ran out first (Stats.Exhausted).
//
// Contract:
//   - Deterministic: the same input and Options give the same result, call
//     for call, unless Options.Timeout cuts the shrink short. The cache's
//     hash seed varies between processes but only ever answers for a
//     candidate with the same content.
//   - Bounded: Options.MaxCalls and Options.Timeout stop a shrink, which
//     then returns the smallest failing input found so far.
//   - The input is never changed; the result is a copy.
//   - A predicate call over a scenario allocates nothing once the
//     properties.OpenWorld it reuses has run once (tested with
//     testing.AllocsPerRun); the cache entry is the only allocation a call
//     adds.
//   - Progress (Options.Progress) is one line per report: the pass, the
//     current length, the predicate calls and the elapsed time.
//
// A Repro's script is valid packetdrill: it parses with script.Parse and
// replays with runner.Run (tcpcheck run), its header giving the failure,
// the source and how much was shrunk, the endpoint's opening, ISN and
// configuration (the isn and config directives runner applies) and the
// replay command. Its Ladder, WritePcap and GoTest draw the same run.
package shrink
