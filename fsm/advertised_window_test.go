package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// RCV.WND is the window last advertised (RFC 9293 §3.10.7.4 first): after
// the buffer fills and the application reads a little, too little for a
// window update (RFC 9293 §3.8.6.2.2), a byte at RCV.NXT is still outside
// the zero window the peer was told about. It is refused with an ACK that
// now advertises the room, and a retransmission of it is then accepted.
func TestReceiveWindowIsTheAdvertisedEdge(t *testing.T) {
	cfg := fsm.Config{RecvBuffer: 4096, NoTimestamp: true, NoSACK: true,
		ISN: func(fsm.Time, fsm.Tuple) seq.Num { return 1000 }}
	ep := fsm.New(cfg)
	ep.Connect(0, tupA)
	synAck := segment.Segment{SrcPort: 80, DstPort: 40000, Seq: 5000, Ack: 1001,
		Flags: segment.SYN | segment.ACK, Window: 65535}
	ep.Input(0, &synAck)

	fill := segment.Segment{SrcPort: 80, DstPort: 40000, Seq: 5001, Ack: 1001,
		Flags: segment.ACK, Window: 65535, Payload: make([]byte, 4096)}
	r := ep.Input(0, &fill)
	if len(r.Out) != 1 || r.Out[0].Window != 0 || r.Out[0].Ack != 5001+4096 {
		t.Fatalf("filling the buffer: want one ACK of 9097 with window 0, got %d segments", len(r.Out))
	}
	if n, _ := ep.Recv(0, make([]byte, 100)); n != 100 {
		t.Fatalf("Recv took %d bytes, want 100", n)
	}
	one := segment.Segment{SrcPort: 80, DstPort: 40000, Seq: 9097, Ack: 1001,
		Flags: segment.ACK, Window: 65535, Payload: []byte{'x'}}
	r = ep.Input(0, &one)
	if ep.Readable() != 3996 || ep.RcvNxt() != 9097 {
		t.Fatalf("byte past the advertised edge accepted: readable %d, RCV.NXT %d", ep.Readable(), ep.RcvNxt())
	}
	if len(r.Out) != 1 || r.Out[0].Ack != 9097 || r.Out[0].Window != 100 {
		t.Fatalf("want <ACK=9097> advertising 100 bytes, got %d segments", len(r.Out))
	}
	ep.Input(0, &one)
	if ep.Readable() != 3997 || ep.RcvNxt() != 9098 {
		t.Fatalf("byte inside the newly advertised window refused: readable %d", ep.Readable())
	}
}
