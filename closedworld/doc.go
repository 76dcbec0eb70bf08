// Package closedworld is the closed world of tcpcheck's fuzz targets: two
// reference endpoints talking over the simulator (package sim), whose
// applications (how they open, how much they write, who closes, shuts down
// or aborts, and when) and network (delay, loss, duplication, corruption,
// reordering until a heal time) a Scenario fixes, with every monitor of
// package properties on each endpoint and the liveness properties at the
// end.
//
// Contract:
//   - Every byte string decodes to a Scenario (Decode; the format is in
//     codec.go), so a fuzzer's mutations always reach the simulation;
//     Append encodes a Scenario back. Scenarios draws them with rapid.
//   - World.Run plays a Scenario and returns nil or the first *Failure: a
//     monitor violated on either endpoint (earliest first), a run that
//     broke its caps or sent a segment that does not decode
//     (OutputBounded, WellFormedOutput), then StreamIntegrity always,
//     StreamComplete and EventualClose where they apply (Applies). A World
//     is reused: after the first runs of each shape (buffer sizes, legacy
//     mode), a run allocates nothing.
//   - Script(sc, i) replays sc with recording on and returns endpoint i's
//     view as a packetdrill script that runner.Run replays; a Failure's
//     Endpoint says whose view shows it.
//   - Deterministic: a Scenario is the whole input; the simulator's own
//     generator is not used (faults come from the Scenario's bytes).
package closedworld
