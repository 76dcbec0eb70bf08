package properties

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// The reference endpoint answers an in-window RST with a challenge ACK,
// ignores one at the window's right edge and resets on one at RCV.NXT; with
// window scaling (fsm offers shift 1, window field 32768) SEQ =
// RCV.NXT+65535 is inside the window.
func TestBlindResetResistancePassesReferenceEndpoint(t *testing.T) {
	r := newFSMRun(t, fsm.Config{})
	r.established(true)
	r.at(20).in("R", 5100, 0, 0)
	if n := len(r.sent()); n != 1 || r.sent()[0].Flags != segment.ACK {
		t.Fatalf("in-window RST drew %v", r.sent())
	}
	r.at(25).in("R", 5001+65535, 0, 0) // the right edge of the unscaled window
	if n := len(r.sent()); n != 0 {
		t.Fatalf("RST at the right edge drew %d segments", n)
	}
	r.at(30).in("R", 5001, 0, 0).at(40).tick()
	mustPass(t, r.trace(), new(BlindResetResistance), r.config())

	r = newFSMRun(t, fsm.Config{})
	r.connect().at(10).in("S.", 5000, 1001, 0, optWScale(2)).at(20).in("R", 5001+65535, 0, 0)
	if n := len(r.sent()); n != 1 {
		t.Fatalf("RST in the scaled window drew %d segments:\n%s", n, dumpTrace(r.trace()))
	}
	r.at(30).in("R", 5001+65536, 0, 0) // the right edge: outside
	if n := len(r.sent()); n != 0 {
		t.Fatalf("RST at the right edge drew %d segments", n)
	}
	r.at(40).tick()
	mustPass(t, r.trace(), new(BlindResetResistance), r.config())
}

// RFC 5961 §7: past ChallengeACKLimit (10) a second, in-window RSTs go
// unanswered, and the monitor allows it.
func TestBlindResetResistancePassesRateLimit(t *testing.T) {
	r := newFSMRun(t, fsm.Config{})
	r.established(false)
	for i := int64(0); i < 12; i++ {
		r.at(100+10*i).in("R", 5100, 0, 0)
	}
	if n := len(r.sent()); n != 0 {
		t.Fatalf("12th RST in a second drew %d segments", n)
	}
	r.at(1200).in("R", 5100, 0, 0)
	if n := len(r.sent()); n != 1 {
		t.Fatalf("RST a second later drew %d segments", n)
	}
	r.at(1300).tick()
	mustPass(t, r.trace(), new(BlindResetResistance), r.config())
}

func TestBlindResetResistanceFlagsResetOnInWindowRST(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "R", 5101, 0, 0)
	at := tr.nextIndex()
	tr.change(observe.Established, observe.Closed).notify(observe.NoteReset|observe.NoteClosed, observe.ErrReset)
	mustFlag(t, tr, new(BlindResetResistance), DefaultConfig(), at,
		"RST with SEQ 5101 in the window but not RCV.NXT 5001 moved the state to CLOSED")
}

func TestBlindResetResistanceFlagsMissingChallengeACK(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "R", 5101, 0, 0)
	at := tr.nextIndex()
	tr.at(30).tick()
	mustFlag(t, tr, new(BlindResetResistance), DefaultConfig(), at,
		"in-window RST in ESTABLISHED (SEQ 5101, RCV.NXT 5001, window edge 70536) drew no challenge ACK")
}

func TestBlindResetResistanceFlagsWrongChallengeACK(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "R", 5101, 0, 0)
	at := tr.nextIndex()
	tr.out(t, ".", 1001, 5000, 0)
	mustFlag(t, tr, new(BlindResetResistance), DefaultConfig(), at, "challenge ACK has ACK 5000, want RCV.NXT 5001")

	tr = activeOpen(t)
	tr.at(20).in(t, "R", 5101, 0, 0).out(t, ".", 1001, 5001, 0)
	at = tr.nextIndex()
	tr.out(t, ".", 1001, 5001, 0)
	mustFlag(t, tr, new(BlindResetResistance), DefaultConfig(), at, "sent 2 segments in answer to one in-window RST (SEQ 5101)")
}

func TestBlindResetResistanceFlagsAnswerToOutOfWindowRST(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "R", 70536, 0, 0) // RCV.NXT 5001 + window 65535: the right edge
	at := tr.nextIndex()
	tr.out(t, ".", 1001, 5001, 0)
	mustFlag(t, tr, new(BlindResetResistance), DefaultConfig(), at,
		"answered an RST with SEQ 70536 outside the window [5001, 70536)")
}

func TestBlindResetResistanceFlagsRSTWithoutAckInSynSent(t *testing.T) {
	tr := &trace{}
	tr.call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(10).in(t, "R", 5000, 0, 0)
	at := tr.nextIndex()
	tr.change(observe.SynSent, observe.Closed)
	mustFlag(t, tr, new(BlindResetResistance), DefaultConfig(), at,
		"RST (SEQ 5000 ACK 0) that must be ignored moved the state to CLOSED")

	// With an ACK of the SYN the reset is acceptable (RFC 9293 §3.10.7.3).
	tr = &trace{}
	tr.call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(10).in(t, "R.", 0, 1001, 0).change(observe.SynSent, observe.Closed)
	mustPass(t, tr, new(BlindResetResistance), DefaultConfig())
}

// RFC 793 mode resets on any in-window RST: the monitor does not apply.
func TestBlindResetResistancePassesLegacy(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "R", 5101, 0, 0).change(observe.Established, observe.Closed)
	cfg := DefaultConfig()
	cfg.Legacy = true
	mustPass(t, tr, new(BlindResetResistance), cfg)

	r := newFSMRun(t, fsm.Config{Legacy: true})
	r.established(false).at(20).in("R", 5100, 0, 0)
	if r.p.EP.State() != fsm.Closed {
		t.Fatalf("legacy endpoint in %v after an in-window RST", r.p.EP.State())
	}
	mustPass(t, r.trace(), new(BlindResetResistance), r.config())
}
