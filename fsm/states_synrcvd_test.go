package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/seq"
)

// Segments arriving in SYN-RECEIVED (RFC 9293 §3.10.7.4, RFC 5961), for a
// passive open (LISTEN, then the peer's SYN) and an active one (SYN-SENT,
// then the peer's SYN: simultaneous open). Either way SND.UNA = 1000 (our
// SYN is unacknowledged), SND.NXT = 1001, RCV.NXT = 5001, RCV.WND = 4096,
// and the table's ACK-bearing segments carry SEG.ACK = 1001, acknowledging
// our SYN. The places and kinds are described in
// states_established_test.go.

// synReceivedRows are the rows both openings share.
func synReceivedRows() []row {
	return []row{
		// first: not acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
		// The SYN at "below" is the peer's SYN again (SEG.SEQ = IRS = 5000)
		// and the SYN-ACK at "below" is the other simultaneous-open case;
		// both have rows of their own in the callers.
		{kinds: nonRST &^ syns, at: outside, modes: both, reply: ackWith(1001, 5001), next: fsm.SynReceived},
		{kinds: syns, at: atBeyond, modes: both, reply: ackWith(1001, 5001), next: fsm.SynReceived},
		{kinds: rsts, at: outside, modes: both, reply: noReply, next: fsm.SynReceived},
		// A retransmission of the peer's SYN is answered by retransmitting
		// the SYN-ACK, as BSD and Linux do (timewait.go states the choice;
		// RFC 9293 would send an ACK the peer in SYN-SENT cannot use).
		{kinds: kSYN, at: atBelow, modes: both, reply: answer(synAckSeg(1000, 5001)), next: fsm.SynReceived},
		// fifth: "If the ACK bit is off, drop the segment and return."
		{kinds: kFIN, at: inWindow, modes: both, reply: noReply, next: fsm.SynReceived},
		// fifth, SYN-RECEIVED: "If SND.UNA < SEG.ACK =< SND.NXT, then enter
		// ESTABLISHED state and continue processing"; otherwise "form a
		// reset segment <SEQ=SEG.ACK><CTL=RST> and send it."
		{kinds: kACK, at: inWindow, modes: both, reply: noReply, next: fsm.Established},
		{kinds: kAckAhead | kAckStale, at: inWindow, modes: both, reply: rstToAck, next: fsm.SynReceived},
		// ... and the text and FIN are processed in ESTABLISHED.
		{kinds: kData, at: atLeft, modes: both, reply: ackWith(1001, 5002), next: fsm.Established},
		{kinds: kFINACK, at: atLeft, modes: both, reply: ackWith(1001, 5002), next: fsm.CloseWait},
		{kinds: kData | kFINACK, at: past, modes: both, reply: ackWith(1001, 5001), next: fsm.Established},
	}
}

// Passive open: second, SYN-RECEIVED: "If this connection was initiated
// with a passive OPEN (i.e., came from the LISTEN state), then return this
// connection to LISTEN state and return"; fourth: "If the connection was
// initiated with a passive OPEN, then return this connection to the LISTEN
// state and return."
func TestSynReceivedPassiveSegments(t *testing.T) {
	rows := append(synReceivedRows(),
		row{kinds: rsts, at: atLeft, modes: both, reply: noReply, next: fsm.Listen},
		row{kinds: rsts, at: past, modes: secure, reply: ackWith(1001, 5001), next: fsm.SynReceived},
		row{kinds: rsts, at: past, modes: legacy, reply: noReply, next: fsm.Listen},
		row{kinds: syns, at: inWindow, modes: both, reply: noReply, next: fsm.Listen},
		// A SYN-ACK starting at IRS is simply not acceptable here.
		row{kinds: kSYNACK, at: atBelow, modes: both, reply: ackWith(1001, 5001), next: fsm.SynReceived},
	)
	tb := stateTable{
		fixture: fixture{state: fsm.SynReceived, open: passive},
		una:     1000, nxt: 1001, rcv: 5001, wnd: 4096, ack: 1001,
		rows: rows,
	}
	tb.run(t)
}

// Active open (simultaneous, Figure 7): second: "If this connection was
// initiated with an active OPEN (i.e., came from SYN-SENT state), then the
// connection was refused; signal the user "connection refused""; fourth:
// as a synchronized state (RFC 5961 challenge ACK, or RFC 793's reset).
func TestSynReceivedActiveSegments(t *testing.T) {
	rows := append(synReceivedRows(),
		row{kinds: rsts, at: atLeft, modes: both, reply: noReply, next: fsm.Closed, err: fsm.ErrRefused},
		row{kinds: rsts, at: past, modes: secure, reply: ackWith(1001, 5001), next: fsm.SynReceived},
		row{kinds: rsts, at: past, modes: legacy, reply: noReply, next: fsm.Closed, err: fsm.ErrRefused},
		row{kinds: syns, at: inWindow, modes: secure, reply: ackWith(1001, 5001), next: fsm.SynReceived},
		row{kinds: kSYN, at: inWindow, modes: legacy, reply: rstAckWith(1001, 5001), next: fsm.Closed, err: fsm.ErrReset},
		row{kinds: kSYNACK, at: inWindow, modes: legacy, reply: rstAckWith(1001, 5001), next: fsm.Closed, err: fsm.ErrReset},
		// Figure 7 line 6: the peer's SYN-ACK (SEG.SEQ = IRS, SEG.ACK =
		// 1001) completes the simultaneous open: its SYN lies left of the
		// window and is trimmed (§3.10.7.4: "trimming off any portions
		// that lie outside the window (including SYN and FIN)"), and the
		// ACK of our SYN moves to ESTABLISHED with nothing to send.
		row{kinds: kSYNACK, at: atBelow, modes: both, reply: noReply, next: fsm.Established},
	)
	tb := stateTable{
		fixture: fixture{state: fsm.SynReceived, open: active},
		una:     1000, nxt: 1001, rcv: 5001, wnd: 4096, ack: 1001,
		rows: rows,
	}
	tb.run(t)
}

// The ACK numbers at the edges of SND.UNA < SEG.ACK =< SND.NXT: only 1001
// is acceptable; 1000 (SND.UNA, our SYN not acknowledged) and 1002 draw
// <SEQ=SEG.ACK><CTL=RST> and leave the connection in SYN-RECEIVED.
func TestSynReceivedAckEdges(t *testing.T) {
	for _, how := range []opening{passive, active} {
		for _, c := range []struct {
			ack   uint32
			reply []want
			next  fsm.State
		}{
			{999, []want{rstSeg(999)}, fsm.SynReceived},
			{1000, []want{rstSeg(1000)}, fsm.SynReceived},
			{1001, nil, fsm.Established},
			{1002, []want{rstSeg(1002)}, fsm.SynReceived},
		} {
			ep, p := inStateVia(t, fsm.SynReceived, tableConfig(secure), how)
			r := send(t, ep, p.seg(ACK, 5001, seq.Num(c.ack), ""))
			if !sameSegments(r.Out, c.reply) || ep.State() != c.next {
				t.Fatalf("%v: <SEQ=5001><ACK=%d><CTL=ACK> sent %s, state %v; want %s, %v",
					how, c.ack, describeOut(r.Out), ep.State(), describeWants(c.reply), c.next)
			}
			if c.next == fsm.Established && r.Events&fsm.EvConnected == 0 {
				t.Fatalf("%v: events %q, want connected", how, r.Events)
			}
		}
	}
}

// A passive SYN-RECEIVED that went back to LISTEN answers the next SYN as
// LISTEN does, with a fresh SYN-ACK (Figure 8 lines 5 and 6).
func TestSynReceivedBackToListenAcceptsNextSYN(t *testing.T) {
	ep, p := inStateVia(t, fsm.SynReceived, tableConfig(secure), passive)
	expectNothing(t, send(t, ep, p.seg(RST, 5001, 0, "")))
	expectState(t, ep, fsm.Listen)
	r := send(t, ep, p.seg(SYN, 7000, 0, ""))
	expect(t, r, synAckSeg(1000, 7001))
	expectState(t, ep, fsm.SynReceived)
	expectNothing(t, send(t, ep, p.seg(ACK, 7001, 1001, "")))
	expectState(t, ep, fsm.Established)
}

// A CLOSE in SYN-RECEIVED waits for the handshake: "If no SENDs have been
// issued and there is no pending data to send, then form a FIN segment and
// send it, and enter FIN-WAIT-1 state" once ESTABLISHED (§3.10.4).
func TestSynReceivedCloseSendsFINAfterHandshake(t *testing.T) {
	ep, p := inStateVia(t, fsm.SynReceived, tableConfig(secure), passive)
	expectNothing(t, ep.Shutdown(0))
	expectState(t, ep, fsm.SynReceived)
	r := send(t, ep, p.next(ACK, ""))
	expect(t, r, finAckSeg(1001, 5001))
	expectState(t, ep, fsm.FinWait1)
}
