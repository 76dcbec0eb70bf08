package fuzz

import (
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

// check runs a target's check as a fuzz function body.
func check(fn func([]byte) error) func(*testing.T, []byte) {
	return func(t *testing.T, b []byte) {
		if err := fn(b); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzSegmentDecode: SegmentDecode (the decoders never panic and agree).
func FuzzSegmentDecode(f *testing.F) {
	for _, s := range seedSegments() {
		f.Add(s)
	}
	addCorpus(f, "FuzzSegmentDecode")
	f.Fuzz(check(SegmentDecode))
}

// FuzzSegmentRoundTrip: SegmentRoundTrip (lossless decoding).
func FuzzSegmentRoundTrip(f *testing.F) {
	for _, s := range seedSegments() {
		f.Add(s)
	}
	addCorpus(f, "FuzzSegmentRoundTrip")
	f.Fuzz(check(SegmentRoundTrip))
}

// FuzzChecksum: Checksum (the fast sums against the RFC 1071 reference);
// the first byte chooses IPv4 (0) or IPv6 (1) pseudo-headers.
func FuzzChecksum(f *testing.F) {
	for _, s := range seedSegments() {
		f.Add(append([]byte{0}, s...))
		f.Add(append([]byte{1}, s...))
	}
	f.Add(make([]byte, 1501))
	addCorpus(f, "FuzzChecksum")
	f.Fuzz(check(Checksum))
}

// FuzzIPDecode: IPDecode (IP headers decode without panic and re-encode).
func FuzzIPDecode(f *testing.F) {
	for _, s := range seedSegments() {
		f.Add(wrapIP(nil, s, false))
		f.Add(wrapIP(nil, s, true))
	}
	addCorpus(f, "FuzzIPDecode")
	f.Fuzz(check(IPDecode))
}
