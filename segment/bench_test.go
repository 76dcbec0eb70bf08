package segment_test

import (
	"net/netip"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"tcpcheck/segment"
)

// benchHeaders returns the two headers of the performance targets: a bare
// 20-byte ACK and a 40-byte SYN carrying MSS, SACK-permitted, timestamps,
// NOP and window scale, the option layout Linux sends.
func benchHeaders() (bare, syn segment.Segment) {
	bare = segment.Segment{SrcPort: 443, DstPort: 51000, Seq: 1000, Ack: 2000, Flags: segment.ACK, Window: 501}
	syn = segment.Segment{SrcPort: 51000, DstPort: 443, Seq: 0x9abcdef0, Flags: segment.SYN, Window: 64240}
	_ = syn.Options.AddMSS(1460)
	_ = syn.Options.AddSACKPermitted()
	_ = syn.Options.AddTimestamps(3000000000, 0)
	_ = syn.Options.AddNOP()
	_ = syn.Options.AddWScale(7)
	return bare, syn
}

var (
	sinkSeg segment.Segment
	sinkErr error
	sinkU16 uint16
)

func benchDecode(b *testing.B, s segment.Segment) {
	raw := s.AppendTo(nil)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		sinkErr = sinkSeg.Decode(raw)
	}
	if sinkErr != nil {
		b.Fatal(sinkErr)
	}
}

func benchGopacket(b *testing.B, s segment.Segment) {
	raw := s.AppendTo(nil)
	var tcp layers.TCP
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		sinkErr = tcp.DecodeFromBytes(raw, gopacket.NilDecodeFeedback)
	}
	if sinkErr != nil {
		b.Fatal(sinkErr)
	}
}

func benchEncode(b *testing.B, s segment.Segment) {
	buf := make([]byte, 0, segment.MaxHeaderLen)
	b.SetBytes(int64(s.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf = s.AppendTo(buf[:0])
	}
}

// BenchmarkDecode/gopacket pairs are the codec's speed claim: run them in one
// invocation and compare ratios (make bench).
func BenchmarkDecode(b *testing.B) {
	bare, syn := benchHeaders()
	b.Run("hdr20/tcpcheck", func(b *testing.B) { benchDecode(b, bare) })
	b.Run("hdr20/gopacket", func(b *testing.B) { benchGopacket(b, bare) })
	b.Run("syn40/tcpcheck", func(b *testing.B) { benchDecode(b, syn) })
	b.Run("syn40/gopacket", func(b *testing.B) { benchGopacket(b, syn) })
}

func BenchmarkEncode(b *testing.B) {
	bare, syn := benchHeaders()
	b.Run("hdr20", func(b *testing.B) { benchEncode(b, bare) })
	b.Run("syn40", func(b *testing.B) { benchEncode(b, syn) })
}

func BenchmarkWireReset(b *testing.B) {
	_, syn := benchHeaders()
	raw := syn.AppendTo(nil)
	var w segment.Wire
	b.ReportAllocs()
	for b.Loop() {
		sinkErr = w.Reset(raw)
		sinkU16 = w.Window()
	}
}

// BenchmarkChecksum reports MB/s over a full-size segment: a 20-byte header
// and 1460 bytes of payload, IPv4 and IPv6 pseudo-headers.
func BenchmarkChecksum(b *testing.B) {
	seg := make([]byte, segment.HeaderLen+1460)
	for i := range seg {
		seg[i] = byte(i * 7)
	}
	pairs := []struct {
		name     string
		src, dst netip.Addr
	}{
		{"ipv4", netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("198.51.100.2")},
		{"ipv6", netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")},
	}
	for _, p := range pairs {
		b.Run(p.name+"/fill", func(b *testing.B) {
			b.SetBytes(int64(len(seg)))
			b.ReportAllocs()
			for b.Loop() {
				sinkErr = segment.FillChecksum(seg, p.src, p.dst)
			}
		})
		b.Run(p.name+"/verify", func(b *testing.B) {
			b.SetBytes(int64(len(seg)))
			b.ReportAllocs()
			for b.Loop() {
				if !segment.VerifyChecksum(seg, p.src, p.dst) {
					b.Fatal("checksum does not verify")
				}
			}
		})
	}
	b.Run("sum1460", func(b *testing.B) {
		b.SetBytes(1460)
		b.ReportAllocs()
		for b.Loop() {
			sinkU16 = segment.Sum(seg[20:], 0)
		}
	})
}
