// Package closedworld is tcpcheck's closed world: two endpoints talking
// over the simulator (package sim), with every monitor of package
// properties on each and the liveness properties at the end. A Scenario
// fixes everything: each side's configuration (ISN, legacy mode,
// timestamps, window scale, buffers, MSS) and application (how it opens,
// how much it writes, whether it closes, shuts down or aborts, after what
// and when), and the network (delay, then loss, duplication, corruption
// and reordering until a heal time, with probabilities drawn from a seed
// or as fault bytes decide).
//
// Contract:
//   - Every byte string decodes to a Scenario (Decode; the format is in
//     codec.go), so a fuzzer's mutations always reach the simulation;
//     Append encodes a Scenario back, within the format's ranges.
//     Scenarios and GopterScenarios draw them for rapid and gopter;
//     FuzzScenarios draws them for rapid.MakeFuzz with sizes bounded like
//     the byte format's (sends, heal time, loss, fault bytes), so that an
//     input costs tens of segments rather than hundreds.
//   - World.Run plays a Scenario and returns nil or the first *Failure: a
//     monitor violated on either endpoint (earliest first), a run that
//     broke its caps or sent a segment that does not decode
//     (OutputBounded, WellFormedOutput), then StreamIntegrity always,
//     StreamComplete and EventualClose where they apply (Applies).
//   - World.Build puts another endpoint on either side: a deliberately
//     broken one (package mutants) or an adapter to another stack; the
//     monitors see only its events.
//   - A World is reused: after the first run of each shape (where the
//     faults come from, buffer sizes, a built side's configuration), a run
//     allocates nothing.
//   - Script(sc, i) replays sc with recording on and returns endpoint i's
//     view as a packetdrill script that runner.Run replays; a Failure's
//     Endpoint says whose view shows it.
//   - Deterministic: a Scenario is the whole input; the simulator's
//     generator is seeded with Scenario.Seed, and draws only for the
//     link's probabilities.
package closedworld
