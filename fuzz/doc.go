// Package fuzz holds tcpcheck's native Go fuzz targets. They use only the
// exported APIs of the packages they exercise, so a finding is a bug a user
// of those APIs could hit.
//
// Codec targets (codec_test.go):
//   - FuzzSegmentDecode: Segment.Decode, Wire.Reset and Packet.Decode never
//     panic, and agree with each other on what they accept.
//   - FuzzSegmentRoundTrip: a decodable segment encodes back to its bytes, and
//     decoding that gives the same Segment.
//   - FuzzChecksum: Sum, Checksum, FillChecksum and VerifyChecksum agree with
//     a slow RFC 1071 reference that adds 16-bit words one at a time.
//   - FuzzIPDecode: IPHeader.Decode never panics; an accepted header
//     re-encodes (without options) and decodes to the same fields.
//
// Run one target with an anchored pattern, for example
//
//	go test ./fuzz -run='^$' -fuzz='^FuzzSegmentDecode$' -fuzztime=30s
//
// or all of them in turn with make fuzz.
package fuzz
