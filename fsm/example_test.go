package fsm_test

import (
	"fmt"
	"net/netip"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Drive a client endpoint by hand: it sends a SYN, we answer as the peer
// with a SYN-ACK, and it completes the handshake.
func Example() {
	isn := func(fsm.Time, fsm.Tuple) seq.Num { return 1000 }
	client := fsm.New(fsm.Config{ISN: isn, NoTimestamp: true})
	t := fsm.Tuple{
		LocalAddr: netip.MustParseAddr("192.0.2.1"), LocalPort: 40000,
		RemoteAddr: netip.MustParseAddr("192.0.2.2"), RemotePort: 80,
	}
	r := client.Connect(0, t)
	fmt.Println(client.State(), r.Out[0].String(), "deadline", r.Deadline)

	synAck := segment.Segment{SrcPort: 80, DstPort: 40000, Seq: 5000, Ack: 1001,
		Flags: segment.SYN | segment.ACK, Window: 65535}
	_ = synAck.Options.AddMSS(1400)
	r = client.Input(10*fsm.Millisecond, &synAck)
	fmt.Println(client.State(), r.Events, r.Out[0].String())
	// Output:
	// SYN-SENT 40000 > 80 [SYN] seq 1000 ack 0 win 65535 <mss 1460,nop,nop,sackOK,nop,wscale 1> len 0 deadline 1000000000
	// ESTABLISHED connected|writable 40000 > 80 [ACK] seq 1001 ack 5001 win 65535 len 0
}
