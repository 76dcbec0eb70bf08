// Package properties holds tcpcheck's invariants as online monitors over the
// trace of one TCP endpoint (package observe): segments in and out, the
// application's calls and what it was told, reported states, time.
//
// Contract:
//   - Black box: a monitor sees only observe.Events, never an implementation's
//     internals, so the same monitors check any stack that reports its state.
//   - Each monitor has a stable Name (used in repro files and reports), cites
//     the RFC rule it checks, keeps O(1) memory per connection and allocates
//     nothing per event. A Violation carries the monitor's name, the index and
//     time of the event that broke the rule and the numbers involved; its
//     message is formatted only when asked for.
//   - Every monitor can fail: the tests hold, for each, a trace it must flag
//     and one it must pass.
//   - A Checker runs a set of monitors (All by default) over one trace and
//     keeps the first violation.
package properties
