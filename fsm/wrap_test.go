package fsm_test

import (
	"bytes"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/seq"
)

// Sequence numbers across 2^32 (RFC 9293 §3.4: "the actual sequence number
// space is finite ... all arithmetic dealing with sequence numbers must be
// performed modulo 2^32").

const nearWrap = 1<<32 - 10 // 4294967286: both ISNs

// Two endpoints with ISN 2^32-10 open, send 100 bytes each way and close.
// Each side's first data byte is 2^32-9, so its 100 bytes end at 90 and
// its FIN is 91. Every segment is checked.
//
//	A (ISS 4294967286)                              B (ISS 4294967286)
//	SYN-SENT     seq=4294967286 [SYN]                          -->  SYN-RECEIVED
//	ESTABLISHED  <--  seq=4294967286 ack=4294967287 [SYN,ACK]
//	             seq=4294967287 ack=4294967287 [ACK]           -->  ESTABLISHED
//	             seq=4294967287 ack=4294967287 [PSH,ACK] 100   -->
//	             <--  seq=4294967287 ack=91 [ACK]
//	             <--  seq=4294967287 ack=91 [PSH,ACK] 100
//	             seq=91 ack=91 [ACK]                           -->
//	FIN-WAIT-1   seq=91 ack=91 [FIN,ACK]                       -->  CLOSE-WAIT
//	FIN-WAIT-2   <--  seq=91 ack=92 [ACK]
//	TIME-WAIT    <--  seq=91 ack=92 [FIN,ACK]                       LAST-ACK
//	             seq=92 ack=92 [ACK]                           -->  CLOSED
func TestSequenceWrapOpenTransferClose(t *testing.T) {
	const isn = nearWrap
	a, b := figureEndpoint(isn), figureEndpoint(isn)
	expectNothing(t, b.Listen(0, epTuple))

	syn := sent(t, 1, a.Connect(0, peerTuple), synSeg(isn))
	synAck := sent(t, 2, b.Input(0, syn[0]), synAckSeg(isn, isn+1))
	ack := sent(t, 3, a.Input(0, synAck[0]), ackSeg(isn+1, isn+1))
	expectNothing(t, b.Input(0, ack[0]))
	at(t, 3, fsm.Established, a, fsm.Established, b)

	msgA, msgB := make([]byte, 100), make([]byte, 100)
	for i := range msgA {
		msgA[i], msgB[i] = byte(i), byte(255-i)
	}
	n, r := a.Send(0, msgA)
	if n != 100 {
		t.Fatalf("A's Send took %d bytes, want 100", n)
	}
	data := sent(t, 4, r, dataSeg(isn+1, isn+1, 100))
	sent(t, 5, b.Input(0, data[0]), ackSeg(isn+1, 91))
	expectTCB(t, b, isn+1, isn+1, 91)

	n, r = b.Send(0, msgB)
	if n != 100 {
		t.Fatalf("B's Send took %d bytes, want 100", n)
	}
	data = sent(t, 6, r, dataSeg(isn+1, 91, 100))
	ackA := sent(t, 7, a.Input(0, data[0]), ackSeg(91, 91))
	expectNothing(t, b.Input(0, ackA[0]))
	expectTCB(t, a, 91, 91, 91)
	expectTCB(t, b, 91, 91, 91)

	got := make([]byte, 200)
	if n, _ := b.Recv(0, got); !bytes.Equal(got[:n], msgA) {
		t.Fatalf("B read %d bytes %x, want A's 100", n, got[:n])
	}
	if n, _ := a.Recv(0, got); !bytes.Equal(got[:n], msgB) {
		t.Fatalf("A read %d bytes %x, want B's 100", n, got[:n])
	}

	finA := sent(t, 8, a.Close(0), finAckSeg(91, 91))
	ackB := sent(t, 9, b.Input(0, finA[0]), ackSeg(91, 92))
	expectNothing(t, a.Input(0, ackB[0]))
	at(t, 9, fsm.FinWait2, a, fsm.CloseWait, b)

	finB := sent(t, 10, b.Close(0), finAckSeg(91, 92))
	ackA = sent(t, 11, a.Input(0, finB[0]), ackSeg(92, 92))
	expectNothing(t, b.Input(0, ackA[0]))
	at(t, 11, fsm.TimeWait, a, fsm.Closed, b)
	expectTCB(t, a, 92, 92, 92)
}

// Several full segments straddle the wrap: A's ISN is 2^32-2000, so of
// 5000 bytes in 1448-byte segments (MSS 1460 less 12 bytes of timestamps)
// the second crosses 2^32.
func TestSequenceWrapMultiSegmentTransfer(t *testing.T) {
	var isn uint32 = 1<<32 - 2000 // a variable: the sums below wrap
	a, b := figureEndpoint(isn), figureEndpoint(7)
	expectNothing(t, b.Listen(0, epTuple))
	syn := sent(t, 1, a.Connect(0, peerTuple), synSeg(isn))
	synAck := sent(t, 2, b.Input(0, syn[0]), synAckSeg(7, isn+1))
	ack := sent(t, 3, a.Input(0, synAck[0]), ackSeg(isn+1, 8))
	expectNothing(t, b.Input(0, ack[0]))

	msg := make([]byte, 5000)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	_, r := a.Send(0, msg)
	segs := sent(t, 4, r,
		want{flags: ACK, seq: isn + 1, ack: 8, len: 1448},
		want{flags: ACK, seq: isn + 1 + 1448, ack: 8, len: 1448},
		want{flags: ACK, seq: isn + 1 + 2896, ack: 8, len: 1448},
		dataSeg(isn+1+4344, 8, 656))
	for i, s := range segs {
		end := uint32(s.Seq) + uint32(len(s.Payload))
		sent(t, 5+i, b.Input(0, s), ackSeg(8, end))
	}
	expectTCB(t, b, 8, 8, isn+1+5000) // 3001 after the wrap
	if b.RcvNxt() != 3001 {
		t.Fatalf("B's RCV.NXT %d, want 3001", b.RcvNxt())
	}
	got := make([]byte, 6000)
	if n, _ := b.Recv(0, got); !bytes.Equal(got[:n], msg) {
		t.Fatalf("B read %d bytes, want the 5000 sent, intact", n)
	}
}

// The ESTABLISHED table of states_established_test.go with the receive
// window straddling 2^32: RCV.NXT = 2^32-2048 and RCV.WND = 4096, so "mid"
// is 0, "right" 2047, "beyond" 2048 and "below" 2^32-2049; SND.NXT is
// 2^32-9 and the stale-ACK bound SND.UNA-MAX.SND.WND is below it.
func TestSequenceWrapWindowEdges(t *testing.T) {
	const rcv = 1<<32 - 2048
	tb := stateTable{
		fixture: fixture{state: fsm.Established, iss: nearWrap, irs: rcv - 1},
		una:     nearWrap + 1, nxt: nearWrap + 1, rcv: rcv, wnd: 4096, ack: nearWrap + 1,
		rows: establishedRows(nearWrap+1, rcv),
	}
	if tb.seqAt(atMid) != 0 || tb.seqAt(atRight) != 2047 || tb.seqAt(atBeyond) != 2048 {
		t.Fatalf("window places %d %d %d, want 0 2047 2048", tb.seqAt(atMid), tb.seqAt(atRight), tb.seqAt(atBeyond))
	}
	tb.run(t)
}

// The send side across the wrap: with SND.UNA = 2^32-9 and 100 bytes
// outstanding (SND.NXT = 91), partial and full ACKs on either side of 2^32
// move SND.UNA, and an ACK of 92 (beyond SND.NXT) is refused.
func TestSequenceWrapAcks(t *testing.T) {
	for _, c := range []struct {
		ack   uint32
		reply []want
		una   uint32
	}{
		{nearWrap + 5, nil, nearWrap + 5}, // before 2^32
		{0, nil, 0},                       // exactly 2^32
		{50, nil, 50},                     // after
		{91, nil, 91},                     // SND.NXT
		{92, []want{ackSeg(91, 5001)}, nearWrap + 1},
	} {
		ep, p := build(t, tableConfig(secure), fixture{state: fsm.Established, iss: nearWrap})
		_, r := ep.Send(0, make([]byte, 100))
		expect(t, r, dataSeg(nearWrap+1, 5001, 100))
		r = send(t, ep, p.seg(ACK, 5001, seq.Num(c.ack), ""))
		if !sameSegments(r.Out, c.reply) || uint32(ep.SndUna()) != c.una {
			t.Fatalf("<ACK=%d>: sent %s, SND.UNA %d; want %s, %d",
				c.ack, describeOut(r.Out), ep.SndUna(), describeWants(c.reply), c.una)
		}
	}
}
