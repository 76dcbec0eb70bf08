package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
)

// RFC 9293 §3.10.7.4 first: "If the RCV.WND is zero, no segments will be
// acceptable, but special allowance should be made to accept valid ACKs,
// URGs, and RSTs." A segment at RCV.NXT into the zero window (the peer's
// zero-window probe) has its ACK taken, with the fifth step's checks; its
// byte is dropped and acknowledged. A segment elsewhere is not taken.
func TestZeroWindowProbeAckTaken(t *testing.T) {
	ep, p := inState(t, fsm.Established, fsm.Config{RecvBuffer: 6})
	_, r := ep.Send(0, []byte("hello"))
	expect(t, r, dataSeg(1001, 5001, 5))
	expect(t, send(t, ep, p.seg(PSH|ACK, 5001, 1001, "abcdef")), ackSeg(1006, 5007)) // fills the window
	zeroWindowAck := func(r fsm.Result) {
		t.Helper()
		expect(t, r, ackSeg(1006, 5007))
		if r.Out[0].Window != 0 || ep.Readable() != 6 || ep.RcvNxt() != 5007 {
			t.Fatalf("window %d, %d readable, RCV.NXT %d; want 0, 6, 5007 (the byte dropped)",
				r.Out[0].Window, ep.Readable(), ep.RcvNxt())
		}
	}

	zeroWindowAck(send(t, ep, p.seg(PSH|ACK, 5007, 1004, "g"))) // acknowledges 3 bytes
	if ep.SndUna() != 1004 {
		t.Fatalf("SND.UNA %d, want 1004: the probe's ACK was not taken", ep.SndUna())
	}
	zeroWindowAck(send(t, ep, p.seg(PSH|ACK, 5008, 1006, "h"))) // not at RCV.NXT
	if ep.SndUna() != 1004 {
		t.Fatalf("SND.UNA %d, want 1004: an ACK off RCV.NXT was taken", ep.SndUna())
	}
	zeroWindowAck(send(t, ep, p.seg(PSH|ACK, 5007, 1010, "g"))) // acknowledges unsent data
	if ep.SndUna() != 1004 {
		t.Fatalf("SND.UNA %d, want 1004: an ACK of unsent data was taken", ep.SndUna())
	}
	r = send(t, ep, p.seg(PSH|ACK, 5007, 1006, "g"))
	zeroWindowAck(r)
	if ep.SndUna() != 1006 || r.Deadline != fsm.Never {
		t.Fatalf("SND.UNA %d, deadline %v; want 1006 and no timer: all acknowledged", ep.SndUna(), r.Deadline)
	}
	expectState(t, ep, fsm.Established)
}

// The ACK of a FIN that comes into a zero window is taken too: our own FIN
// acknowledged moves FIN-WAIT-1 to FIN-WAIT-2, while the peer's FIN, which
// the window has no room for, is dropped (TestChecklistFINIntoZeroWindow).
func TestZeroWindowFINAckTaken(t *testing.T) {
	ep, p := inState(t, fsm.Established, fsm.Config{RecvBuffer: 6})
	expect(t, send(t, ep, p.next(PSH|ACK, "abcdef")), ackSeg(1001, 5007))
	expect(t, ep.Shutdown(0), finAckSeg(1001, 5007))
	expectState(t, ep, fsm.FinWait1)
	r := send(t, ep, p.seg(FIN|ACK, 5007, 1002, ""))
	expect(t, r, ackSeg(1002, 5007))
	expectState(t, ep, fsm.FinWait2)
	if r.Events&fsm.EvPeerClosed != 0 {
		t.Fatalf("events %q: the FIN past the zero window was taken", r.Events)
	}
}
