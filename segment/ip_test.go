package segment_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/segment"
)

// mustHex decodes hex written with spaces for readability.
func mustHex(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

// sameIPFields compares the fields both IP versions carry, plus the
// version-specific ones.
func sameIPFields(a, b *segment.IPHeader) bool {
	return a.Version == b.Version && a.TOS == b.TOS && a.HopLimit == b.HopLimit &&
		a.Protocol == b.Protocol && a.Src == b.Src && a.Dst == b.Dst &&
		a.PayloadLen == b.PayloadLen && a.FlowLabel == b.FlowLabel &&
		a.ID == b.ID && a.DontFrag == b.DontFrag
}

// The IPv4 header checksum example of Wikipedia's "Internet checksum"
// article: 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7.
func TestIPv4HeaderKnownAnswer(t *testing.T) {
	h := segment.IPHeader{
		Version: 4, DontFrag: true, HopLimit: 64, Protocol: 17, PayloadLen: 0x73 - 20,
		Src: netip.MustParseAddr("192.168.0.1"), Dst: netip.MustParseAddr("192.168.0.199"),
	}
	want := mustHex("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7")
	got := h.AppendTo(nil)
	if !bytes.Equal(got, want) {
		t.Fatalf("AppendTo = %x\n    want  %x", got, want)
	}
	var back segment.IPHeader
	payload, err := back.Decode(append(got, make([]byte, h.PayloadLen)...))
	if err != nil || len(payload) != h.PayloadLen || back.HeaderLen != 20 || !sameIPFields(&back, &h) {
		t.Fatalf("Decode = %+v, %d-byte payload, %v; want %+v", back, len(payload), err, h)
	}
}

// An IPv6 header with every field non-zero, written out by hand: version 6,
// traffic class 0xb8 (DSCP EF), flow label 0x12345, payload length 20,
// next header TCP, hop limit 255.
func TestIPv6HeaderKnownAnswer(t *testing.T) {
	h := segment.IPHeader{
		Version: 6, TOS: 0xb8, FlowLabel: 0x12345, HopLimit: 255, Protocol: segment.ProtocolTCP, PayloadLen: 20,
		Src: netip.MustParseAddr("2001:db8::1"), Dst: netip.MustParseAddr("2001:db8:ffff::2"),
	}
	want := mustHex("6b812345 0014 06 ff" +
		"20010db8 00000000 00000000 00000001" +
		"20010db8 ffff0000 00000000 00000002")
	got := h.AppendTo(nil)
	if !bytes.Equal(got, want) {
		t.Fatalf("AppendTo = %x\n    want  %x", got, want)
	}
	var back segment.IPHeader
	payload, err := back.Decode(append(got, make([]byte, 20)...))
	if err != nil || len(payload) != 20 || back.HeaderLen != 40 || back.Jumbo || !sameIPFields(&back, &h) {
		t.Fatalf("Decode = %+v, %d-byte payload, %v; want %+v", back, len(payload), err, h)
	}
}

// Every field AppendTo writes is read back by Decode; the payload returned
// aliases the buffer right after the header.
func TestIPHeaderRoundTrip(t *testing.T) {
	v4 := func(a, b string) (netip.Addr, netip.Addr) { return netip.MustParseAddr(a), netip.MustParseAddr(b) }
	s4, d4 := v4("192.0.2.1", "198.51.100.2")
	s6, d6 := v4("2001:db8::1", "fe80::1:2:3:4")
	tests := []struct {
		name string
		h    segment.IPHeader
	}{
		{"IPv4 minimal", segment.IPHeader{Version: 4, Protocol: segment.ProtocolTCP, Src: s4, Dst: d4}},
		{"IPv4 all fields", segment.IPHeader{Version: 4, TOS: 0xff, HopLimit: 255, Protocol: segment.ProtocolTCP, ID: 0xffff, DontFrag: true, PayloadLen: 40, Src: s4, Dst: d4}},
		{"IPv4 without DF", segment.IPHeader{Version: 4, TOS: 0x10, HopLimit: 1, Protocol: 17, ID: 0x8001, PayloadLen: 1, Src: d4, Dst: s4}},
		{"IPv4 broadcast and zero addresses", segment.IPHeader{Version: 4, Protocol: segment.ProtocolTCP, PayloadLen: 20,
			Src: netip.IPv4Unspecified(), Dst: netip.AddrFrom4([4]byte{255, 255, 255, 255})}},
		{"IPv4 largest total length", segment.IPHeader{Version: 4, Protocol: segment.ProtocolTCP, PayloadLen: 65535 - 20, Src: s4, Dst: d4}},
		{"IPv6 minimal", segment.IPHeader{Version: 6, Protocol: segment.ProtocolTCP, Src: s6, Dst: d6}},
		{"IPv6 all fields", segment.IPHeader{Version: 6, TOS: 0xff, FlowLabel: 0xfffff, HopLimit: 255, Protocol: segment.ProtocolTCP, PayloadLen: 60, Src: s6, Dst: d6}},
		{"IPv6 largest non-jumbo payload", segment.IPHeader{Version: 6, Protocol: segment.ProtocolTCP, PayloadLen: 65535, Src: s6, Dst: d6}},
		{"IPv6 smallest jumbo payload", segment.IPHeader{Version: 6, TOS: 3, FlowLabel: 1, HopLimit: 9, Protocol: segment.ProtocolTCP, PayloadLen: 65536, Src: s6, Dst: d6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte{0xa5}
			hdr := tt.h.AppendTo(prefix)
			if hdr[0] != 0xa5 || len(hdr)-1 != tt.h.Len() {
				t.Fatalf("AppendTo wrote %d bytes after the prefix (Len %d): %x", len(hdr)-1, tt.h.Len(), hdr)
			}
			hdr = hdr[1:]
			if tt.h.Version == 4 && segment.Sum(hdr, 0) != 0xffff {
				t.Errorf("IPv4 header checksum does not verify: %x", hdr)
			}
			payload := bytes.Repeat([]byte{0x5a}, tt.h.PayloadLen)
			pkt := append(bytes.Clone(hdr), payload...)
			var got segment.IPHeader
			p, err := got.Decode(pkt)
			if err != nil {
				t.Fatalf("Decode(%x...) = %v", hdr, err)
			}
			if !sameIPFields(&got, &tt.h) || got.HeaderLen != tt.h.Len() || got.Jumbo != (tt.h.PayloadLen > 65535) {
				t.Errorf("Decode = %+v\nwant     %+v\nheader %x", got, tt.h, hdr)
			}
			if len(p) != tt.h.PayloadLen || (len(p) > 0 && &p[0] != &pkt[got.HeaderLen]) {
				t.Errorf("payload of %d bytes does not alias the buffer after the %d-byte header", len(p), got.HeaderLen)
			}
		})
	}
}

// AppendTo keeps the version nibble and traffic class intact whatever the
// flow label holds: only its low 20 bits are written.
func TestIPv6FlowLabelIsMaskedTo20Bits(t *testing.T) {
	h := segment.IPHeader{Version: 6, TOS: 0xa5, FlowLabel: 0xffffffff, Protocol: segment.ProtocolTCP}
	b := h.AppendTo(nil)
	if got := binary.BigEndian.Uint32(b); got != 0x6a5fffff {
		t.Errorf("first word = %#08x, want 0x6a5fffff", got)
	}
}

// IPv4 options (IHL 6 to 15) are skipped: the payload starts after them.
func TestIPv4OptionsAreSkipped(t *testing.T) {
	for ihl := 6; ihl <= 15; ihl++ {
		t.Run("IHL "+strconv.Itoa(ihl), func(t *testing.T) {
			hl := 4 * ihl
			// Options: a Record Route-like option of random-looking bytes,
			// then End of Option List padding.
			opts := make([]byte, hl-20)
			for i := range opts {
				opts[i] = byte(0x07 + 31*i)
			}
			opts[len(opts)-1] = 0
			pkt := ipv4Bytes(hl+len(tcpSYN), joinBytes(opts, tcpSYN))
			pkt[0] = 0x40 | byte(ihl)
			var h segment.IPHeader
			payload, err := h.Decode(pkt)
			if err != nil {
				t.Fatalf("Decode(%x) = %v", pkt, err)
			}
			if h.HeaderLen != hl || h.PayloadLen != len(tcpSYN) || !bytes.Equal(payload, tcpSYN) || h.Protocol != segment.ProtocolTCP {
				t.Errorf("HeaderLen %d PayloadLen %d protocol %d payload %x; want %d, %d, 6, %x",
					h.HeaderLen, h.PayloadLen, h.Protocol, payload, hl, len(tcpSYN), tcpSYN)
			}
			var p segment.Packet
			if err := p.Decode(pkt); err != nil || !bytes.Equal(p.Segment(), tcpSYN) || p.TCP.HeaderLen() != len(tcpSYN) {
				t.Errorf("Packet.Decode = %v, segment %x", err, p.Segment())
			}
		})
	}
}

// IPv6 hop-by-hop, routing and destination-options headers are skipped to
// the TCP header; Protocol is the last next-header value.
func TestIPv6ExtensionHeadersAreSkipped(t *testing.T) {
	routing := ext6(nhDestOpts, 0, 0, 0, 0, 0, 0, // type 0, segments left 0, reserved
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9) // one address: 24 bytes
	tests := []struct {
		name   string
		next   byte
		chain  []byte
		hdrLen int
	}{
		{"no extension headers", segment.ProtocolTCP, nil, 40},
		{"hop-by-hop", nhHopByHop, ext6(segment.ProtocolTCP, padN6...), 48},
		{"hop-by-hop with Pad1 options", nhHopByHop, ext6(segment.ProtocolTCP, 0, 0, 0, 0, 0, 0), 48},
		{"destination options", nhDestOpts, ext6(segment.ProtocolTCP, padN6...), 48},
		{"hop-by-hop, routing, destination options", nhHopByHop,
			joinBytes(ext6(nhRouting, padN6...), routing, ext6(segment.ProtocolTCP, padN6...)), 40 + 8 + 24 + 8},
		{"a 16-byte destination options header", nhDestOpts, ext6(segment.ProtocolTCP, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 56},
		{"8 extension headers, the most allowed", nhDestOpts,
			joinBytes(bytes.Repeat(ext6(nhDestOpts, padN6...), 7), ext6(segment.ProtocolTCP, padN6...)), 40 + 64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkt := ipv6Bytes(len(tt.chain)+len(tcpSYN), tt.next, tt.chain, tcpSYN)
			var h segment.IPHeader
			payload, err := h.Decode(pkt)
			if err != nil {
				t.Fatalf("Decode(%x) = %v", pkt, err)
			}
			if h.Protocol != segment.ProtocolTCP || h.HeaderLen != tt.hdrLen || h.PayloadLen != len(tcpSYN) || !bytes.Equal(payload, tcpSYN) {
				t.Errorf("protocol %d, HeaderLen %d, PayloadLen %d, payload %x; want 6, %d, %d, %x\npacket %x",
					h.Protocol, h.HeaderLen, h.PayloadLen, payload, tt.hdrLen, len(tcpSYN), tcpSYN, pkt)
			}
			var p segment.Packet
			if err := p.Decode(pkt); err != nil || !bytes.Equal(p.Segment(), tcpSYN) {
				t.Errorf("Packet.Decode = %v, segment %x", err, p.Segment())
			}
		})
	}
}

// slowTCPChecksum is RFC 1071 written out: the pseudo-header of RFC 9293
// §3.1 (IPv4) or RFC 8200 §8.1 (IPv6, 32-bit length) and the segment with
// its checksum field as zero, added 16 bits at a time into a wide
// accumulator, folded once at the end, complemented. lenBytes lets a test
// build the wrong (16-bit) IPv6 pseudo-header on purpose.
func slowTCPChecksum(src, dst netip.Addr, tcp []byte, lenBytes int) uint16 {
	var words []byte
	if src.Is4() {
		s, d := src.As4(), dst.As4()
		words = joinBytes(s[:], d[:], []byte{0, segment.ProtocolTCP}, binary.BigEndian.AppendUint16(nil, uint16(len(tcp))))
	} else {
		s, d := src.As16(), dst.As16()
		l := binary.BigEndian.AppendUint32(nil, uint32(len(tcp)))
		words = joinBytes(s[:], d[:], l[4-lenBytes:], []byte{0, 0, 0, segment.ProtocolTCP})
	}
	body := bytes.Clone(tcp)
	body[16], body[17] = 0, 0
	words = append(words, body...)
	if len(words)%2 == 1 {
		words = append(words, 0)
	}
	var sum uint64
	for i := 0; i < len(words); i += 2 {
		sum += uint64(words[i])<<8 | uint64(words[i+1])
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

// An IPv6 jumbogram (RFC 2675) carries a TCP segment over 65,535 bytes: the
// header has payload length 0 and a hop-by-hop Jumbo Payload option, the
// checksum's pseudo-header uses a 32-bit length, and both IPHeader.Decode
// and Packet.Decode read it back.
func TestIPv6JumbogramCarriesTCPSegmentOver65535Bytes(t *testing.T) {
	src, dst := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	seg := segment.Segment{SrcPort: 5001, DstPort: 443, Seq: 0xfffff000, Ack: 7, Flags: segment.ACK | segment.PSH, Window: 1024}
	if err := seg.Options.AddTimestamps(1, 2); err != nil {
		t.Fatal(err)
	}
	seg.Options.Pad()
	seg.Payload = make([]byte, 70000)
	for i := range seg.Payload {
		seg.Payload[i] = byte(i*13 + i>>8)
	}
	tcp := seg.AppendTo(nil)
	if err := segment.FillChecksum(tcp, src, dst); err != nil {
		t.Fatal(err)
	}
	seg.Checksum = binary.BigEndian.Uint16(tcp[16:])
	if want := slowTCPChecksum(src, dst, tcp, 4); seg.Checksum != want {
		t.Fatalf("FillChecksum wrote %#04x, RFC 1071 with a 32-bit length gives %#04x", seg.Checksum, want)
	}
	if wrong := slowTCPChecksum(src, dst, tcp, 2); wrong == seg.Checksum {
		t.Fatalf("test cannot tell a 16-bit pseudo-header length from a 32-bit one (%#04x)", wrong)
	}

	h := segment.IPHeader{Version: 6, HopLimit: 64, Protocol: segment.ProtocolTCP, PayloadLen: len(tcp), Src: src, Dst: dst}
	if h.Len() != 48 {
		t.Fatalf("Len() = %d for a %d-byte payload, want 48 (with the hop-by-hop header)", h.Len(), len(tcp))
	}
	pkt := append(h.AppendTo(nil), tcp...)
	wantHdr := joinBytes([]byte{0x60, 0, 0, 0, 0, 0, nhHopByHop, 64}, pkt[8:40], jumbo6(segment.ProtocolTCP, uint32(8+len(tcp))))
	if !bytes.Equal(pkt[:48], wantHdr) {
		t.Fatalf("jumbogram header = %x\n            want %x", pkt[:48], wantHdr)
	}

	var ip segment.IPHeader
	payload, err := ip.Decode(pkt)
	if err != nil {
		t.Fatalf("IPHeader.Decode: %v", err)
	}
	if !ip.Jumbo || ip.PayloadLen != len(tcp) || ip.HeaderLen != 48 || ip.Protocol != segment.ProtocolTCP || len(payload) != len(tcp) {
		t.Errorf("IPHeader.Decode: Jumbo %v PayloadLen %d HeaderLen %d Protocol %d payload %d bytes; want true %d 48 6 %d",
			ip.Jumbo, ip.PayloadLen, ip.HeaderLen, ip.Protocol, len(payload), len(tcp), len(tcp))
	}
	var p segment.Packet
	if err := p.Decode(pkt); err != nil {
		t.Fatalf("Packet.Decode: %v", err)
	}
	if !p.TCP.Equal(&seg) || len(p.TCP.Payload) != 70000 {
		t.Errorf("Packet.Decode gives %v, want %v", &p.TCP, &seg)
	}
	if !p.ChecksumOK() || !segment.VerifyChecksum(p.Segment(), src, dst) {
		t.Errorf("the jumbogram's TCP checksum does not verify")
	}
	pkt[len(pkt)-1] ^= 0x80
	if p.Decode(pkt) != nil || p.ChecksumOK() {
		t.Errorf("a corrupted jumbogram still verifies")
	}
}

// RFC 1071 §3's example: the words 0001 f203 f4f5 f6f7 sum to ddf2, in any
// grouping, and byte-swapped input gives the byte-swapped sum (§2(B)).
func TestSumRFC1071Example(t *testing.T) {
	b := []byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}
	if got := segment.Sum(b, 0); got != 0xddf2 {
		t.Errorf("Sum(%x) = %#04x, want 0xddf2", b, got)
	}
	if got := segment.Sum(b[4:], segment.Sum(b[:4], 0)); got != 0xddf2 {
		t.Errorf("Sum in two parts = %#04x, want 0xddf2", got)
	}
	swapped := []byte{0x01, 0x00, 0x03, 0xf2, 0xf5, 0xf4, 0xf7, 0xf6}
	if got := segment.Sum(swapped, 0); got != 0xf2dd {
		t.Errorf("Sum(%x) = %#04x, want 0xf2dd", swapped, got)
	}
	if got := ^segment.Sum(b, 0); got != 0x220d {
		t.Errorf("checksum of the example = %#04x, want 0x220d", got)
	}
}

// slowSum adds 16-bit words one at a time, padding an odd byte with zero.
func slowSum(b []byte, initial uint16) uint16 {
	sum := uint64(initial)
	for i := 0; i < len(b); i += 2 {
		w := uint64(b[i]) << 8
		if i+1 < len(b) {
			w |= uint64(b[i+1])
		}
		sum += w
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	return uint16(sum)
}

func TestSumKnownValues(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		initial uint16
		want    uint16
	}{
		{"empty", nil, 0, 0},
		{"empty keeps the initial value", nil, 0x1234, 0x1234},
		{"one byte is the high byte of a word", []byte{0xab}, 0, 0xab00},
		{"three bytes", []byte{0x01, 0x02, 0x03}, 0, 0x0402},
		{"odd byte with a carry", []byte{0xff, 0xff, 0x01}, 0, 0x0100},
		{"initial value plus one byte with a carry", []byte{0x80}, 0x8000, 0x0001},
		{"1460 bytes of 0xff", repeatByte(0xff, 1460), 0, 0xffff},
		{"1461 bytes of 0xff", repeatByte(0xff, 1461), 0, 0xff00},
		{"64 bytes of 0x80: carries out of every 64-bit word", repeatByte(0x80, 64), 0, 0x1010},
		{"all zeros stay zero", make([]byte, 77), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := segment.Sum(tt.in, tt.initial); got != tt.want {
				t.Errorf("Sum(%x, %#04x) = %#04x, want %#04x", tt.in, tt.initial, got, tt.want)
			}
		})
	}
}

// Sum agrees with the word-at-a-time reference at every length from 0 to
// 300 and every starting offset 0 to 7, which drives each of its 32-, 8-,
// 4-, 2- and 1-byte paths, odd lengths included.
func TestSumMatchesReferenceAtEveryLengthAndOffset(t *testing.T) {
	buf := make([]byte, 320)
	for i := range buf {
		buf[i] = byte(i*167 + 0x9d) // high bytes, so carries happen
	}
	for off := 0; off < 8; off++ {
		for n := 0; off+n <= 308; n++ {
			b := buf[off : off+n]
			for _, initial := range []uint16{0, 0xffff, 0x8001} {
				if got, want := segment.Sum(b, initial), slowSum(b, initial); got != want {
					t.Fatalf("Sum(buf[%d:%d], %#04x) = %#04x, reference %#04x\nbytes %x", off, off+n, initial, got, want, b)
				}
			}
		}
	}
}

// The pseudo-header sums of RFC 9293 §3.1 and RFC 8200 §8.1, worked by
// hand: IPv4 c000+0201+c000+0202+0006+0014 = 841e; IPv6 the two addresses'
// words, the 32-bit length 20 and next header 6 = 5b8f.
func TestPseudoHeaderSumKnownValues(t *testing.T) {
	tests := []struct {
		name     string
		src, dst string
		want     uint16
	}{
		{"IPv4", "192.0.2.1", "192.0.2.2", 0x841e},
		{"IPv4-mapped IPv6 uses the IPv4 form", "::ffff:192.0.2.1", "::ffff:192.0.2.2", 0x841e},
		{"IPv6", "2001:db8::1", "2001:db8::2", 0x5b8f},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := segment.PseudoHeaderSum(netip.MustParseAddr(tt.src), netip.MustParseAddr(tt.dst), segment.ProtocolTCP, 20)
			if got != tt.want {
				t.Errorf("PseudoHeaderSum(%s, %s, 6, 20) = %#04x, want %#04x", tt.src, tt.dst, got, tt.want)
			}
		})
	}
	if got := segment.PseudoHeaderSum(netip.Addr{}, netip.Addr{}, 0, 0); got != 0 {
		t.Errorf("PseudoHeaderSum of zero Addrs = %#04x, want 0", got)
	}
}

// The checksum of the 20-byte header tcpWithOptions() builds (1234 > 80,
// seq 1, ack 2, ACK, window ffff), worked by hand: 841e from the
// pseudo-header plus 04d2+0050+0001+0002+5010+ffff = 5534 (carry 1) is
// d953, complemented 26ac for IPv4; 4f3b for IPv6.
func TestChecksumKnownAnswer(t *testing.T) {
	tests := []struct {
		name     string
		src, dst string
		want     uint16
	}{
		{"IPv4", "192.0.2.1", "192.0.2.2", 0x26ac},
		{"IPv6", "2001:db8::1", "2001:db8::2", 0x4f3b},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, dst := netip.MustParseAddr(tt.src), netip.MustParseAddr(tt.dst)
			tcp := tcpWithOptions()
			tcp[16], tcp[17] = 0xde, 0xad // Checksum ignores the field's old value
			pseudo := segment.PseudoHeaderSum(src, dst, segment.ProtocolTCP, len(tcp))
			if got := segment.Checksum(tcp, pseudo); got != tt.want {
				t.Errorf("Checksum = %#04x, want %#04x", got, tt.want)
			}
			if !bytes.Equal(tcp[16:18], []byte{0xde, 0xad}) {
				t.Errorf("Checksum changed its input: %x", tcp)
			}
			if err := segment.FillChecksum(tcp, src, dst); err != nil || binary.BigEndian.Uint16(tcp[16:]) != tt.want {
				t.Errorf("FillChecksum wrote %x, %v; want %#04x", tcp[16:18], err, tt.want)
			}
		})
	}
}

// A filled checksum verifies and matches the reference; changing any byte
// of the segment, or either address, makes it fail.
func TestFillChecksumThenVerify(t *testing.T) {
	tests := []struct {
		name       string
		src, dst   string
		payloadLen int
	}{
		{"IPv4 header only", "192.0.2.1", "192.0.2.2", 0},
		{"IPv4 odd payload", "10.0.0.1", "172.16.0.9", 333},
		{"IPv4 full-size payload", "192.0.2.1", "203.0.113.7", 1460},
		{"IPv6 header only", "2001:db8::1", "2001:db8::2", 0},
		{"IPv6 odd payload", "fe80::1", "ff02::1:ff00:1", 1},
		{"IPv6 full-size payload", "2001:db8:1::1", "2001:db8:2::2", 1440},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, dst := netip.MustParseAddr(tt.src), netip.MustParseAddr(tt.dst)
			s := segment.Segment{SrcPort: 40000, DstPort: 443, Seq: 0xfffffff0, Ack: 3, Flags: segment.ACK, Window: 100}
			s.Payload = make([]byte, tt.payloadLen)
			for i := range s.Payload {
				s.Payload[i] = byte(i*29 + 0xf1)
			}
			tcp := s.AppendTo(nil)
			if err := segment.FillChecksum(tcp, src, dst); err != nil {
				t.Fatal(err)
			}
			if got, want := binary.BigEndian.Uint16(tcp[16:]), slowTCPChecksum(src, dst, tcp, 4); got != want {
				t.Fatalf("FillChecksum wrote %#04x, reference %#04x", got, want)
			}
			if !segment.VerifyChecksum(tcp, src, dst) {
				t.Fatalf("filled checksum does not verify: %x", tcp)
			}
			for i := range tcp {
				tcp[i] ^= 0x01
				if segment.VerifyChecksum(tcp, src, dst) {
					t.Errorf("verifies with byte %d changed", i)
				}
				tcp[i] ^= 0x01
			}
			other := dst.Next()
			if segment.VerifyChecksum(tcp, src, other) {
				t.Errorf("verifies with destination %v instead of %v", other, dst)
			}
		})
	}
}

// FillChecksum needs a whole TCP header; on a shorter buffer it reports
// ErrBufferTooSmall and writes nothing, and nothing verifies.
func TestChecksumOfShortBuffers(t *testing.T) {
	src, dst := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	for _, n := range []int{0, 1, 17, 18, 19} {
		b := repeatByte(0xee, n)
		if err := segment.FillChecksum(b, src, dst); err != segment.ErrBufferTooSmall {
			t.Errorf("FillChecksum of %d bytes = %v, want ErrBufferTooSmall", n, err)
		}
		if !bytes.Equal(b, repeatByte(0xee, n)) {
			t.Errorf("FillChecksum of %d bytes wrote %x", n, b)
		}
		if segment.VerifyChecksum(b, src, dst) {
			t.Errorf("VerifyChecksum of %d bytes = true", n)
		}
		_ = segment.Checksum(b, 0) // total: must not panic
	}
	// Even a short buffer whose sum would come out right is rejected.
	for _, n := range []int{18, 19} {
		b := repeatByte(0x3c, n)
		binary.BigEndian.PutUint16(b[16:], segment.Checksum(b, segment.PseudoHeaderSum(src, dst, segment.ProtocolTCP, n)))
		if segment.Sum(b, segment.PseudoHeaderSum(src, dst, segment.ProtocolTCP, n)) != 0xffff {
			t.Fatalf("test setup: %d-byte buffer %x does not sum to ffff", n, b)
		}
		if segment.VerifyChecksum(b, src, dst) {
			t.Errorf("VerifyChecksum accepts a %d-byte buffer with a correct sum: %x", n, b)
		}
	}
}
