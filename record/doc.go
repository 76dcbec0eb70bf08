// Package record writes one endpoint's own view of a run as packetdrill
// script lines, in the conventions package runner replays (see runner's
// package doc), so that the view of an endpoint that broke a property is a
// standalone repro:
//   - '<' lines are the segments delivered to the endpoint, '>' lines the
//     segments it sent, syscall lines its application's calls with the
//     results package sock gives; times are absolute, in microseconds;
//   - the endpoint's own sequence numbers are relative to its ISN, learned
//     from its latest SYN as the runner learns it (absolute before the
//     first); the peer's are as sent. ACK fields and SACK blocks of '<'
//     lines are relative, those of '>' lines as sent;
//   - TS val of '>' lines is the endpoint's own, so the runner's TS offset
//     is 0 and TS ecr of '<' lines is as sent;
//   - a segment without any of the eight classic flags has no packetdrill
//     notation: it is written as a comment (Lines.Unwritable says how many).
//
// Lines builds the body; Header the comments and directives ("tcpcheck:
// isn", "tcpcheck: config", see runner.ISNKey and runner.ConfigKey) that let
// runner.Run replay it against a fresh endpoint with no other input.
//
// Recording allocates (it builds a script); callers switch it off where a
// hot path must not allocate. Used by package sim (per-endpoint scripts of a
// simulation) and package convert (an observe sink over any endpoint).
package record
