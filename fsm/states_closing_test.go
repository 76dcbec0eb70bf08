package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/seq"
)

// Segments arriving in the states after a CLOSE: FIN-WAIT-1, FIN-WAIT-2,
// CLOSING and LAST-ACK (RFC 9293 §3.10.7.4, RFC 5961). The tables' places
// and kinds are described in states_established_test.go. In FIN-WAIT-1,
// CLOSING and LAST-ACK our FIN (SEQ=1001) is outstanding, and the table's
// ACK-bearing segments carry SEG.ACK = 1001 = SND.UNA, which does not
// acknowledge it; the tests after the tables acknowledge it.

// FIN-WAIT-1: SND.UNA = 1001, SND.NXT = 1002 (the FIN), RCV.NXT = 5001.
func TestFinWait1Segments(t *testing.T) {
	tb := stateTable{
		fixture: fixture{state: fsm.FinWait1},
		una:     1001, nxt: 1002, rcv: 5001, wnd: 4096, ack: 1001,
		rows: []row{
			// first: outside the window: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
			{kinds: nonRST, at: outside, modes: both, reply: ackWith(1002, 5001), next: fsm.FinWait1},
			{kinds: rsts, at: outside, modes: both, reply: noReply, next: fsm.FinWait1},
			// second: "FIN-WAIT-1 ... If the RST bit is set, then any
			// outstanding RECEIVEs and SEND should receive "reset"
			// responses ... enter the CLOSED state"; RFC 5961 §3.2 narrows
			// it to SEG.SEQ = RCV.NXT, with a challenge ACK elsewhere.
			{kinds: rsts, at: atLeft, modes: both, reply: noReply, next: fsm.Closed, err: fsm.ErrReset},
			{kinds: rsts, at: past, modes: secure, reply: ackWith(1002, 5001), next: fsm.FinWait1},
			{kinds: rsts, at: past, modes: legacy, reply: noReply, next: fsm.Closed, err: fsm.ErrReset},
			// fourth: SYN (RFC 5961 §4.2 challenge ACK; RFC 793 reset).
			{kinds: syns, at: inWindow, modes: secure, reply: ackWith(1002, 5001), next: fsm.FinWait1},
			{kinds: kSYN, at: inWindow, modes: legacy, reply: rstAckWith(1002, 5001), next: fsm.Closed, err: fsm.ErrReset},
			{kinds: kSYNACK, at: inWindow, modes: legacy, reply: rstAckWith(1002, 5001), next: fsm.Closed, err: fsm.ErrReset},
			// fifth.
			{kinds: kFIN, at: inWindow, modes: both, reply: noReply, next: fsm.FinWait1},
			{kinds: kACK, at: inWindow, modes: both, reply: noReply, next: fsm.FinWait1},
			{kinds: kAckAhead, at: inWindow, modes: both, reply: ackWith(1002, 5001), next: fsm.FinWait1},
			{kinds: kAckStale, at: inWindow, modes: secure, reply: ackWith(1002, 5001), next: fsm.FinWait1},
			{kinds: kAckStale, at: inWindow, modes: legacy, reply: noReply, next: fsm.FinWait1},
			// seventh: FIN-WAIT-1 still takes text. eighth: "If our FIN
			// has been ACKed ... enter TIME-WAIT ...; otherwise, enter the
			// CLOSING state" — here it has not been.
			{kinds: kData, at: atLeft, modes: both, reply: ackWith(1002, 5002), next: fsm.FinWait1},
			{kinds: kFINACK, at: atLeft, modes: both, reply: ackWith(1002, 5002), next: fsm.Closing},
			{kinds: kData | kFINACK, at: past, modes: both, reply: ackWith(1002, 5001), next: fsm.FinWait1},
		},
	}
	tb.run(t)
}

// FIN-WAIT-2: our FIN acknowledged: SND.UNA = SND.NXT = 1002, RCV.NXT = 5001.
func TestFinWait2Segments(t *testing.T) {
	tb := stateTable{
		fixture: fixture{state: fsm.FinWait2},
		una:     1002, nxt: 1002, rcv: 5001, wnd: 4096, ack: 1002,
		rows: []row{
			{kinds: nonRST, at: outside, modes: both, reply: ackWith(1002, 5001), next: fsm.FinWait2},
			{kinds: rsts, at: outside, modes: both, reply: noReply, next: fsm.FinWait2},
			{kinds: rsts, at: atLeft, modes: both, reply: noReply, next: fsm.Closed, err: fsm.ErrReset},
			{kinds: rsts, at: past, modes: secure, reply: ackWith(1002, 5001), next: fsm.FinWait2},
			{kinds: rsts, at: past, modes: legacy, reply: noReply, next: fsm.Closed, err: fsm.ErrReset},
			{kinds: syns, at: inWindow, modes: secure, reply: ackWith(1002, 5001), next: fsm.FinWait2},
			{kinds: kSYN, at: inWindow, modes: legacy, reply: rstAckWith(1002, 5001), next: fsm.Closed, err: fsm.ErrReset},
			{kinds: kSYNACK, at: inWindow, modes: legacy, reply: rstAckWith(1002, 5001), next: fsm.Closed, err: fsm.ErrReset},
			{kinds: kFIN, at: inWindow, modes: both, reply: noReply, next: fsm.FinWait2},
			{kinds: kACK, at: inWindow, modes: both, reply: noReply, next: fsm.FinWait2},
			{kinds: kAckAhead, at: inWindow, modes: both, reply: ackWith(1002, 5001), next: fsm.FinWait2},
			{kinds: kAckStale, at: inWindow, modes: secure, reply: ackWith(1002, 5001), next: fsm.FinWait2},
			{kinds: kAckStale, at: inWindow, modes: legacy, reply: noReply, next: fsm.FinWait2},
			// seventh: FIN-WAIT-2 still takes text. eighth: "FIN-WAIT-2:
			// Enter the TIME-WAIT state."
			{kinds: kData, at: atLeft, modes: both, reply: ackWith(1002, 5002), next: fsm.FinWait2},
			{kinds: kFINACK, at: atLeft, modes: both, reply: ackWith(1002, 5002), next: fsm.TimeWait},
			{kinds: kData | kFINACK, at: past, modes: both, reply: ackWith(1002, 5001), next: fsm.FinWait2},
		},
	}
	tb.run(t)
}

// closingRows are the rows CLOSING and LAST-ACK share (SND.UNA = 1001,
// SND.NXT = 1002, RCV.NXT = 5002), st being the state itself.
func closingRows(st fsm.State) []row {
	return []row{
		{kinds: nonRST, at: outside, modes: both, reply: ackWith(1002, 5002), next: st},
		{kinds: rsts, at: outside, modes: both, reply: noReply, next: st},
		// second: "CLOSING, LAST-ACK, TIME-WAIT: If the RST bit is set,
		// then enter the CLOSED state, delete the TCB, and return" — no
		// error for the user, who has closed already.
		{kinds: rsts, at: atLeft, modes: both, reply: noReply, next: fsm.Closed},
		{kinds: rsts, at: past, modes: secure, reply: ackWith(1002, 5002), next: st},
		{kinds: rsts, at: past, modes: legacy, reply: noReply, next: fsm.Closed},
		// fourth: RFC 793's in-window SYN signals "connection reset".
		{kinds: syns, at: inWindow, modes: secure, reply: ackWith(1002, 5002), next: st},
		{kinds: kSYN, at: inWindow, modes: legacy, reply: rstAckWith(1002, 5002), next: fsm.Closed, err: fsm.ErrReset},
		{kinds: kSYNACK, at: inWindow, modes: legacy, reply: rstAckWith(1002, 5002), next: fsm.Closed, err: fsm.ErrReset},
		{kinds: kFIN, at: inWindow, modes: both, reply: noReply, next: st},
		{kinds: kACK, at: inWindow, modes: both, reply: noReply, next: st},
		{kinds: kAckAhead, at: inWindow, modes: both, reply: ackWith(1002, 5002), next: st},
		{kinds: kAckStale, at: inWindow, modes: secure, reply: ackWith(1002, 5002), next: st},
		{kinds: kAckStale, at: inWindow, modes: legacy, reply: noReply, next: st},
		// seventh: ignore the text; eighth: remain in the state. The
		// peer's FIN was consumed already: RCV.NXT stays 5002.
		{kinds: kData | kFINACK, at: inWindow, modes: both, reply: ackWith(1002, 5002), next: st},
	}
}

// CLOSING (simultaneous close, Figure 13 line 3).
func TestClosingSegments(t *testing.T) {
	tb := stateTable{
		fixture: fixture{state: fsm.Closing},
		una:     1001, nxt: 1002, rcv: 5002, wnd: 4096, ack: 1001,
		rows: closingRows(fsm.Closing),
	}
	tb.run(t)
}

// LAST-ACK (passive close).
func TestLastAckSegments(t *testing.T) {
	tb := stateTable{
		fixture: fixture{state: fsm.LastAck},
		una:     1001, nxt: 1002, rcv: 5002, wnd: 4096, ack: 1001,
		rows: closingRows(fsm.LastAck),
	}
	tb.run(t)
}

// The ACK of our FIN (SEG.ACK = 1002) in each state that waits for it
// (§3.10.7.4 fifth), at RCV.NXT and elsewhere in the window.
func TestAckOfOurFIN(t *testing.T) {
	cases := []struct {
		from, to fsm.State
		rcv      uint32
		ev       fsm.Events
	}{
		// "FIN-WAIT-1: ... if the FIN segment is now acknowledged, then
		// enter FIN-WAIT-2 and continue processing in that state."
		{fsm.FinWait1, fsm.FinWait2, 5001, 0},
		// "CLOSING: ... if the ACK acknowledges our FIN, then enter the
		// TIME-WAIT state; otherwise, ignore the segment."
		{fsm.Closing, fsm.TimeWait, 5002, 0},
		// "LAST-ACK: The only thing that can arrive in this state is an
		// acknowledgment of our FIN. If our FIN is now acknowledged,
		// delete the TCB, enter the CLOSED state, and return."
		{fsm.LastAck, fsm.Closed, 5002, fsm.EvClosed},
	}
	for _, c := range cases {
		for _, off := range []uint32{0, 2048, 4095} {
			for _, m := range []mode{secure, legacy} {
				ep, p := inState(t, c.from, tableConfig(m))
				r := send(t, ep, p.seg(ACK, seq.Num(c.rcv+off), 1002, ""))
				if len(r.Out) != 0 || ep.State() != c.to || r.Events&fsm.EvClosed != c.ev || ep.Err() != fsm.OK {
					t.Fatalf("%v, mode %d: <SEQ=%d><ACK=1002><CTL=ACK> sent %s, state %v, events %q, err %q; want nothing, %v, %q, OK",
						c.from, m, c.rcv+off, describeOut(r.Out), ep.State(), r.Events, ep.Err(), c.to, c.ev)
				}
			}
		}
	}
}

// In FIN-WAIT-1 a FIN that also acknowledges ours goes straight to
// TIME-WAIT (§3.10.7.4 fifth then eighth: "If our FIN has been ACKed
// (perhaps in this segment), then enter TIME-WAIT").
func TestFinWait1FinAckingOurFIN(t *testing.T) {
	ep, p := inState(t, fsm.FinWait1, tableConfig(secure))
	r := send(t, ep, p.seg(FIN|ACK, 5001, 1002, ""))
	expect(t, r, ackSeg(1002, 5002))
	expectState(t, ep, fsm.TimeWait)
	if want := 2 * fsm.DefaultConfig().MSL; r.Deadline != want {
		t.Fatalf("TIME-WAIT deadline %d, want 2 MSL = %d", r.Deadline, want)
	}
}

// Data the peer sends in FIN-WAIT-2 is still delivered (§3.10.7.4
// seventh), and its FIN then ends in TIME-WAIT.
func TestFinWait2TakesDataThenFIN(t *testing.T) {
	ep, p := inState(t, fsm.FinWait2, tableConfig(secure))
	expect(t, send(t, ep, p.next(PSH|ACK, "late")), ackSeg(1002, 5005))
	if ep.Readable() != 4 {
		t.Fatalf("%d bytes readable, want 4", ep.Readable())
	}
	expect(t, send(t, ep, p.next(FIN|ACK, "")), ackSeg(1002, 5006))
	expectState(t, ep, fsm.TimeWait)
}
