package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"

	"tcpcheck/segment"
)

// seedSegments returns encoded segments built from typed values: a bare
// header, a SYN with the usual options, a data segment with SACK, one with
// opaque options and EOL padding, and a few malformed headers.
func seedSegments() [][]byte {
	var out [][]byte
	add := func(s *segment.Segment) { out = append(out, s.AppendTo(nil)) }

	bare := segment.Segment{SrcPort: 80, DstPort: 40000, Seq: 1, Ack: 2, Flags: segment.ACK, Window: 65535}
	add(&bare)

	syn := segment.Segment{SrcPort: 40000, DstPort: 80, Seq: 0xfffffff0, Flags: segment.SYN | segment.ECE | segment.CWR, Window: 64240}
	_ = syn.Options.AddMSS(1460)
	_ = syn.Options.AddSACKPermitted()
	_ = syn.Options.AddTimestamps(12345, 0)
	_ = syn.Options.AddNOP()
	_ = syn.Options.AddWScale(7)
	add(&syn)

	data := segment.Segment{SrcPort: 1, DstPort: 2, Seq: 1000, Ack: 2000, Flags: segment.ACK | segment.PSH | segment.AE, Window: 1, Payload: []byte("hello")}
	_ = data.Options.AddNOP()
	_ = data.Options.AddNOP()
	_ = data.Options.AddSACK([]segment.SACKBlock{{Left: 10, Right: 20}, {Left: 30, Right: 40}})
	add(&data)

	opaque := segment.Segment{Flags: segment.SYN | segment.Reserved1 | segment.URG, Urgent: 3}
	_ = opaque.Options.AddOpaque(segment.KindFastOpen, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	_ = opaque.Options.AddOpaque(segment.KindExp2, []byte{0xf9, 0x89})
	_ = opaque.Options.AddWScale(15)
	_ = opaque.Options.AddEOL()
	opaque.Options.Pad()
	add(&opaque)

	bad := bare.AppendTo(nil)
	bad[12] = 0x40 // data offset 4
	out = append(out, bad, bad[:19])
	long := syn.AppendTo(nil)
	long[21] = 1 // MSS option length 1
	out = append(out, long)
	return out
}

// FuzzSegmentDecode checks that the decoders never panic and agree: Wire
// accepts exactly what Segment accepts except option errors, and Packet
// accepts what IPv4 and IPv6 carry.
func FuzzSegmentDecode(f *testing.F) {
	for _, s := range seedSegments() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s segment.Segment
		var w segment.Wire
		segErr := s.Decode(b)
		wireErr := w.Reset(b)
		if wireErr != nil && segErr == nil {
			t.Fatalf("Wire rejects (%v) what Segment accepts", wireErr)
		}
		if segErr != nil {
			var e *segment.Error
			if !errors.As(segErr, &e) || e.Offset < 0 || e.Offset > len(b) {
				t.Fatalf("error %v lacks a position within the %d-byte input", segErr, len(b))
			}
			_ = segErr.Error()
			return
		}
		if w.Seq() != s.Seq || w.Ack() != s.Ack || w.Flags() != s.Flags || w.Window() != s.Window ||
			!bytes.Equal(w.Payload(), s.Payload) || !bytes.Equal(w.Options(), s.Options.Bytes()) {
			t.Fatalf("Wire and Segment disagree on %x", b)
		}
		_ = s.String()
		_ = s.Warning()
		for _, pkt := range [][]byte{wrap4(b), wrap6(b)} {
			var p segment.Packet
			if err := p.Decode(pkt); err != nil {
				t.Fatalf("Packet rejects a valid segment in IP: %v", err)
			}
			if !p.TCP.Equal(&s) {
				t.Fatalf("Packet decodes a different segment")
			}
		}
	})
}

// FuzzSegmentRoundTrip checks lossless decoding: encode(decode(b)) == b and
// decode(encode(decode(b))) == decode(b).
func FuzzSegmentRoundTrip(f *testing.F) {
	for _, s := range seedSegments() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s, again segment.Segment
		if s.Decode(b) != nil {
			return
		}
		// Encode into a buffer pre-filled with 0xa5 so unwritten bytes show.
		buf := bytes.Repeat([]byte{0xa5}, 8)[:0]
		enc := s.AppendTo(buf)
		if s.Len() != len(b) || !bytes.Equal(enc, b) {
			t.Fatalf("encode(decode(b)) != b\n b:   %x\n enc: %x", b, enc)
		}
		if err := again.Decode(enc); err != nil || !again.Equal(&s) {
			t.Fatalf("decode(encode(r)) != r: %v", err)
		}
	})
}

// slowChecksum is the obviously-correct RFC 1071 reference: add every 16-bit
// word of the pseudo-header and the segment (checksum field as zero) into a
// 32-bit accumulator, fold carries, complement.
func slowChecksum(src, dst netip.Addr, tcp []byte) uint16 {
	var words []byte
	if src.Is4() {
		s, d := src.As4(), dst.As4()
		words = append(append(words, s[:]...), d[:]...)
		words = append(words, 0, segment.ProtocolTCP)
		words = binary.BigEndian.AppendUint16(words, uint16(len(tcp)))
	} else {
		s, d := src.As16(), dst.As16()
		words = append(append(words, s[:]...), d[:]...)
		words = binary.BigEndian.AppendUint32(words, uint32(len(tcp)))
		words = append(words, 0, 0, 0, segment.ProtocolTCP)
	}
	body := append([]byte(nil), tcp...)
	if len(body) >= 18 {
		body[16], body[17] = 0, 0
	}
	words = append(words, body...)
	if len(words)%2 == 1 {
		words = append(words, 0)
	}
	var sum uint32
	for i := 0; i < len(words); i += 2 {
		sum += uint32(words[i])<<8 | uint32(words[i+1])
		sum = (sum & 0xffff) + sum>>16
	}
	return ^uint16(sum)
}

// FuzzChecksum compares the fast checksum with slowChecksum for IPv4 and
// IPv6 addresses taken from the input, and checks that a filled checksum
// verifies and a flipped bit does not.
func FuzzChecksum(f *testing.F) {
	for _, s := range seedSegments() {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Add(make([]byte, 1500), true)
	f.Fuzz(func(t *testing.T, b []byte, v6 bool) {
		src, dst := addrs(b, v6)
		pseudo := segment.PseudoHeaderSum(src, dst, segment.ProtocolTCP, len(b))
		if got, want := segment.Checksum(b, pseudo), slowChecksum(src, dst, b); got != want {
			t.Fatalf("Checksum = %#04x, reference %#04x (len %d, v6 %v)", got, want, len(b), v6)
		}
		if len(b) < segment.HeaderLen {
			if segment.FillChecksum(b, src, dst) == nil || segment.VerifyChecksum(b, src, dst) {
				t.Fatalf("short segment accepted")
			}
			return
		}
		seg := append([]byte(nil), b...)
		if err := segment.FillChecksum(seg, src, dst); err != nil || !segment.VerifyChecksum(seg, src, dst) {
			t.Fatalf("filled checksum does not verify: %v", err)
		}
		seg[len(seg)-1] ^= 0x01
		if segment.VerifyChecksum(seg, src, dst) {
			t.Fatalf("a flipped bit still verifies")
		}
	})
}

// addrs takes source and destination addresses from the start of b.
func addrs(b []byte, v6 bool) (netip.Addr, netip.Addr) {
	var raw [32]byte
	copy(raw[:], b)
	if v6 {
		return netip.AddrFrom16([16]byte(raw[:16])), netip.AddrFrom16([16]byte(raw[16:]))
	}
	return netip.AddrFrom4([4]byte(raw[:4])), netip.AddrFrom4([4]byte(raw[4:8]))
}

// FuzzIPDecode checks that IPHeader.Decode never panics and that an
// accepted header, re-encoded without options, decodes to the same fields.
func FuzzIPDecode(f *testing.F) {
	for _, s := range seedSegments() {
		f.Add(wrap4(s))
		f.Add(wrap6(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var h, again segment.IPHeader
		payload, err := h.Decode(b)
		if err != nil {
			var e *segment.Error
			if !errors.As(err, &e) || e.Offset < 0 || e.Offset > len(b) {
				t.Fatalf("error %v lacks a position within the %d-byte input", err, len(b))
			}
			return
		}
		if h.HeaderLen+len(payload) != len(b) || h.PayloadLen != len(payload) {
			t.Fatalf("lengths disagree: header %d payload %d buffer %d", h.HeaderLen, len(payload), len(b))
		}
		enc := append(h.AppendTo(nil), payload...)
		p2, err := again.Decode(enc)
		if err != nil || !bytes.Equal(p2, payload) || !sameIP(&h, &again) {
			t.Fatalf("re-encoded header differs: %v", err)
		}
	})
}

func sameIP(a, b *segment.IPHeader) bool {
	return a.Version == b.Version && a.TOS == b.TOS && a.HopLimit == b.HopLimit &&
		a.Protocol == b.Protocol && a.Src == b.Src && a.Dst == b.Dst &&
		a.PayloadLen == b.PayloadLen && a.FlowLabel == b.FlowLabel &&
		(a.Version == 6 || (a.ID == b.ID && a.DontFrag == b.DontFrag))
}

func wrap4(tcp []byte) []byte {
	h := segment.IPHeader{Version: 4, HopLimit: 64, Protocol: segment.ProtocolTCP, PayloadLen: len(tcp),
		Src: netip.AddrFrom4([4]byte{192, 0, 2, 1}), Dst: netip.AddrFrom4([4]byte{192, 0, 2, 2})}
	return append(h.AppendTo(nil), tcp...)
}

func wrap6(tcp []byte) []byte {
	h := segment.IPHeader{Version: 6, HopLimit: 64, Protocol: segment.ProtocolTCP, PayloadLen: len(tcp),
		Src: netip.MustParseAddr("2001:db8::1"), Dst: netip.MustParseAddr("2001:db8::2")}
	return append(h.AppendTo(nil), tcp...)
}
