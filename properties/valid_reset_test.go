package properties

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// The reference endpoint's resets: from CLOSED in answer to segments with
// and without ACK (none to an RST), from ABORT with data outstanding, and
// in RFC 793 mode for an in-window SYN.
func TestValidResetPassesReferenceEndpoint(t *testing.T) {
	r := newFSMRun(t, fsm.Config{})
	r.in(".", 5, 77, 0).in("S", 9, 0, 10).in("R", 1, 1, 0).in("F", 100, 0, 5)
	if n := countSent(r.trace(), segment.RST); n != 3 {
		t.Fatalf("CLOSED sent %d resets:\n%s", n, dumpTrace(r.trace()))
	}
	mustPass(t, r.trace(), new(ValidReset), r.config())

	r = newFSMRun(t, fsm.Config{})
	r.established(true).at(20).send(100).at(30).abort()
	if s := r.sent(); len(s) != 1 || s[0].Seq != 1101 {
		t.Fatalf("abort sent %v", s)
	}
	mustPass(t, r.trace(), new(ValidReset), r.config())

	r = newFSMRun(t, fsm.Config{Legacy: true})
	r.established(false).at(20).in("S", 7000, 0, 0)
	mustPass(t, r.trace(), new(ValidReset), r.config())

	r = newFSMRun(t, fsm.Config{})
	r.listen().at(1).in("S", 5000, 0, 0).at(2).in(".", 5001, 3000, 0) // ACK of nothing sent
	if s := r.sent(); len(s) != 1 || s[0].Seq != 3000 {
		t.Fatalf("bad ACK in SYN-RECEIVED drew %v", s)
	}
	mustPass(t, r.trace(), new(ValidReset), r.config())
}

func TestValidResetFlagsWrongReplies(t *testing.T) {
	tr := &trace{}
	tr.in(t, ".", 5, 77, 0)
	at := tr.nextIndex()
	tr.out(t, "R", 78, 0, 0)
	mustFlag(t, tr, new(ValidReset), DefaultConfig(), at, "RST answering a segment with ACK 77 has SEQ 78; want SEG.ACK")

	tr = &trace{}
	tr.in(t, "S", 9, 0, 10)
	at = tr.nextIndex()
	tr.out(t, "R.", 0, 19, 0)
	mustFlag(t, tr, new(ValidReset), DefaultConfig(), at, "RST answering SEQ 9 LEN 11 has ACK 19; want SEG.SEQ+SEG.LEN 20")

	tr = &trace{}
	tr.in(t, "F", 100, 0, 5)
	at = tr.nextIndex()
	tr.out(t, "R", 0, 0, 0)
	mustFlag(t, tr, new(ValidReset), DefaultConfig(), at, "lacks the ACK bit; want ACK 106")
}

func TestValidResetFlagsResetOfReset(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "R", 5100, 0, 0)
	at := tr.nextIndex()
	tr.out(t, "R", 1001, 0, 0)
	mustFlag(t, tr, new(ValidReset), DefaultConfig(), at, "sent an RST (SEQ 1001) in answer to an RST (SEQ 5100)")
}

func TestValidResetFlagsAbort(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).call(observe.OpSend, 100, observe.ErrNone).out(t, "P.", 1001, 5001, 100).
		at(30).call(observe.OpAbort, 0, observe.ErrNone).change(observe.Established, observe.Closed)
	at := tr.nextIndex()
	tr.out(t, "R", 1200, 0, 0)
	mustFlag(t, tr, new(ValidReset), DefaultConfig(), at, "RST in ESTABLISHED has SEQ 1200; want SND.NXT 1101")

	tr.events = tr.events[:at]
	tr.out(t, "R.", 1101, 4000, 0)
	mustFlag(t, tr, new(ValidReset), DefaultConfig(), at, "RST with ACK has ACK 4000; want RCV.NXT 5001")

	// RFC 9293 §3.10.5: ABORT in SYN-SENT sends nothing.
	tr = &trace{}
	tr.call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(10).call(observe.OpAbort, 0, observe.ErrNone).change(observe.SynSent, observe.Closed)
	at = tr.nextIndex()
	tr.out(t, "R", 1001, 0, 0)
	mustFlag(t, tr, new(ValidReset), DefaultConfig(), at, "sent an RST from a call or timer in SYN-SENT")
}
