package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
)

// When a zero window opens, the persist timer stops and the data sent then
// starts the retransmission timer afresh (RFC 6298 §5.1), with the RTO the
// estimator gives, not the one the probes backed off (BSD's t_rxtshift = 0,
// Linux's icsk_backoff = 0). Here the window was zero when the application
// wrote, so the persist timer ran from 0 s; the window opens at 0.6 s: the
// data goes out then, and its timer expires at 1.6 s, not at the persist
// deadline of 1 s.
func TestPersistTimerStopsWhenWindowOpens(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.window = 0
	r.established()
	r.send(rigBytes(100))
	r.none()
	r.wantDeadline(fsm.Second) // the persist timer: the RTO, 1 s
	r.now = 600 * fsm.Millisecond
	r.peer.window = 1000
	r.ack(rigISS.Add(1))
	if d := r.one(); len(d.Payload) != 100 || d.Seq != rigISS.Add(1) {
		t.Fatalf("after the window opened: %v, want the 100 bytes", &d)
	}
	r.wantDeadline(r.now + fsm.Second)
	r.tick(r.now + fsm.Second - 1)
	r.none()
	r.tick(r.now + 1)
	if d := r.one(); len(d.Payload) != 100 {
		t.Fatalf("retransmission: %v, want the 100 bytes", &d)
	}
}

// After probes backed the timer off (1, 2, 4 and 8 s), the window opens at
// 16 s: the probe byte and the rest go out from SND.UNA and are retransmitted
// one RTO (1 s) later, not at the next probe's deadline (31 s) with an RTO of
// 16 s.
func TestPersistBackoffUndoneWhenWindowOpens(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.window = 0
	r.established()
	msg := rigBytes(100)
	r.send(msg)
	una := r.e.SndUna()
	at, rto := fsm.Time(0), fsm.Second
	for range 4 {
		at += rto
		r.tick(at)
		if p := r.one(); p.Seq != una || len(p.Payload) != 1 {
			t.Fatalf("at %v: %v, want a one-byte probe", at, &p)
		}
		rto *= 2
		r.wantDeadline(at + rto)
		r.ack(una) // the peer still has no room
	}
	if r.e.RTO() != 16*fsm.Second {
		t.Fatalf("RTO %v after four probes, want 16 s", r.e.RTO())
	}
	r.now = 16 * fsm.Second
	r.peer.window = 1000
	r.ack(una)
	if d := r.one(); d.Seq != una || len(d.Payload) != 100 {
		t.Fatalf("after the window opened: %v, want 100 bytes from SND.UNA", &d)
	}
	if r.e.RTO() != fsm.Second {
		t.Fatalf("RTO %v once the window opened, want 1 s again", r.e.RTO())
	}
	r.wantDeadline(17 * fsm.Second)
	r.tick(17 * fsm.Second)
	if d := r.one(); d.Seq != una || len(d.Payload) != 100 {
		t.Fatalf("retransmission: %v, want 100 bytes from SND.UNA", &d)
	}
}
