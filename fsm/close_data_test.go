package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/seq"
)

// RFC 1122 §4.2.2.13 (RFC 9293 §3.6, SHLD-2): a host whose CLOSE ends
// reading "if new data is received after CLOSE is called, its TCP SHOULD
// send a RST to show that data was lost". Close is that call (the
// application reads no more; Shutdown keeps reading). New data in
// FIN-WAIT-1 or FIN-WAIT-2 after Close draws <SEQ=SEG.ACK><CTL=RST> and
// the connection is deleted, as BSD and Linux do.
func TestCloseThenNewDataResets(t *testing.T) {
	for _, c := range []struct {
		name     string
		finAcked bool // FIN-WAIT-2: the peer acknowledged our FIN
		withFIN  bool // the data comes with the peer's FIN
	}{
		{"FIN-WAIT-1", false, false},
		{"FIN-WAIT-2", true, false},
		{"FIN-WAIT-2, data and FIN", true, true},
	} {
		ep, p := inState(t, fsm.Established, fsm.Config{})
		expect(t, ep.Close(0), finAckSeg(1001, 5001))
		ack := uint32(1001)
		if c.finAcked {
			ack = 1002
			expectNothing(t, send(t, ep, p.seg(ACK, 5001, 1002, "")))
			expectState(t, ep, fsm.FinWait2)
		}
		flags := PSH | ACK
		if c.withFIN {
			flags |= FIN
		}
		r := send(t, ep, p.seg(flags, 5001, seq.Num(ack), "abc"))
		expect(t, r, rstSeg(ack))
		expectState(t, ep, fsm.Closed)
		if r.Events&fsm.EvClosed == 0 || ep.Readable() != 0 {
			t.Fatalf("%s: events %q, %d readable; want closed, the data dropped", c.name, r.Events, ep.Readable())
		}
	}
}

// What is not new data after Close is handled as before: a retransmission
// of bytes already received is acknowledged, the peer's FIN alone ends the
// connection through TIME-WAIT, and data after Shutdown (which keeps the
// read half open) is readable.
func TestCloseThenOldDataOrFIN(t *testing.T) {
	ep, p := inState(t, fsm.Established, fsm.Config{})
	expect(t, send(t, ep, p.next(PSH|ACK, "abc")), ackSeg(1001, 5004))
	if n, _ := ep.Recv(0, make([]byte, 3)); n != 3 {
		t.Fatalf("read %d bytes, want 3", n)
	}
	expect(t, ep.Close(0), finAckSeg(1001, 5004))
	expect(t, send(t, ep, p.seg(PSH|ACK, 5001, 1001, "abc")), ackSeg(1002, 5004))
	expectState(t, ep, fsm.FinWait1)
	expect(t, send(t, ep, p.seg(FIN|ACK, 5004, 1002, "")), ackSeg(1002, 5005))
	expectState(t, ep, fsm.TimeWait)

	ep, p = inState(t, fsm.Established, fsm.Config{})
	expect(t, ep.Shutdown(0), finAckSeg(1001, 5001))
	expect(t, send(t, ep, p.seg(PSH|ACK, 5001, 1002, "abc")), ackSeg(1002, 5004))
	expectState(t, ep, fsm.FinWait2)
	if ep.Readable() != 3 {
		t.Fatalf("%d bytes readable after Shutdown, want 3", ep.Readable())
	}
	// Close after Shutdown with the bytes unread: RST, as ever.
	expect(t, ep.Close(0), rstSeg(1002))
	expectState(t, ep, fsm.Closed)
}

// Close after Shutdown ends reading too: new data then draws the RST.
func TestShutdownThenCloseThenNewDataResets(t *testing.T) {
	ep, p := inState(t, fsm.Established, fsm.Config{})
	expect(t, ep.Shutdown(0), finAckSeg(1001, 5001))
	expectNothing(t, ep.Close(0))
	expect(t, send(t, ep, p.seg(PSH|ACK, 5001, 1002, "abc")), rstSeg(1002))
	expectState(t, ep, fsm.Closed)
}
