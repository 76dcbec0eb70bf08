// Package convert turns tcpcheck's traces into one another: an endpoint's
// observed events into a packetdrill script (Recorder), a script's stimuli
// into an open-world scenario and back (ScenarioFromScript,
// ScriptFromScenario, CheckScript), native Go fuzz corpus files into bytes
// and back (ReadCorpusFile, ParseCorpus, FormatCorpus), and the input of
// every fuzz target of package fuzz into a script and corpus scripts into
// its seeds (Targets, Lookup).
//
// Contract:
//   - A recorded script follows runner's conventions (package record):
//     runner.Run replays it against a fresh reference endpoint and it
//     passes, up to the first stimulus the script cannot express, which
//     Recorder.Inexact and a header comment name (a segment without any of
//     the eight flags; a call the sockets API cannot make, such as a send
//     on a half-open passive connection, or an abort after close).
//   - ScenarioFromScript keeps what a Scenario can say exactly (flags,
//     sequence and acknowledgment numbers, windows, lengths, calls, times
//     to the millisecond) and lets the Scenario choose option values; what
//     it cannot say is an *Error naming the line as file:line:col.
//     Recording a scenario, reading the script back and recording again
//     gives the same segments and the same verdict.
//   - ScriptFromScenario and CheckScript run the reference endpoint under
//     every monitor (properties.OpenWorld) and do not recover its panics.
//   - Corpus files: ParseCorpus accepts what go test writes for a target
//     of one []byte argument; errors are *Error with "file:line".
//     FormatCorpus(b) parses back to b.
//   - Target converters never panic on any input; ToScript errors name the
//     byte offset where the input stops making sense (the decoder's
//     error). The rapid-driven targets' inputs are rapid's own bit stream,
//     which rapid decodes only inside a test: their ToScript returns
//     ErrRapidInput (the failing test prints the script instead) and their
//     FromScript an error.
package convert
