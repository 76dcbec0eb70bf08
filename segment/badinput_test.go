package segment_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/segment"
)

// Builders of hand-made headers. Each returns a fresh slice.

// tcpWithOptions returns a 20-byte TCP header (1234 > 80, ACK) followed by
// opts, with the data offset covering them; len(opts) must be a multiple
// of 4.
func tcpWithOptions(opts ...byte) []byte {
	if len(opts)%4 != 0 {
		panic("tcpWithOptions: option area must be a multiple of 4 bytes")
	}
	b := []byte{
		0x04, 0xd2, 0x00, 0x50, // ports 1234 > 80
		0x00, 0x00, 0x00, 0x01, // seq
		0x00, 0x00, 0x00, 0x02, // ack
		0x50, 0x10, 0xff, 0xff, // data offset 5, ACK, window
		0x00, 0x00, 0x00, 0x00, // checksum, urgent
	}
	b[12] = byte((segment.HeaderLen+len(opts))/4) << 4
	return append(b, opts...)
}

// withByte returns a copy of b with b[off] = v.
func withByte(b []byte, off int, v byte) []byte {
	c := bytes.Clone(b)
	c[off] = v
	return c
}

// repeatByte returns n copies of v.
func repeatByte(v byte, n int) []byte { return bytes.Repeat([]byte{v}, n) }

// joinBytes concatenates byte slices into a new one.
func joinBytes(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// ipv4Bytes returns a 20-byte IPv4 header (DF, TTL 64, TCP, 192.0.2.1 >
// 192.0.2.2) whose total-length field is total, followed by payload. The
// header checksum is left zero: the decoder does not check it.
func ipv4Bytes(total int, payload []byte) []byte {
	h := []byte{
		0x45, 0x00, 0, 0, // version 4, IHL 5, TOS, total length
		0x12, 0x34, 0x40, 0x00, // ID, DF
		64, segment.ProtocolTCP, 0, 0, // TTL, protocol, checksum
		192, 0, 2, 1,
		192, 0, 2, 2,
	}
	binary.BigEndian.PutUint16(h[2:], uint16(total))
	return append(h, payload...)
}

// ipv6Bytes returns a fixed IPv6 header (2001:db8::1 > 2001:db8::2, hop
// limit 64) whose payload-length field is plen and next header is next,
// followed by rest.
func ipv6Bytes(plen int, next byte, rest ...[]byte) []byte {
	h := make([]byte, segment.IPv6HeaderLen)
	h[0] = 0x60
	binary.BigEndian.PutUint16(h[4:], uint16(plen))
	h[6], h[7] = next, 64
	h[8], h[9], h[10], h[11], h[23] = 0x20, 0x01, 0x0d, 0xb8, 1
	h[24], h[25], h[26], h[27], h[39] = 0x20, 0x01, 0x0d, 0xb8, 2
	return joinBytes(append([][]byte{h}, rest...)...)
}

// IPv6 next-header numbers used below.
const (
	nhHopByHop = 0
	nhRouting  = 43
	nhFragment = 44
	nhDestOpts = 60
	nhUDP      = 17
	nhNone     = 59
)

// ext6 returns an IPv6 extension header (hop-by-hop, routing or destination
// options) with next header next and the given body after the two leading
// bytes; 2+len(body) must be a multiple of 8.
func ext6(next byte, body ...byte) []byte {
	if (2+len(body))%8 != 0 {
		panic("ext6: extension header must be a multiple of 8 bytes")
	}
	return append([]byte{next, byte((2+len(body))/8 - 1)}, body...)
}

// padN6 is a destination-options or hop-by-hop body of one PadN option.
var padN6 = []byte{1, 4, 0, 0, 0, 0}

// jumbo6 is a hop-by-hop header carrying one Jumbo Payload option.
func jumbo6(next byte, length uint32) []byte {
	return ext6(next, 0xc2, 4, byte(length>>24), byte(length>>16), byte(length>>8), byte(length))
}

// Decoders under test, each as a func([]byte) error.

func decodeSegment(b []byte) error {
	var s segment.Segment
	return s.Decode(b)
}

func decodeIP(b []byte) error {
	var h segment.IPHeader
	_, err := h.Decode(b)
	return err
}

func decodePacket(b []byte) error {
	var p segment.Packet
	return p.Decode(b)
}

// malformed is one bad input and the exact error it must give.
type malformed struct {
	name   string
	in     []byte
	code   segment.ErrorCode
	offset int // byte offset from the start of in
	value  int
}

// malformedTCP are TCP headers Segment.Decode must reject. Offsets count
// from the start of the TCP header: options start at byte 20.
var malformedTCP = []malformed{
	{"empty buffer", []byte{}, segment.ErrShort, 0, 0},
	{"1-byte buffer", []byte{0x04}, segment.ErrShort, 1, 1},
	{"19-byte buffer", tcpWithOptions()[:19], segment.ErrShort, 19, 19},
	{"data offset 0", withByte(tcpWithOptions(), 12, 0x00), segment.ErrDataOffsetSmall, 12, 0},
	{"data offset 4", withByte(tcpWithOptions(), 12, 0x40), segment.ErrDataOffsetSmall, 12, 4},
	{"data offset 4 with AE and reserved bits set", withByte(tcpWithOptions(), 12, 0x4f), segment.ErrDataOffsetSmall, 12, 4},
	{"data offset 6 in a 20-byte buffer", withByte(tcpWithOptions(), 12, 0x60), segment.ErrDataOffsetPastEnd, 12, 6},
	{"data offset 15 in a 59-byte buffer", tcpWithOptions(repeatByte(1, 40)...)[:59], segment.ErrDataOffsetPastEnd, 12, 15},
	{"option length 0", tcpWithOptions(0xfe, 0, 1, 1), segment.ErrOptionLength, 21, 0},
	{"option length 1 after a NOP", tcpWithOptions(1, 0xfd, 1, 1), segment.ErrOptionLength, 22, 1},
	{"window scale with length 1 (below 2, before the kind check)", tcpWithOptions(1, 1, 3, 1), segment.ErrOptionLength, 23, 1},
	{"timestamps of length 10 in a 4-byte option area", tcpWithOptions(8, 10, 0, 0), segment.ErrOptionPastEnd, 21, 10},
	{"MPTCP option one byte past the header", tcpWithOptions(1, 30, 4, 0), segment.ErrOptionPastEnd, 22, 4},
	{"MSS kind as the last byte, no length byte", tcpWithOptions(1, 1, 1, 2), segment.ErrOptionNoLength, 23, 2},
	{"unknown kind as the last byte of a 60-byte header", tcpWithOptions(append(repeatByte(1, 39), 0xfe)...), segment.ErrOptionNoLength, 59, 254},
	{"SACK length 2 (no blocks)", tcpWithOptions(5, 2, 1, 1), segment.ErrSACKLength, 21, 2},
	{"SACK length 9", tcpWithOptions(joinBytes([]byte{5, 9}, repeatByte(0, 7), repeatByte(1, 3))...), segment.ErrSACKLength, 21, 9},
	{"SACK length 11", tcpWithOptions(joinBytes([]byte{5, 11}, repeatByte(0, 9), repeatByte(1, 1))...), segment.ErrSACKLength, 21, 11},
	{"SACK length 35 (4 blocks and a byte)", tcpWithOptions(joinBytes([]byte{5, 35}, repeatByte(0, 33), repeatByte(1, 1))...), segment.ErrSACKLength, 21, 35},
	// 5 blocks need 2+5*8 = 42 bytes, more than the 40-byte option space, so
	// such an option always runs past the header.
	{"SACK with 5 blocks (length 42) cannot fit in 40 bytes", tcpWithOptions(joinBytes([]byte{5, 42}, repeatByte(0, 38))...), segment.ErrOptionPastEnd, 21, 42},
	{"MSS length 3", tcpWithOptions(2, 3, 5, 1), segment.ErrMSSLength, 21, 3},
	{"MSS length 5 after two NOPs", tcpWithOptions(1, 1, 2, 5, 0, 0, 0, 1), segment.ErrMSSLength, 23, 5},
	{"window scale length 2", tcpWithOptions(3, 2, 1, 1), segment.ErrWScaleLength, 21, 2},
	{"window scale length 4", tcpWithOptions(3, 4, 7, 0), segment.ErrWScaleLength, 21, 4},
	{"window scale length 2 after a valid MSS", tcpWithOptions(2, 4, 5, 0xb4, 3, 2, 1, 1), segment.ErrWScaleLength, 25, 2},
	{"SACK-permitted length 3", tcpWithOptions(4, 3, 0, 1), segment.ErrSACKPermittedLength, 21, 3},
	{"timestamps length 9", tcpWithOptions(joinBytes([]byte{8, 9}, repeatByte(0, 7), repeatByte(1, 3))...), segment.ErrTimestampLength, 21, 9},
	{"timestamps length 11", tcpWithOptions(joinBytes([]byte{8, 11}, repeatByte(0, 9), repeatByte(1, 1))...), segment.ErrTimestampLength, 21, 11},
}

// tcpSYN is a well-formed 40-byte SYN header, the payload of the IP cases.
var tcpSYN = tcpWithOptions(2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7)

// malformedIP are IP headers IPHeader.Decode must reject. Offsets count
// from the start of the IP header.
var malformedIP = []malformed{
	{"empty buffer", []byte{}, segment.ErrIPShort, 0, 0},
	{"version 0", withByte(ipv4Bytes(60, tcpSYN), 0, 0x05), segment.ErrIPVersion, 0, 0},
	{"version 5", withByte(ipv4Bytes(60, tcpSYN), 0, 0x55), segment.ErrIPVersion, 0, 5},
	{"version 15", []byte{0xf0}, segment.ErrIPVersion, 0, 15},

	{"IPv4 header of 1 byte", []byte{0x45}, segment.ErrIPShort, 1, 1},
	{"IPv4 header of 19 bytes", ipv4Bytes(60, nil)[:19], segment.ErrIPShort, 19, 19},
	{"IPv4 IHL 0", withByte(ipv4Bytes(60, tcpSYN), 0, 0x40), segment.ErrIPHeaderLength, 0, 0},
	{"IPv4 IHL 4", withByte(ipv4Bytes(60, tcpSYN), 0, 0x44), segment.ErrIPHeaderLength, 0, 4},
	{"IPv4 IHL 6 in a 20-byte buffer", withByte(ipv4Bytes(20, nil), 0, 0x46), segment.ErrIPHeaderLength, 0, 6},
	{"IPv4 IHL 15 in a 59-byte buffer", withByte(ipv4Bytes(59, repeatByte(0, 39)), 0, 0x4f), segment.ErrIPHeaderLength, 0, 15},
	{"IPv4 total length past the buffer", ipv4Bytes(61, tcpSYN), segment.ErrIPLength, 2, 61},
	{"IPv4 total length short of the buffer", ipv4Bytes(59, tcpSYN), segment.ErrIPLength, 2, 59},
	{"IPv4 total length below the header length", ipv4Bytes(19, tcpSYN), segment.ErrIPLength, 2, 19},
	{"IPv4 fragment: MF set", withByte(ipv4Bytes(60, tcpSYN), 6, 0x20), segment.ErrIPFragment, 6, 0x2000},
	{"IPv4 fragment: DF and MF set", withByte(ipv4Bytes(60, tcpSYN), 6, 0x60), segment.ErrIPFragment, 6, 0x6000},
	{"IPv4 fragment: offset 1 (last fragment)", withByte(ipv4Bytes(60, tcpSYN), 7, 0x01), segment.ErrIPFragment, 6, 0x4001},
	{"IPv4 fragment: offset 0x1000 (top bit only)", withByte(ipv4Bytes(60, tcpSYN), 6, 0x10), segment.ErrIPFragment, 6, 0x1000},
	{"IPv4 fragment: offset 0x1fff", joinBytes(ipv4Bytes(60, nil)[:6], []byte{0x1f, 0xff}, ipv4Bytes(60, tcpSYN)[8:]), segment.ErrIPFragment, 6, 0x1fff},

	{"IPv6 header of 39 bytes", ipv6Bytes(0, segment.ProtocolTCP)[:39], segment.ErrIPShort, 39, 39},
	{"IPv6 payload length past the buffer", ipv6Bytes(41, segment.ProtocolTCP, tcpSYN), segment.ErrIPLength, 4, 41},
	{"IPv6 payload length short of the buffer", ipv6Bytes(39, segment.ProtocolTCP, tcpSYN), segment.ErrIPLength, 4, 39},
	{"IPv6 payload length 0 without a Jumbo Payload option", ipv6Bytes(0, segment.ProtocolTCP, tcpSYN), segment.ErrIPLength, 4, 0},
	{"IPv6 payload length shorter than the extension headers", ipv6Bytes(4, nhDestOpts, ext6(segment.ProtocolTCP, padN6...), tcpSYN), segment.ErrIPLength, 4, 4},
	{"IPv6 fragment header", ipv6Bytes(48, nhFragment, repeatByte(0, 8), tcpSYN), segment.ErrIPFragment, 40, nhFragment},
	{"IPv6 fragment header after hop-by-hop", ipv6Bytes(56, nhHopByHop, ext6(nhFragment, padN6...), repeatByte(0, 8), tcpSYN), segment.ErrIPFragment, 48, nhFragment},
	{"IPv6 with 9 extension headers (8 allowed)", ipv6Bytes(9*8+40, nhDestOpts, bytes.Repeat(ext6(nhDestOpts, padN6...), 8), ext6(segment.ProtocolTCP, padN6...), tcpSYN),
		segment.ErrIPTooManyExtensions, 40 + 8*8, 8},
	{"IPv6 extension header of 4 bytes", ipv6Bytes(4, nhDestOpts, []byte{6, 0, 1, 2}), segment.ErrIPExtension, 40, 4},
	{"IPv6 extension header longer than the buffer", ipv6Bytes(8, nhRouting, []byte{6, 1, 0, 0, 0, 0, 0, 0}), segment.ErrIPExtension, 41, 1},
	{"IPv6 hop-by-hop after a destination options header", ipv6Bytes(56, nhDestOpts, ext6(nhHopByHop, padN6...), ext6(segment.ProtocolTCP, padN6...), tcpSYN),
		segment.ErrIPExtension, 48, nhHopByHop},
	{"IPv6 hop-by-hop option running past its header", ipv6Bytes(48, nhHopByHop, ext6(segment.ProtocolTCP, 1, 5, 0, 0, 0, 0), tcpSYN), segment.ErrIPExtension, 42, 1},
	{"IPv6 hop-by-hop option type as the last byte", ipv6Bytes(48, nhHopByHop, ext6(segment.ProtocolTCP, 1, 2, 0, 0, 0, 0xc2), tcpSYN), segment.ErrIPExtension, 47, 0xc2},
	{"IPv6 Jumbo Payload with a non-zero payload length", ipv6Bytes(48, nhHopByHop, jumbo6(segment.ProtocolTCP, 70000), tcpSYN), segment.ErrIPJumbo, 4, 48},
	{"IPv6 Jumbo Payload of 65535", ipv6Bytes(0, nhHopByHop, jumbo6(segment.ProtocolTCP, 65535), tcpSYN), segment.ErrIPJumbo, 44, 65535},
	{"IPv6 Jumbo Payload of 0", ipv6Bytes(0, nhHopByHop, jumbo6(segment.ProtocolTCP, 0), tcpSYN), segment.ErrIPJumbo, 44, 0},
	{"IPv6 Jumbo Payload option of length 2", ipv6Bytes(0, nhHopByHop, ext6(segment.ProtocolTCP, 0xc2, 2, 0, 0, 0, 0), tcpSYN), segment.ErrIPJumbo, 43, 2},
	{"IPv6 Jumbo Payload option of length 6", ipv6Bytes(0, nhHopByHop, ext6(segment.ProtocolTCP, 0xc2, 6, 0, 1, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0), tcpSYN), segment.ErrIPJumbo, 43, 6},
	{"IPv6 two Jumbo Payload options", ipv6Bytes(0, nhHopByHop, ext6(segment.ProtocolTCP, 0xc2, 4, 0, 1, 0, 0, 0xc2, 4, 0, 1, 0, 0, 0, 0), tcpSYN), segment.ErrIPJumbo, 49, 4},
	// For a jumbogram the claimed length comes from the Jumbo Payload
	// option, yet the offset still names the payload-length field.
	{"IPv6 Jumbo Payload past the buffer", ipv6Bytes(0, nhHopByHop, jumbo6(segment.ProtocolTCP, 70000), tcpSYN), segment.ErrIPLength, 4, 70000},
}

// malformedPacket are packets Packet.Decode must reject beyond what
// malformedIP covers: payloads that are not TCP. Offsets count from the
// start of the IP header and point at the protocol (next header) field the
// protocol was read from.
var malformedPacket = []malformed{
	{"UDP in IPv4", withByte(ipv4Bytes(28, repeatByte(0, 8)), 9, nhUDP), segment.ErrNotTCP, 9, nhUDP},
	{"UDP in IPv6", ipv6Bytes(8, nhUDP, repeatByte(0, 8)), segment.ErrNotTCP, 6, nhUDP},
	{"no next header in IPv6", ipv6Bytes(0, nhNone), segment.ErrNotTCP, 6, nhNone},
	{"UDP after an IPv6 destination options header", ipv6Bytes(16, nhDestOpts, ext6(nhUDP, padN6...), repeatByte(0, 8)), segment.ErrNotTCP, 40, nhUDP},
	{"UDP after IPv6 hop-by-hop and routing headers", ipv6Bytes(24, nhHopByHop, ext6(nhRouting, padN6...), ext6(nhUDP, 0, 0, 0, 0, 0, 0), repeatByte(0, 8)), segment.ErrNotTCP, 48, nhUDP},
	{"IPv4 fragment", withByte(ipv4Bytes(60, tcpSYN), 6, 0x20), segment.ErrIPFragment, 6, 0x2000},
	{"IPv6 Jumbo Payload of 65535", ipv6Bytes(0, nhHopByHop, jumbo6(segment.ProtocolTCP, 65535), tcpSYN), segment.ErrIPJumbo, 44, 65535},
	{"TCP data offset 4 in IPv4", ipv4Bytes(60, withByte(tcpSYN, 12, 0x40)), segment.ErrDataOffsetSmall, 20 + 12, 4},
	{"TCP MSS length 3 in IPv6", ipv6Bytes(24, segment.ProtocolTCP, tcpWithOptions(2, 3, 5, 1)), segment.ErrMSSLength, 40 + 21, 3},
}

// checkMalformed decodes tt.in and checks the error's code, offset and
// value, errors.Is with a code-only *Error, and the Error text.
func checkMalformed(t *testing.T, decode func([]byte) error, tt malformed) {
	t.Helper()
	err := decode(tt.in)
	if err == nil {
		t.Fatalf("accepted %d bytes %x; want %v", len(tt.in), tt.in, tt.code)
	}
	var e *segment.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *segment.Error\ninput %x", err, err, tt.in)
	}
	want := segment.Error{Code: tt.code, Offset: tt.offset, Value: tt.value}
	if *e != want {
		t.Errorf("got  %+v (%v)\nwant %+v (%v)\ninput %x", *e, e.Code, want, want.Code, tt.in)
	}
	if !errors.Is(err, &segment.Error{Code: tt.code}) {
		t.Errorf("errors.Is(err, &Error{Code: %v}) = false", tt.code)
	}
	other := tt.code%segment.ErrNotTCP + 1 // any other valid code
	if errors.Is(err, &segment.Error{Code: other}) {
		t.Errorf("errors.Is(err, &Error{Code: %v}) = true for a %v error", other, tt.code)
	}
	if errors.Is(err, segment.ErrNoRoom) {
		t.Errorf("errors.Is(err, ErrNoRoom) = true for a decode error")
	}
	msg := err.Error()
	for _, part := range []string{tt.code.String(), "at byte offset " + strconv.Itoa(tt.offset) + " ", "(found " + strconv.Itoa(tt.value) + ")"} {
		if !strings.Contains(msg, part) {
			t.Errorf("Error() = %q, does not mention %q", msg, part)
		}
	}
}

func TestSegmentDecodeRejectsMalformedHeaders(t *testing.T) {
	for _, tt := range malformedTCP {
		t.Run(tt.name, func(t *testing.T) { checkMalformed(t, decodeSegment, tt) })
	}
}

// Wire.Reset checks the length and the data offset and nothing else: it
// gives the same error for those, and accepts headers whose options are
// malformed.
func TestWireResetRejectsExactlyTheHeaderErrors(t *testing.T) {
	for _, tt := range malformedTCP {
		t.Run(tt.name, func(t *testing.T) {
			var w segment.Wire
			err := w.Reset(tt.in)
			switch tt.code {
			case segment.ErrShort, segment.ErrDataOffsetSmall, segment.ErrDataOffsetPastEnd:
				checkMalformed(t, func(b []byte) error { return w.Reset(b) }, tt)
				if w.Bytes() != nil || w.HeaderLen() != 0 || w.SrcPort() != 0 {
					t.Errorf("a rejected Wire still views %x (header length %d)", w.Bytes(), w.HeaderLen())
				}
			default:
				if err != nil {
					t.Errorf("Wire.Reset(%x) = %v; options are not its business", tt.in, err)
				}
			}
		})
	}
}

func TestIPHeaderDecodeRejectsMalformedHeaders(t *testing.T) {
	for _, tt := range malformedIP {
		t.Run(tt.name, func(t *testing.T) { checkMalformed(t, decodeIP, tt) })
	}
}

func TestPacketDecodeRejectsMalformedPackets(t *testing.T) {
	for _, tt := range append(append([]malformed(nil), malformedIP...), malformedPacket...) {
		t.Run(tt.name, func(t *testing.T) { checkMalformed(t, decodePacket, tt) })
	}
}

// A TCP error found through Packet has its offset counted from the start
// of the IP header: the TCP offset plus the IP header length, whatever that
// is (IPv4 with and without options, IPv6 with and without extension
// headers).
func TestPacketShiftsTCPErrorOffsetsByTheIPHeaderLength(t *testing.T) {
	carriers := []struct {
		name   string
		hdrLen int
		wrap   func(tcp []byte) []byte
	}{
		{"IPv4", 20, func(tcp []byte) []byte { return ipv4Bytes(20+len(tcp), tcp) }},
		{"IPv4 with 8 bytes of options", 28, func(tcp []byte) []byte {
			b := ipv4Bytes(28+len(tcp), joinBytes(repeatByte(1, 7), []byte{0}, tcp))
			b[0] = 0x47
			return b
		}},
		{"IPv6", 40, func(tcp []byte) []byte { return ipv6Bytes(len(tcp), segment.ProtocolTCP, tcp) }},
		{"IPv6 with destination options", 48, func(tcp []byte) []byte {
			return ipv6Bytes(8+len(tcp), nhDestOpts, ext6(segment.ProtocolTCP, padN6...), tcp)
		}},
	}
	for _, c := range carriers {
		for _, tt := range malformedTCP {
			t.Run(c.name+"/"+tt.name, func(t *testing.T) {
				shifted := tt
				shifted.in = c.wrap(tt.in)
				shifted.offset += c.hdrLen
				checkMalformed(t, decodePacket, shifted)
			})
		}
	}
}

// IPv4 total length and IPv6 payload length shorter than the buffer are
// errors for Decode but link-layer padding for DecodePadded, which returns
// the payload the header claims.
func TestDecodePaddedAcceptsTrailingBytes(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		payload []byte
	}{
		{"IPv4 padded to an Ethernet minimum", append(ipv4Bytes(40, tcpWithOptions()), 0, 0, 0, 0, 0, 0), tcpWithOptions()},
		{"IPv4 padded by one byte", append(ipv4Bytes(60, tcpSYN), 0xee), tcpSYN},
		{"IPv6 padded by four bytes", append(ipv6Bytes(40, segment.ProtocolTCP, tcpSYN), 1, 2, 3, 4), tcpSYN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h segment.IPHeader
			if _, err := h.Decode(tt.in); !errors.Is(err, &segment.Error{Code: segment.ErrIPLength}) {
				t.Errorf("Decode(%x) = %v, want ErrIPLength", tt.in, err)
			}
			payload, err := h.DecodePadded(tt.in)
			if err != nil || !bytes.Equal(payload, tt.payload) || h.PayloadLen != len(tt.payload) {
				t.Fatalf("DecodePadded(%x) = %x, %v (PayloadLen %d); want %x", tt.in, payload, err, h.PayloadLen, tt.payload)
			}
			var p segment.Packet
			if err := p.DecodePadded(tt.in); err != nil || !bytes.Equal(p.Segment(), tt.payload) {
				t.Fatalf("Packet.DecodePadded(%x) = %v, segment %x", tt.in, err, p.Segment())
			}
			// Padding never lets a header claim more than the buffer holds.
			short := tt.in[:len(tt.in)-len(tt.payload)/2-7]
			if _, err := h.DecodePadded(short); !errors.Is(err, &segment.Error{Code: segment.ErrIPLength}) {
				t.Errorf("DecodePadded of a truncated packet %x = %v, want ErrIPLength", short, err)
			}
		})
	}
}

// A window scale shift above 14 is not a decode error: WScale caps it at
// 14 (RFC 7323 §2.3), WScaleRaw reports the wire value, and Warning gives
// ErrWScaleTooLarge at the offset of the shift byte.
func TestWindowScaleAbove14IsAWarning(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		raw     uint8
		shiftAt int // -1: no warning
	}{
		{"shift 14 is the largest allowed", tcpWithOptions(1, 3, 3, 14), 14, -1},
		{"shift 15", tcpWithOptions(1, 3, 3, 15), 15, 23},
		{"shift 255", tcpWithOptions(1, 3, 3, 255), 255, 23},
		{"shift 15 as the first option", tcpWithOptions(3, 3, 15, 0), 15, 22},
		{"shift 15 after MSS and SACK-permitted", tcpWithOptions(2, 4, 5, 0xb4, 4, 2, 3, 3, 15, 0, 0, 0), 15, 28},
		{"only the first window scale counts", tcpWithOptions(3, 3, 7, 3, 3, 200, 0, 0), 7, -1},
		{"the first window scale is the one flagged", tcpWithOptions(3, 3, 99, 3, 3, 2, 0, 0), 99, 22},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s segment.Segment
			if err := s.Decode(tt.in); err != nil {
				t.Fatalf("Decode(%x) = %v, want nil", tt.in, err)
			}
			if shift, ok := s.Options.WScale(); !ok || shift != min(tt.raw, 14) {
				t.Errorf("WScale() = %d, %v; want %d, true", shift, ok, min(tt.raw, 14))
			}
			if raw, ok := s.Options.WScaleRaw(); !ok || raw != tt.raw {
				t.Errorf("WScaleRaw() = %d, %v; want %d, true", raw, ok, tt.raw)
			}
			warn := s.Warning()
			if tt.shiftAt < 0 {
				if warn != nil {
					t.Errorf("Warning() = %v, want nil", warn)
				}
				return
			}
			checkMalformed(t, func([]byte) error { return warn }, malformed{
				in: tt.in, code: segment.ErrWScaleTooLarge, offset: tt.shiftAt, value: int(tt.raw),
			})
			// The warning is also there when the option was built, not decoded.
			var built segment.Segment
			if err := built.Options.AddWScale(tt.raw); err != nil {
				t.Fatalf("AddWScale(%d) = %v", tt.raw, err)
			}
			if !errors.Is(built.Warning(), &segment.Error{Code: segment.ErrWScaleTooLarge}) {
				t.Errorf("Warning() after AddWScale(%d) = %v", tt.raw, built.Warning())
			}
		})
	}
}

// Inputs near the malformed ones that must decode.
func TestDecodeAcceptsUnusualButValidHeaders(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"20-byte header", tcpWithOptions()},
		{"60-byte header of NOPs", tcpWithOptions(repeatByte(1, 40)...)},
		{"60-byte header of EOL", tcpWithOptions(repeatByte(0, 40)...)},
		{"garbage after End of Option List", tcpWithOptions(0, 2, 1, 0xff)},
		{"malformed options after End of Option List", tcpWithOptions(1, 0, 5, 3, 8, 0, 2, 0)},
		{"SACK with 4 blocks (34 bytes)", tcpWithOptions(joinBytes([]byte{1, 1, 5, 34}, repeatByte(0, 32))...)},
		{"opaque option of 40 bytes", tcpWithOptions(joinBytes([]byte{0xfe, 40}, repeatByte(0xab, 38))...)},
		{"opaque option of length 2", tcpWithOptions(34, 2, 1, 1)},
		{"AE and reserved bits set", withByte(tcpWithOptions(), 12, 0x5f)},
		{"data offset shorter than the buffer: the rest is payload", append(tcpWithOptions(), 1, 2, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s segment.Segment
			if err := s.Decode(tt.in); err != nil {
				t.Errorf("Decode(%x) = %v, want nil", tt.in, err)
			}
		})
	}
	t.Run("IPv6 with 8 extension headers", func(t *testing.T) {
		in := ipv6Bytes(8*8+len(tcpSYN), nhDestOpts, bytes.Repeat(ext6(nhDestOpts, padN6...), 7), ext6(segment.ProtocolTCP, padN6...), tcpSYN)
		if err := decodePacket(in); err != nil {
			t.Errorf("Packet.Decode(%x) = %v, want nil", in, err)
		}
	})
}

// The *Error a decoder returns lives in the value decoded into, so the
// next decode into that value overwrites it (doc.go); a copy keeps it.
func TestErrorIsOverwrittenByTheNextDecode(t *testing.T) {
	var s segment.Segment
	first := s.Decode([]byte{1, 2, 3})
	kept := errorOf(first)
	second := s.Decode(withByte(tcpWithOptions(), 12, 0x40))
	if first != second {
		t.Errorf("two decodes into one Segment returned different *Error values")
	}
	if !errors.Is(first, &segment.Error{Code: segment.ErrDataOffsetSmall}) {
		t.Errorf("first error now reads %v, want the second decode's error", first)
	}
	if kept != (segment.Error{Code: segment.ErrShort, Offset: 3, Value: 3}) {
		t.Errorf("copied error = %+v, want ErrShort at 3", kept)
	}
}

// Error formats any code, including ones it does not know, and leaves the
// value out when it is -1.
func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  segment.Error
		want string
	}{
		{"with a value", segment.Error{Code: segment.ErrMSSLength, Offset: 21, Value: 3}, "MSS option length is not 4 at byte offset 21 (found 3)"},
		{"value -1 is left out", segment.Error{Code: segment.ErrIPExtension, Offset: 40, Value: -1}, "IPv6 extension header truncated or malformed at byte offset 40"},
		{"zero code", segment.Error{Offset: 1, Value: 2}, "segment error 0 at byte offset 1 (found 2)"},
		{"unknown code", segment.Error{Code: 200, Offset: 0, Value: 0}, "segment error 200 at byte offset 0 (found 0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
	for c := segment.ErrShort; c <= segment.ErrNotTCP; c++ {
		if s := c.String(); strings.HasPrefix(s, "segment error") || s == "" {
			t.Errorf("code %d has no description: %q", c, s)
		}
	}
}
