package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// RFC 9293 §3.10.7.4 first: an acceptable segment is trimmed of "any
// portions that lie outside the window (including SYN and FIN)", the window
// being the one advertised, even where the buffer has more room: a 70000-
// byte buffer without window scaling advertises 65535, and a 65600-byte
// segment at RCV.NXT is cut to 65535, its FIN with it.
func TestReceiveTrimmedToAdvertisedWindow(t *testing.T) {
	r := newRig(t, fsm.Config{RecvBuffer: 70000})
	r.established()
	if got := r.e.RcvWnd(); got != 65535 {
		t.Fatalf("RCV.WND %d, want 65535", got)
	}
	start := r.peerNxt
	res := r.input(r.mk(segment.ACK|segment.FIN, start, r.e.SndUna(), rigBytes(65600)))
	if a := r.one(); a.Ack != start.Add(65535) || res.Events&fsm.EvPeerClosed != 0 {
		t.Fatalf("answered %v, events %v; want ACK %d and no FIN", &a, res.Events, start.Add(65535))
	}
	if r.e.Readable() != 65535 {
		t.Fatalf("%d bytes readable, want 65535", r.e.Readable())
	}
}

// Reading a little opens buffer space without a window update (it stays
// below one MSS, RFC 9293 §3.8.6.2.2), so the window advertised is still
// the right edge: a segment reaching past it is trimmed there.
func TestReceiveTrimmedAfterReadWithoutUpdate(t *testing.T) {
	r := newRig(t, fsm.Config{RecvBuffer: 4096})
	r.established()
	r.data(rigBytes(4000))
	if a := r.one(); a.Window != 96 {
		t.Fatalf("window %d after 4000 bytes, want 96", a.Window)
	}
	r.recv(make([]byte, 100))
	r.none() // 196 free: no update
	start := r.peerNxt
	r.input(r.mk(segment.ACK|segment.PSH, start, r.e.SndUna(), rigBytes(150)))
	if a := r.one(); a.Ack != start.Add(96) {
		t.Fatalf("answered %v, want ACK %d: 96 bytes taken", &a, start.Add(96))
	}
	if r.e.Readable() != 3996 {
		t.Fatalf("%d bytes readable, want 3900+96", r.e.Readable())
	}
}

// Data that fills the window exactly leaves its FIN just outside: the FIN
// is trimmed (§3.10.7.4 first) and taken once the window opens.
func TestReceiveFINPastFullWindow(t *testing.T) {
	ep, p := inState(t, fsm.Established, fsm.Config{RecvBuffer: 6})
	r := send(t, ep, p.seg(FIN|PSH|ACK, 5001, 1001, "abcdef"))
	expect(t, r, ackSeg(1001, 5007))
	expectState(t, ep, fsm.Established)
	if _, r = ep.Recv(0, make([]byte, 6)); r.Out[0].Window != 6 {
		t.Fatalf("window update %d, want 6", r.Out[0].Window)
	}
	expect(t, send(t, ep, p.seg(FIN|ACK, 5007, 1001, "")), ackSeg(1001, 5008))
	expectState(t, ep, fsm.CloseWait)
}

// RFC 7323 §2.3: with scaling, SEG.WND = RCV.WND >> Rcv.Wind.Shift. The
// endpoint rounds up, so free space under one unit is not a zero window:
// shift 14 with a 2000-byte buffer advertises one unit (16384), where
// rounding down said 0 forever and the peer could never send. RCV.WND is
// then 16384 and the bytes beyond the buffer are dropped unacknowledged;
// the right edge stays where it was advertised (RFC 7323 §2.4: "honor, as
// in window, any segment that would have been in window for any <ACK>
// sent"), while the window field drops to 0.
func TestReceiveWindowScale14SmallBuffer(t *testing.T) {
	r := newRig(t, fsm.Config{RecvBuffer: 2000, WScale: 14})
	r.peer.wscale = 0
	r.established()
	if a := r.out[0]; a.Window != 1 || r.e.RcvWnd() != 16384 {
		t.Fatalf("window field %d, RCV.WND %d; want 1 unit, 16384", a.Window, r.e.RcvWnd())
	}
	start := r.peerNxt
	r.input(r.mk(segment.ACK|segment.PSH, start, r.e.SndUna(), rigBytes(2500)))
	if a := r.one(); a.Ack != start.Add(2000) || a.Window != 0 {
		t.Fatalf("answered %v, want ACK %d with window 0", &a, start.Add(2000))
	}
	if r.e.RcvWnd() != 16384-2000 {
		t.Fatalf("RCV.WND %d, want the edge kept: %d", r.e.RcvWnd(), 16384-2000)
	}
	r.recv(make([]byte, 1500))
	if a := r.one(); a.Window != 1 {
		t.Fatalf("window update %d, want 1 unit for 1500 free bytes", a.Window)
	}
}
