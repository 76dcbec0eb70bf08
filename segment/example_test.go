package segment_test

import (
	"errors"
	"fmt"
	"net/netip"

	"tcpcheck/segment"
)

// Build a SYN, encode it with a checksum, and decode it back.
func Example() {
	syn := segment.Segment{SrcPort: 40000, DstPort: 80, Seq: 1000, Flags: segment.SYN, Window: 65535}
	_ = syn.Options.AddMSS(1460)
	_ = syn.Options.AddSACKPermitted()
	_ = syn.Options.AddTimestamps(1, 0)
	_ = syn.Options.AddNOP()
	_ = syn.Options.AddWScale(7)

	src, dst := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	wire := syn.AppendTo(nil)
	_ = segment.FillChecksum(wire, src, dst)

	var got segment.Segment
	if err := got.Decode(wire); err != nil {
		panic(err)
	}
	mss, _ := got.Options.MSS()
	fmt.Println(got.String())
	fmt.Println("mss", mss, "checksum ok", segment.VerifyChecksum(wire, src, dst))
	// Output:
	// 40000 > 80 [SYN] seq 1000 ack 0 win 65535 <mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7> len 0
	// mss 1460 checksum ok true
}

// A malformed header gives an *Error with what is wrong and where.
func ExampleSegment_Decode_error() {
	b := make([]byte, 24)
	b[12] = 6 << 4      // data offset 6 words: one 4-byte option word
	b[20], b[21] = 2, 3 // MSS option with length 3
	var s segment.Segment
	err := s.Decode(b)
	var e *segment.Error
	fmt.Println(errors.As(err, &e), e.Code == segment.ErrMSSLength, e.Offset)
	fmt.Println(err)
	// Output:
	// true true 21
	// MSS option length is not 4 at byte offset 21 (found 3)
}

// Iterate over options in wire order, opaque kinds included.
func ExampleOptions_Next() {
	var o segment.Options
	_ = o.AddNOP()
	_ = o.AddNOP()
	_ = o.AddOpaque(segment.KindExp2, []byte{0xf9, 0x89})
	for opt, next := o.Next(0); next >= 0; opt, next = o.Next(next) {
		fmt.Printf("%s[%x]\n", opt.Kind, opt.Data)
	}
	// Output:
	// nop[]
	// nop[]
	// exp254[f989]
}
