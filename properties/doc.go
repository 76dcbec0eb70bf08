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
//     keeps the first violation. It passes each monitor only the kinds of
//     event it reads, works out each segment's facts once, and keeps one
//     copy of what several monitors infer alike (the defence view, the
//     receive bounds, the current stimulus) instead of one each; what
//     every monitor reports is the same as when it sees every event alone
//     (dispatch.go). The monitors given to a Checker are its own: observe
//     through it.
package properties
