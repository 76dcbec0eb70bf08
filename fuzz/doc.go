// Package fuzz holds tcpcheck's fuzz targets. They use only the exported
// APIs of the packages they exercise, so a finding is a bug a user of those
// APIs could hit.
//
// Each target's body is an exported function of one []byte input that
// returns nil or a *Failure (the target, the property broken, the message
// and, for the endpoint targets, the script that reproduces it). All lists
// them as Entry{Name, Check}, so that other engines call the same code: the
// native targets (FuzzX in the test files) wrap them, and so do the go-fuzz
// and libFuzzer entry points. The functions reuse their state between
// inputs under a mutex; after the first input, the codec and world targets
// allocate nothing per input (allocs_test.go).
//
// Targets:
//   - FuzzSegmentDecode (SegmentDecode): Segment.Decode, Wire.Reset and
//     Packet.Decode never panic and agree on what they accept; errors carry
//     an offset within the input.
//   - FuzzSegmentRoundTrip (SegmentRoundTrip): encode(decode(b)) == b and
//     decode(encode(r)) == r.
//   - FuzzChecksum (Checksum): the fast checksums agree with an RFC 1071
//     reference; the input's first byte chooses the pseudo-header (bit 0:
//     IPv6), the rest is the segment.
//   - FuzzIPDecode (IPDecode): IPHeader.Decode never panics; an accepted
//     header re-encodes and decodes to the same fields.
//   - FuzzParse (Parse): the script parser never panics, fails only with a
//     *script.Error, and parse(print(s)) == s.
//   - FuzzRun (Run): any script that parses runs against the endpoint
//     without a panic.
//   - FuzzOpenWorld (OpenWorld): the input is an open-world scenario
//     (properties.DecodeScenario's fixed-width records) run against the
//     reference endpoint with every monitor checked after every event.
//   - FuzzClosedWorld (ClosedWorld): the input is a closed world
//     (closedworld.Decode: a 19-byte header deciding both applications'
//     opens, sizes, closes, shutdowns, aborts and timing, the delay and the
//     heal time, then two fault bytes per segment); every monitor on both
//     endpoints, the simulator's caps, then StreamIntegrity, StreamComplete
//     and EventualClose where they apply.
//   - FuzzOpenWorldRapid, FuzzClosedWorldRapid: the same properties over
//     rapid's generators under rapid.MakeFuzz (native targets only: rapid
//     needs a *testing.T).
//   - FuzzEmpty: nothing; its execs/s is the engine's own cost.
//
// Seeds: besides a few typed values, every target adds every script under
// corpus/scripts, corpus/seeds and corpus/regressions, encoded for it by
// its converter (convert.Lookup(name).FromScript), so plain go test ./fuzz
// replays them all. convert.Lookup(name).ToScript shows any input as a
// script.
//
// Run one target with an anchored pattern, for example
//
//	go test ./fuzz -run='^$' -fuzz='^FuzzOpenWorld$' -fuzztime=30s
//
// or all of them in turn with make fuzz.
package fuzz
