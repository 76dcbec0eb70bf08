// Package segment decodes and encodes TCP segments (RFC 9293 §3.1) and the
// IPv4 and IPv6 headers that carry them, and computes their checksums.
//
// Two views of a segment:
//   - Wire is a read-only view of the bytes. Wire.Reset checks the length and
//     data offset once; afterwards no accessor can panic.
//   - Segment is the typed representation: every header field, the options
//     and the payload. Segment.Decode fills it from bytes; Segment.AppendTo
//     encodes it.
//
// Options (RFC 9293 §3.2): End of Option List, No-Operation, MSS, window
// scale (RFC 7323 §2), SACK-permitted and SACK with 1 to 4 blocks (RFC 2018),
// and timestamps (RFC 7323 §3) have typed accessors; every other kind (MD5,
// TCP-AO, MPTCP, Fast Open, experimental, unknown) is kept opaque as its kind
// and bytes. The option area is held in a fixed 40-byte array, and bytes
// after End of Option List are kept, so encoding a decoded segment gives the
// input back byte for byte, reserved flag bits and checksum included.
//
// Contract:
//   - No panics, on any input. Every accessor and decoder is total; every
//     bound is checked before the read.
//   - No allocation in Decode, Reset, AppendTo (given capacity), the option
//     builders, Sum, Checksum, FillChecksum and VerifyChecksum, on success and
//     on failure alike. This package does not import fmt.
//   - Aliasing: Segment.Payload, Wire.Options, Wire.Payload, Packet.Segment
//     and the payload returned by IPHeader.Decode are views into the buffer
//     that was decoded; they change if it changes. Options.Bytes, Option.Data
//     and Options.SACK are views into the Options value. Nothing is copied
//     from the input except the option area (at most 40 bytes).
//   - Errors: a malformed header gives an *Error naming what is wrong
//     (ErrorCode), the byte offset of the offending field and the value found.
//     It lives in the value decoded into (Segment, Wire, IPHeader, Packet),
//     which is how reporting it avoids allocation; the next decode into that
//     value overwrites it. Builders return sentinel errors.
//   - A window scale shift above 14 is not a decode error: Options.WScale
//     reports 14, as RFC 7323 §2.3 requires, and Segment.Warning flags it.
//   - Checksums follow RFC 1071 over the pseudo-headers of RFC 9293 §3.1
//     (IPv4) and RFC 8200 §8.1 (IPv6, 32-bit upper-layer length, so
//     jumbograms of RFC 2675 work).
//   - IP carriers: IPHeader decodes IPv4 (skipping options) and IPv6
//     (skipping hop-by-hop, routing and destination-options headers, reading
//     a Jumbo Payload option); fragments are reported as unsupported
//     (ErrIPFragment).
package segment
