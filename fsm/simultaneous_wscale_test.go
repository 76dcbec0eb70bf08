package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
)

// RFC 7323 §2.2: "The window field in a segment where the SYN bit is set
// (i.e., a <SYN> or <SYN,ACK>) MUST NOT be scaled." In a simultaneous open
// with window scaling (Figure 7), both SYN-ACKs count: the one the
// endpoint sends from SYN-RECEIVED, first and retransmitted, carries its
// window unscaled, and the peer's SYN-ACK, processed with its SYN trimmed
// off, gives SND.WND = 300, not 300 << 2. Later segments are scaled.
func TestSimultaneousOpenSynAckWindowsNotScaled(t *testing.T) {
	ep := fsm.New(fsm.Config{ISN: fixedISN(ourISS), RecvBuffer: 1 << 20}) // shift 5
	p := newPeer(peerISS)
	_ = p.syn.AddWScale(2)
	p.wnd = 300
	expect(t, ep.Connect(0, epTuple), synSeg(ourISS))
	r := send(t, ep, p.next(SYN, ""))
	expect(t, r, synAckSeg(ourISS, peerISS+1))
	if r.Out[0].Window != 65535 {
		t.Fatalf("our SYN-ACK's window %d, want 65535: never scaled", r.Out[0].Window)
	}
	r = ep.Tick(r.Deadline)
	expect(t, r, synAckSeg(ourISS, peerISS+1))
	if r.Out[0].Window != 65535 {
		t.Fatalf("retransmitted SYN-ACK's window %d, want 65535", r.Out[0].Window)
	}

	sendAt(t, ep, r.Deadline, p.seg(SYN|ACK, peerISS, ourISS+1, ""))
	expectState(t, ep, fsm.Established)
	if ep.SndWnd() != 300 {
		t.Fatalf("SND.WND %d from the peer's SYN-ACK, want 300 unscaled", ep.SndWnd())
	}
	n, r := ep.Send(2*fsm.Second, make([]byte, 1000))
	if n != 1000 || len(r.Out) != 1 || len(r.Out[0].Payload) != 300 {
		t.Fatalf("Send: %d queued, %d segments; want 300 bytes sent, the window", n, len(r.Out))
	}
	send(t, ep, p.seg(ACK, peerISS+1, ourISS+1, ""))
	if ep.SndWnd() != 1200 {
		t.Fatalf("SND.WND %d from a later ACK, want 300 << 2", ep.SndWnd())
	}
}
