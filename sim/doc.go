// Package sim is a deterministic network simulator for TCP endpoints: two
// or more endpoints, each driven by its own small application, exchange
// encoded segments over links that lose, duplicate, reorder, delay and
// corrupt them, in virtual time.
//
// Contract:
//   - Deterministic. A run is a function of the Config, the endpoints'
//     ISNs and the seed: the generator is the package's own (Rand,
//     SplitMix64), never math/rand's global state, and there are no
//     goroutines, clocks or real time. A Faults implementation may decide
//     each segment's fate instead (ByteFaults reads them from fuzz input).
//   - Virtual time jumps to the next event: the earliest of the deliveries
//     in flight, the endpoints' deadlines (fsm.Result.Deadline) and the
//     applications' pending actions. At equal times deadlines go first and
//     other events run in the order they were queued. Deliveries and
//     application calls happen on whole microseconds (packetdrill's
//     resolution); timers fire at their exact deadline.
//   - Segments travel as bytes: encoded (segment.Segment.AppendTo) with the
//     checksum over the endpoints' addresses (segment.FillChecksum), once:
//     the bytes the probe encoded for its Output event (observe.Probe.Wire)
//     are the ones sent. On delivery a copy a fault corrupted is verified
//     (segment.VerifyChecksum) and dropped, RFC 9293 §3.1; an intact one
//     verifies by construction. Then it is decoded and demultiplexed by
//     address and ports. Faults stop for segments sent at or after
//     Config.Heal.
//   - Every endpoint is an observe.Probe around an fsm.Endpoint, or around
//     what Node.Build makes (a deliberately broken endpoint, for tests), so
//     every event reaches the endpoint's sink (Node.Sink, SetSink), for
//     example a properties.Checker. This package does not import
//     properties: it sits below it.
//   - Each application opens (connect or listen), writes bytes from a
//     pattern fixed by writer and offset, reads and checks them, shuts down,
//     closes or aborts, at given times or on triggers (connected, bytes
//     received, end of stream); see Action. It sees its endpoint through
//     the socket calls package sock offers, with sock's results (app.go).
//   - Checks return nil or a *Violation naming the property (Property):
//     StreamIntegrity, StreamComplete and EventualClose on a finished run;
//     Determinism and SeqOffsetInvariance compare two Traces. Run itself
//     stops with OutputBounded when a run exceeds its cap on segments or
//     steps, instead of looping, and with WellFormedOutput when a segment
//     with a correct checksum does not decode.
//   - Recording (Config.Record): each endpoint's own view of the run is a
//     packetdrill script (Script) that runner.Run replays against a fresh
//     endpoint with the same fsm.Config and ISN (a "tcpcheck: isn"
//     directive), so the view of an endpoint that broke a property is a
//     standalone repro, with a "tcpcheck: config" directive for the fields
//     of its fsm.Config that differ from the defaults. See record.go and
//     package record for the conventions.
//   - No allocation per run after the first: Reset and Run reuse every
//     buffer (packet slots, event queue, trace); recording scripts
//     allocates, so it is off unless asked for. No fmt in the simulation
//     path. SetActions, SetConfig (keeping the buffer sizes), SetISN,
//     SetLink and SetHeal change a simulation between runs without
//     building it anew.
//
// Exchange builds the closed-world scenario: handshake, n bytes each way,
// close, TIME-WAIT.
package sim
