package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"strconv"
	"sync"

	"tcpcheck/segment"
)

// codecState is the codec targets' reused state.
var codecState struct {
	sync.Mutex
	seg, again segment.Segment
	wire       segment.Wire
	pkt        segment.Packet
	ip, ip2    segment.IPHeader
	buf, buf2  []byte
}

// SegmentDecode checks that Segment.Decode, Wire.Reset and Packet.Decode
// never panic and agree: Wire accepts what Segment accepts (it skips the
// option checks), every error has an offset within the input, and Packet
// decodes a segment carried by IPv4 and IPv6 to the same Segment.
func SegmentDecode(b []byte) error {
	st := &codecState
	st.Lock()
	defer st.Unlock()
	s, w := &st.seg, &st.wire
	segErr := s.Decode(b)
	wireErr := w.Reset(b)
	if wireErr != nil && segErr == nil {
		return fail("FuzzSegmentDecode", "agreement", "Wire rejects ("+wireErr.Error()+") what Segment accepts")
	}
	if segErr != nil {
		return errorWithin("FuzzSegmentDecode", segErr, len(b))
	}
	if w.Seq() != s.Seq || w.Ack() != s.Ack || w.Flags() != s.Flags || w.Window() != s.Window ||
		!bytes.Equal(w.Payload(), s.Payload) || !bytes.Equal(w.Options(), s.Options.Bytes()) {
		return fail("FuzzSegmentDecode", "agreement", "Wire and Segment disagree")
	}
	for v6 := range 2 {
		st.buf = wrapIP(st.buf[:0], b, v6 == 1)
		if err := st.pkt.Decode(st.buf); err != nil {
			return fail("FuzzSegmentDecode", "agreement", "Packet rejects a valid segment in IP: "+err.Error())
		}
		if !st.pkt.TCP.Equal(s) {
			return fail("FuzzSegmentDecode", "agreement", "Packet decodes a different segment")
		}
	}
	return nil
}

// errorWithin checks that a decode error is a *segment.Error with an
// offset within an n-byte input.
func errorWithin(target string, err error, n int) error {
	var e *segment.Error
	if !errors.As(err, &e) || e.Offset < 0 || e.Offset > n {
		return fail(target, "error position", "error "+err.Error()+" lacks a position within the "+strconv.Itoa(n)+"-byte input")
	}
	return nil
}

// SegmentRoundTrip checks lossless decoding: encode(decode(b)) == b and
// decode(encode(decode(b))) == decode(b).
func SegmentRoundTrip(b []byte) error {
	st := &codecState
	st.Lock()
	defer st.Unlock()
	s, again := &st.seg, &st.again
	if s.Decode(b) != nil {
		return nil
	}
	// Encode after 8 bytes of 0xa5 so that bytes left unwritten show.
	st.buf = append(st.buf[:0], 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5)
	enc := s.AppendTo(st.buf[:0])
	if s.Len() != len(b) || !bytes.Equal(enc, b) {
		return fail("FuzzSegmentRoundTrip", "encode(decode(b)) == b", "b "+hexOf(b)+", encoded "+hexOf(enc))
	}
	if err := again.Decode(enc); err != nil || !again.Equal(s) {
		return fail("FuzzSegmentRoundTrip", "decode(encode(r)) == r", "the re-encoded segment decodes differently")
	}
	return nil
}

// Checksum compares the fast checksums with an RFC 1071 reference that
// adds 16-bit words one at a time. The input's first byte chooses the
// pseudo-header (bit 0 set: IPv6); the rest is the segment, whose first 8
// or 32 bytes also give the addresses. A filled checksum must verify, and
// no longer after a flipped bit.
func Checksum(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	st := &codecState
	st.Lock()
	defer st.Unlock()
	v6, b := data[0]&1 != 0, data[1:]
	src, dst := addrs(b, v6)
	pseudo := segment.PseudoHeaderSum(src, dst, segment.ProtocolTCP, len(b))
	if got, want := segment.Checksum(b, pseudo), slowChecksum(src, dst, b); got != want {
		return fail("FuzzChecksum", "RFC 1071 sum", "Checksum = "+strconv.Itoa(int(got))+", reference "+strconv.Itoa(int(want)))
	}
	if len(b) < segment.HeaderLen {
		if segment.FillChecksum(b, src, dst) == nil || segment.VerifyChecksum(b, src, dst) {
			return fail("FuzzChecksum", "short segment", "a segment shorter than a header was accepted")
		}
		return nil
	}
	seg := append(st.buf[:0], b...)
	st.buf = seg
	if err := segment.FillChecksum(seg, src, dst); err != nil || !segment.VerifyChecksum(seg, src, dst) {
		return fail("FuzzChecksum", "fill then verify", "a filled checksum does not verify")
	}
	seg[len(seg)-1] ^= 0x01
	if segment.VerifyChecksum(seg, src, dst) {
		return fail("FuzzChecksum", "fill then verify", "a flipped bit still verifies")
	}
	return nil
}

// slowChecksum is the obviously correct RFC 1071 reference: every 16-bit
// word of the pseudo-header and the segment (checksum field as zero), one
// at a time, carries folded in, complemented.
func slowChecksum(src, dst netip.Addr, tcp []byte) uint16 {
	var sum uint32
	add := func(hi, lo byte) {
		sum += uint32(hi)<<8 | uint32(lo)
		sum = (sum & 0xffff) + sum>>16
	}
	addAll := func(b []byte) {
		for i := 0; i+1 < len(b); i += 2 {
			add(b[i], b[i+1])
		}
	}
	var lenField [4]byte
	if src.Is4() {
		s, d := src.As4(), dst.As4()
		addAll(s[:])
		addAll(d[:])
		add(0, segment.ProtocolTCP)
		binary.BigEndian.PutUint16(lenField[:], uint16(len(tcp)))
		addAll(lenField[:2])
	} else {
		s, d := src.As16(), dst.As16()
		addAll(s[:])
		addAll(d[:])
		binary.BigEndian.PutUint32(lenField[:], uint32(len(tcp)))
		addAll(lenField[:])
		add(0, segment.ProtocolTCP)
	}
	for i := 0; i < len(tcp); i += 2 {
		hi, lo := tcp[i], byte(0)
		if i+1 < len(tcp) {
			lo = tcp[i+1]
		}
		if i == 16 && len(tcp) >= 18 {
			hi, lo = 0, 0 // the checksum field
		}
		add(hi, lo)
	}
	return ^uint16(sum)
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

// IPDecode checks that IPHeader.Decode never panics, that an error has an
// offset within the input, and that an accepted header, re-encoded without
// options, decodes to the same fields and payload.
func IPDecode(b []byte) error {
	st := &codecState
	st.Lock()
	defer st.Unlock()
	h, again := &st.ip, &st.ip2
	payload, err := h.Decode(b)
	if err != nil {
		return errorWithin("FuzzIPDecode", err, len(b))
	}
	if h.HeaderLen+len(payload) != len(b) || h.PayloadLen != len(payload) {
		return fail("FuzzIPDecode", "lengths", "header "+strconv.Itoa(h.HeaderLen)+" + payload "+
			strconv.Itoa(len(payload))+" != buffer "+strconv.Itoa(len(b)))
	}
	st.buf2 = append(h.AppendTo(st.buf2[:0]), payload...)
	p2, err := again.Decode(st.buf2)
	if err != nil || !bytes.Equal(p2, payload) || !sameIP(h, again) {
		return fail("FuzzIPDecode", "re-encode", "the re-encoded header decodes differently")
	}
	return nil
}

func sameIP(a, b *segment.IPHeader) bool {
	return a.Version == b.Version && a.TOS == b.TOS && a.HopLimit == b.HopLimit &&
		a.Protocol == b.Protocol && a.Src == b.Src && a.Dst == b.Dst &&
		a.PayloadLen == b.PayloadLen && a.FlowLabel == b.FlowLabel &&
		(a.Version == 6 || (a.ID == b.ID && a.DontFrag == b.DontFrag))
}

var (
	wrapSrc4, wrapDst4 = netip.AddrFrom4([4]byte{192, 0, 2, 1}), netip.AddrFrom4([4]byte{192, 0, 2, 2})
	wrapSrc6, wrapDst6 = netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
)

// wrapIP appends tcp inside an IPv4 or IPv6 header to b.
func wrapIP(b, tcp []byte, v6 bool) []byte {
	h := segment.IPHeader{Version: 4, HopLimit: 64, Protocol: segment.ProtocolTCP, PayloadLen: len(tcp), Src: wrapSrc4, Dst: wrapDst4}
	if v6 {
		h.Version, h.Src, h.Dst = 6, wrapSrc6, wrapDst6
	}
	return append(h.AppendTo(b), tcp...)
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
