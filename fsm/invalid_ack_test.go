package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// RFC 9293 §3.10.7.4 first answers an unacceptable segment with an ACK.
// For a pure ACK the answers are spaced by Config.InvalidAckInterval
// (500 ms by default), in both modes, so that two ends whose windows
// disagree cannot answer each other's ACKs forever (package sim's
// TestACKWarAtRightEdge). Data, FIN and SYN are always answered, and
// challenge ACKs keep their own budget (RFC 5961 §7).
func TestInvalidAckAnswersSpaced(t *testing.T) {
	ms := fsm.Millisecond
	edge := seq.Num(5001 + 4096) // RCV.NXT + RCV.WND: just outside
	for _, m := range []mode{secure, legacy} {
		ep, p := inState(t, fsm.Established, tableConfig(m))
		ack := func(sq seq.Num) *segment.Segment { return p.seg(ACK, sq, 1001, "") }
		expect(t, sendAt(t, ep, 0, ack(edge)), ackSeg(1001, 5001))
		expectNothing(t, sendAt(t, ep, 10*ms, ack(edge)))
		expectNothing(t, sendAt(t, ep, 20*ms, ack(5000))) // left of the window
		expect(t, sendAt(t, ep, 30*ms, p.seg(PSH|ACK, edge, 1001, "x")), ackSeg(1001, 5001))
		expect(t, sendAt(t, ep, 40*ms, p.seg(FIN|ACK, edge, 1001, "")), ackSeg(1001, 5001))
		if m == secure {
			// An RST in the window but not at RCV.NXT: a challenge ACK.
			expect(t, sendAt(t, ep, 50*ms, p.seg(RST, 5001+100, 0, "")), ackSeg(1001, 5001))
		} else {
			// RFC 793: a SYN outside the window draws the plain ACK.
			expect(t, sendAt(t, ep, 50*ms, p.seg(SYN, edge, 0, "")), ackSeg(1001, 5001))
		}
		expectNothing(t, sendAt(t, ep, 499*ms, ack(edge)))
		expect(t, sendAt(t, ep, 500*ms, ack(edge)), ackSeg(1001, 5001))
		expectNothing(t, sendAt(t, ep, 600*ms, ack(edge)))
		expectState(t, ep, fsm.Established)
	}
}

// Config.InvalidAckInterval sets the spacing; a negative one answers every
// unacceptable ACK, as RFC 9293 reads.
func TestInvalidAckInterval(t *testing.T) {
	ms := fsm.Millisecond
	edge := seq.Num(5001 + 4096)
	for _, c := range []struct {
		interval fsm.Time
		answered int
	}{{-1, 5}, {20 * ms, 3}, {0, 1}} { // 0: the 500 ms default
		cfg := tableConfig(secure)
		cfg.InvalidAckInterval = c.interval
		ep, p := inState(t, fsm.Established, cfg)
		answered := 0
		for i := range 5 {
			r := sendAt(t, ep, fsm.Time(i)*10*ms, p.seg(ACK, edge, 1001, ""))
			if len(r.Out) > 0 {
				expect(t, r, ackSeg(1001, 5001))
				answered++
			}
		}
		if answered != c.answered {
			t.Fatalf("interval %v: %d of 5 ACKs 10 ms apart answered, want %d", c.interval, answered, c.answered)
		}
	}
}

// PAWS (RFC 7323 §5.3) rejects a pure ACK with an old timestamp; its
// answer is spaced the same way, as Linux does.
func TestInvalidAckPAWSSpaced(t *testing.T) {
	ms := fsm.Millisecond
	ep, p := build(t, tableConfig(secure), fixture{state: fsm.Established, peer: (*peer).offerAll})
	p.tsVal = 10 // older than TS.Recent: PAWS rejects
	for i, answered := range []bool{true, false, false} {
		r := sendAt(t, ep, fsm.Time(i)*10*ms, p.seg(ACK, 5001, 1001, ""))
		if (len(r.Out) > 0) != answered {
			t.Fatalf("old timestamp %d: %d segments sent, want an answer: %v", i, len(r.Out), answered)
		}
		p.tsVal = 10
	}
	expectState(t, ep, fsm.Established)
}
