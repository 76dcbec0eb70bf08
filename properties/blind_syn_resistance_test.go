package properties

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// The reference endpoint answers a SYN in ESTABLISHED, in the window or
// not, and a retransmitted SYN-ACK, with challenge ACKs.
func TestBlindSynResistancePassesReferenceEndpoint(t *testing.T) {
	r := newFSMRun(t, fsm.Config{})
	r.established(true)
	for i, sq := range []uint32{5001, 9000, 5000} {
		r.at(int64(20+i)).in("S", sq, 0, 0, optTS(uint32(20+i), 0))
		if n := len(r.sent()); n != 1 || r.sent()[0].Flags != segment.ACK {
			t.Fatalf("SYN %d drew %v", sq, r.sent())
		}
	}
	r.at(30).in("S.", 5000, 1001, 0, optTS(30, 0)).at(40).tick()
	if r.p.EP.State() != fsm.Established {
		t.Fatalf("state %v after SYNs", r.p.EP.State())
	}
	mustPass(t, r.trace(), new(BlindSynResistance), r.config())
}

// A passive endpoint in TIME-WAIT answers a SYN that is no newer with a
// challenge ACK, and takes a newer one (higher timestamp and sequence
// number) as a new incarnation (RFC 6191).
func TestBlindSynResistancePassesTimeWaitIncarnation(t *testing.T) {
	r := newFSMRun(t, fsm.Config{MSL: fsm.Second})
	r.listen().at(1).in("S", 5000, 0, 0, optTS(5, 0)).at(2).in(".", 5001, 1001, 0, optTS(6, 1))
	r.at(4).close().at(5).in("F.", 5001, 1002, 0, optTS(8, 4))
	if r.p.EP.State() != fsm.TimeWait {
		t.Fatalf("state %v, want TIME-WAIT", r.p.EP.State())
	}
	r.at(6).in("S", 5001, 0, 0, optTS(8, 0))
	if len(r.sent()) != 1 || r.p.EP.State() != fsm.TimeWait {
		t.Fatalf("old SYN in TIME-WAIT: %v, state %v", r.sent(), r.p.EP.State())
	}
	r.at(7).in("S", 5010, 0, 0, optTS(9, 0))
	if r.p.EP.State() != fsm.SynReceived {
		t.Fatalf("new SYN in TIME-WAIT: state %v", r.p.EP.State())
	}
	r.at(8).in(".", 5011, 1003, 0, optTS(10, 7)).at(9).tick()
	mustPass(t, r.trace(), new(BlindSynResistance), r.config())
}

// In SYN-RECEIVED after a passive open, a SYN other than the peer's first
// one returns the connection to LISTEN (RFC 9293 §3.10.7.4), and the
// peer's SYN again draws the SYN-ACK again.
func TestBlindSynResistancePassesSynReceived(t *testing.T) {
	r := newFSMRun(t, fsm.Config{})
	r.listen().at(1).in("S", 5000, 0, 0).at(2).in("S", 5000, 0, 0)
	if len(r.sent()) != 1 || !r.sent()[0].Flags.Has(segment.SYN|segment.ACK) {
		t.Fatalf("duplicate SYN drew %v", r.sent())
	}
	r.at(3).in("S", 5100, 0, 0).at(4).tick()
	if r.p.EP.State() != fsm.Listen {
		t.Fatalf("state %v, want LISTEN", r.p.EP.State())
	}
	mustPass(t, r.trace(), new(BlindSynResistance), r.config())
}

func TestBlindSynResistanceFlagsReset(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "S", 9000, 0, 0)
	at := tr.nextIndex()
	tr.out(t, "R.", 1001, 5001, 0)
	mustFlag(t, tr, new(BlindSynResistance), DefaultConfig(), at,
		"answered a SYN in ESTABLISHED (SEQ 9000) with an RST")

	tr = activeOpen(t)
	tr.at(20).in(t, "S", 5001, 0, 0)
	at = tr.nextIndex()
	tr.change(observe.Established, observe.Closed)
	mustFlag(t, tr, new(BlindSynResistance), DefaultConfig(), at,
		"SYN (SEQ 5001, RCV.NXT 5001) moved the state to CLOSED")
}

func TestBlindSynResistanceFlagsMissingChallengeACK(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "S", 9000, 0, 0)
	at := tr.nextIndex()
	tr.at(25).in(t, ".", 5001, 1001, 0)
	mustFlag(t, tr, new(BlindSynResistance), DefaultConfig(), at,
		"SYN in ESTABLISHED (SEQ 9000, RCV.NXT 5001) drew no challenge ACK")
}

// A SYN in TIME-WAIT below RCV.NXT, without timestamps, is no new
// incarnation: answering it with a SYN-ACK is a new connection.
func TestBlindSynResistanceFlagsOldSynInTimeWait(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).call(observe.OpClose, 0, observe.ErrNone).change(observe.Established, observe.FinWait1).
		out(t, "F.", 1001, 5001, 0).at(30).in(t, "F.", 5001, 1002, 0).
		change(observe.FinWait1, observe.FinWait2).change(observe.FinWait2, observe.TimeWait).
		out(t, ".", 1002, 5002, 0).at(40).in(t, "S", 4000, 0, 0)
	at := tr.nextIndex()
	tr.change(observe.TimeWait, observe.SynReceived).out(t, "S.", 90000, 4001, 0)
	mustFlag(t, tr, new(BlindSynResistance), DefaultConfig(), at,
		"SYN (SEQ 4000, RCV.NXT 5002) moved the state to SYN-RECEIVED")

	tr.events = tr.events[:at]
	tr.out(t, "S.", 90000, 4001, 0)
	mustFlag(t, tr, new(BlindSynResistance), DefaultConfig(), at,
		"answered a SYN in TIME-WAIT (SEQ 4000) with a SYN: a new connection")
}

func TestBlindSynResistancePassesLegacy(t *testing.T) {
	r := newFSMRun(t, fsm.Config{Legacy: true})
	r.established(false).at(20).in("S", 7000, 0, 0)
	if r.p.EP.State() != fsm.Closed || len(r.sent()) != 1 || !r.sent()[0].Flags.Has(segment.RST) {
		t.Fatalf("legacy endpoint: state %v, sent %v", r.p.EP.State(), r.sent())
	}
	mustPass(t, r.trace(), new(BlindSynResistance), r.config())
}
