package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Segments arriving in TIME-WAIT (RFC 9293 §3.10.7.4, RFC 1337, RFC 6191,
// RFC 5961). The endpoint closed first and the peer's FIN was taken:
// SND.UNA = SND.NXT = 1002, RCV.NXT = 5002, RCV.WND = 4096; the table's
// ACK-bearing segments carry SEG.ACK = 1002. The places and kinds are
// described in states_established_test.go.

// twMSL2 is 2 MSL with the default MSL: how long TIME-WAIT lasts.
var twMSL2 = 2 * fsm.DefaultConfig().MSL

// timeWaitRows are the rows of an actively opened connection in TIME-WAIT.
func timeWaitRows() []row {
	return []row{
		// first: not acceptable: ACK and drop. At "below" this includes
		// the retransmission of the peer's FIN (SEG.SEQ = 5001): "The only
		// thing that can arrive in this state is a retransmission of the
		// remote FIN. Acknowledge it, and restart the 2 MSL timeout."
		// A SYN anywhere draws the same ACK as a challenge (RFC 5961 §4.2;
		// doc.go: no new incarnation for an actively opened endpoint).
		{kinds: nonRST, at: outside, modes: both, reply: ackWith(1002, 5002), next: fsm.TimeWait},
		// RFC 1337: RSTs are ignored in TIME-WAIT (no assassination), in
		// and out of the window, in both modes.
		{kinds: rsts, at: anywhere, modes: both, reply: noReply, next: fsm.TimeWait},
		// A SYN: challenge ACK in both modes (doc.go's choice for
		// TIME-WAIT). A SYN-ACK is no new connection request: RFC 5961
		// §4.2 challenge ACK, or RFC 793's reset.
		{kinds: kSYN, at: inWindow, modes: both, reply: ackWith(1002, 5002), next: fsm.TimeWait},
		{kinds: kSYNACK, at: inWindow, modes: secure, reply: ackWith(1002, 5002), next: fsm.TimeWait},
		{kinds: kSYNACK, at: inWindow, modes: legacy, reply: rstAckWith(1002, 5002), next: fsm.Closed, err: fsm.ErrReset},
		// fifth.
		{kinds: kFIN, at: inWindow, modes: both, reply: noReply, next: fsm.TimeWait},
		{kinds: kACK, at: inWindow, modes: both, reply: noReply, next: fsm.TimeWait},
		{kinds: kAckAhead, at: inWindow, modes: both, reply: ackWith(1002, 5002), next: fsm.TimeWait},
		{kinds: kAckStale, at: inWindow, modes: secure, reply: ackWith(1002, 5002), next: fsm.TimeWait},
		{kinds: kAckStale, at: inWindow, modes: legacy, reply: noReply, next: fsm.TimeWait},
		// seventh: ignore the text. eighth: "TIME-WAIT STATE: Remain in
		// the TIME-WAIT state. Restart the 2 MSL time-wait timeout." As
		// in CLOSE-WAIT, CLOSING and LAST-ACK, the peer's FIN was
		// consumed already: RCV.NXT stays 5002.
		{kinds: kData | kFINACK, at: inWindow, modes: both, reply: ackWith(1002, 5002), next: fsm.TimeWait},
	}
}

func TestTimeWaitSegments(t *testing.T) {
	tb := stateTable{
		fixture: fixture{state: fsm.TimeWait},
		una:     1002, nxt: 1002, rcv: 5002, wnd: 4096, ack: 1002,
		rows: timeWaitRows(),
		afterEach: func(t *testing.T, ep *fsm.Endpoint, r fsm.Result, c probeCase) {
			if ep.State() == fsm.TimeWait {
				expectTCB(t, ep, 1002, 1002, 5002)
			}
		},
	}
	tb.run(t)
}

// With Config.TimeWaitRST an RST closes TIME-WAIT as Linux does — only an
// acceptable one: exactly at RCV.NXT in secure mode (RFC 5961 §3.2, and no
// challenge ACK: there is nothing left to protect), anywhere in the window
// in legacy mode.
func TestTimeWaitRSTConfigured(t *testing.T) {
	tb := stateTable{
		fixture: fixture{state: fsm.TimeWait},
		cfg: func(m mode) fsm.Config {
			c := tableConfig(m)
			c.TimeWaitRST = true
			return c
		},
		una: 1002, nxt: 1002, rcv: 5002, wnd: 4096, ack: 1002,
		rows: []row{
			{kinds: rsts, at: atLeft, modes: both, reply: noReply, next: fsm.Closed},
			{kinds: rsts, at: past, modes: secure, reply: noReply, next: fsm.TimeWait},
			{kinds: rsts, at: past, modes: legacy, reply: noReply, next: fsm.Closed},
			{kinds: rsts, at: outside, modes: both, reply: noReply, next: fsm.TimeWait},
		},
		skipCoverage: true, // only RSTs differ from TestTimeWaitSegments
	}
	tb.run(t)
}

// TIME-WAIT lasts 2 MSL from its start; a retransmitted FIN is acknowledged
// and restarts the 2 MSL (§3.10.7.4 fifth and eighth); when it ends the
// endpoint is CLOSED without a segment (§3.10.8, "Time-Wait Timeout").
func TestTimeWaitRetransmittedFINRestarts2MSL(t *testing.T) {
	for _, c := range []struct {
		name string
		fin  func(p *peer) *segment.Segment
	}{
		{"retransmitted FIN-ACK", func(p *peer) *segment.Segment { return p.seg(FIN|ACK, 5001, 1002, "") }},
		{"retransmitted FIN without ACK", func(p *peer) *segment.Segment { return p.seg(FIN, 5001, 0, "") }},
		// A FIN at RCV.NXT is no retransmission but the eighth step says
		// the same: remain in TIME-WAIT, restart the 2 MSL timeout.
		{"FIN-ACK at RCV.NXT", func(p *peer) *segment.Segment { return p.seg(FIN|ACK, 5002, 1002, "") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			ep, p := inState(t, fsm.TimeWait, tableConfig(secure))
			r := ep.Tick(0)
			if r.Deadline != twMSL2 {
				t.Fatalf("deadline %d, want 2 MSL = %d", r.Deadline, twMSL2)
			}
			at := 10 * fsm.Second
			r = sendAt(t, ep, at, c.fin(p))
			expect(t, r, ackSeg(1002, 5002))
			if r.Deadline != at+twMSL2 {
				t.Fatalf("deadline after the FIN at %d: %d, want %d", at, r.Deadline, at+twMSL2)
			}
			r = ep.Tick(twMSL2)
			expectNothing(t, r)
			expectState(t, ep, fsm.TimeWait)
			r = ep.Tick(at + twMSL2 - 1)
			expectState(t, ep, fsm.TimeWait)
			r = ep.Tick(at + twMSL2)
			expectNothing(t, r)
			expectState(t, ep, fsm.Closed)
			if r.Events&fsm.EvClosed == 0 || r.Deadline != fsm.Never {
				t.Fatalf("at the end of TIME-WAIT: events %q, deadline %d; want closed, Never", r.Events, r.Deadline)
			}
		})
	}
}

// Segments that do not restart the timer leave the deadline alone: only a
// FIN restarts it.
func TestTimeWaitAckDoesNotRestart2MSL(t *testing.T) {
	ep, p := inState(t, fsm.TimeWait, tableConfig(secure))
	r := sendAt(t, ep, 10*fsm.Second, p.seg(ACK, 5002, 1002, ""))
	expectNothing(t, r)
	if r.Deadline != twMSL2 {
		t.Fatalf("deadline %d after an ACK, want unchanged %d", r.Deadline, twMSL2)
	}
}

// A SYN in TIME-WAIT of a passively opened endpoint (doc.go, RFC 6191 §2,
// RFC 9293 §3.10.7.4 / RFC 1122 §4.2.2.13). Without timestamps the
// sequence number decides: above RCV.NXT (5002) it starts a new
// incarnation, answered like LISTEN with <SEQ=ISS'><ACK=SEG.SEQ+1><CTL=SYN,ACK>;
// otherwise a challenge ACK. The ISN function hands out 1000 and then
// 90000 for the new incarnation.
func TestTimeWaitSynNewIncarnationBySequence(t *testing.T) {
	cases := []struct {
		name  string
		seq   uint32
		reply want
		next  fsm.State
	}{
		{"SEG.SEQ = RCV.NXT+1", 5003, synAckSeg(90000, 5004), fsm.SynReceived},
		{"SEG.SEQ far above RCV.NXT", 800000, synAckSeg(90000, 800001), fsm.SynReceived},
		{"SEG.SEQ = RCV.NXT", 5002, ackSeg(1002, 5002), fsm.TimeWait},
		{"SEG.SEQ = RCV.NXT-1", 5001, ackSeg(1002, 5002), fsm.TimeWait},
		{"SEG.SEQ below RCV.NXT", 100, ackSeg(1002, 5002), fsm.TimeWait},
	}
	for _, m := range []mode{secure, legacy} {
		for _, c := range cases {
			cfg := tableConfig(m)
			cfg.ISN = isnSequence(1000, 90000)
			ep, p := inStateVia(t, fsm.TimeWait, cfg, passive)
			r := send(t, ep, p.seg(SYN, seq.Num(c.seq), 0, ""))
			if !sameSegments(r.Out, []want{c.reply}) || ep.State() != c.next {
				t.Fatalf("mode %d, %s: <SEQ=%d><CTL=SYN> sent %s, state %v; want %v, %v",
					m, c.name, c.seq, describeOut(r.Out), ep.State(), c.reply, c.next)
			}
			if c.next != fsm.SynReceived {
				continue
			}
			// The new incarnation completes like any passive open.
			expectNothing(t, send(t, ep, p.seg(ACK, seq.Num(c.seq+1), 90001, "")))
			expectState(t, ep, fsm.Established)
			expectTCB(t, ep, 90001, 90001, c.seq+1)
		}
	}
}

// The same SYNs to an actively opened endpoint in TIME-WAIT only draw a
// challenge ACK (doc.go: the new-incarnation rule is for passive opens).
func TestTimeWaitSynActiveOpenChallenged(t *testing.T) {
	for _, sq := range []uint32{5003, 800000, 5002, 100} {
		ep, p := inState(t, fsm.TimeWait, tableConfig(secure))
		r := send(t, ep, p.seg(SYN, seq.Num(sq), 0, ""))
		if !sameSegments(r.Out, []want{ackSeg(1002, 5002)}) || ep.State() != fsm.TimeWait {
			t.Fatalf("<SEQ=%d><CTL=SYN> sent %s, state %v; want <SEQ=1002><ACK=5002><CTL=ACK>, TIME-WAIT",
				sq, describeOut(r.Out), ep.State())
		}
	}
}

// With timestamps on the old connection, RFC 6191 §2 decides by the SYN's
// timestamp: newer than the last one seen → new incarnation whatever its
// sequence number; equal → new incarnation if the sequence number is
// higher; older → not (challenge ACK here, doc.go; RFC 6191 would drop it
// silently). A SYN without timestamps falls back to the sequence number
// ("If TCP Timestamps would not be enabled for the new incarnation").
func TestTimeWaitSynNewIncarnationByTimestamp(t *testing.T) {
	cases := []struct {
		name   string
		seq    uint32
		tsDiff int // TSval - TS.Recent; noTS for no timestamps option
		reply  want
		next   fsm.State
	}{
		{"newer TSval, higher seq", 9000, +1, synAckSeg(90000, 9001), fsm.SynReceived},
		{"newer TSval, lower seq", 100, +1, synAckSeg(90000, 101), fsm.SynReceived},
		{"newer TSval, SEG.SEQ = RCV.NXT", 5002, +1000, synAckSeg(90000, 5003), fsm.SynReceived},
		{"equal TSval, higher seq", 9000, 0, synAckSeg(90000, 9001), fsm.SynReceived},
		{"equal TSval, lower seq", 100, 0, ackSeg(1002, 5002), fsm.TimeWait},
		{"older TSval, higher seq", 9000, -1, ackSeg(1002, 5002), fsm.TimeWait},
		{"older TSval, lower seq", 100, -1, ackSeg(1002, 5002), fsm.TimeWait},
		{"no timestamps, higher seq", 9000, noTS, synAckSeg(90000, 9001), fsm.SynReceived},
		{"no timestamps, lower seq", 100, noTS, ackSeg(1002, 5002), fsm.TimeWait},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := tableConfig(secure)
			cfg.ISN = isnSequence(1000, 90000)
			ep, p := build(t, cfg, fixture{state: fsm.TimeWait, open: passive, peer: (*peer).offerAll})
			if !ep.Timestamps() {
				t.Fatalf("timestamps not negotiated")
			}
			recent := p.tsVal - 1 // the TSval of the peer's FIN
			syn := p.seg(SYN, seq.Num(c.seq), 0, "")
			syn.Options.Reset()
			_ = syn.Options.AddMSS(1460)
			if c.tsDiff != noTS {
				_ = syn.Options.AddNOP()
				_ = syn.Options.AddNOP()
				_ = syn.Options.AddTimestamps(recent+uint32(c.tsDiff), 0)
			}
			r := send(t, ep, syn)
			if !sameSegments(r.Out, []want{c.reply}) || ep.State() != c.next {
				t.Fatalf("<SEQ=%d><CTL=SYN> TSval TS.Recent%+d: sent %s, state %v; want %v, %v",
					c.seq, c.tsDiff, describeOut(r.Out), ep.State(), c.reply, c.next)
			}
		})
	}
}

// noTS marks a SYN without a timestamps option.
const noTS = 1 << 30

// RFC 1122 §4.2.2.13: TIME-WAIT "MAY accept a new SYN ... if it: (1)
// assigns its initial sequence number for the new connection to be larger
// than the largest sequence number it used on the previous connection
// incarnation". The old connection used up to 1001 (its FIN); an ISN
// function that answers 1000 again must not be taken as is: the new ISS is
// at least the old SND.NXT, 1002.
func TestTimeWaitNewIncarnationISSAboveOldSequenceSpace(t *testing.T) {
	ep, p := inStateVia(t, fsm.TimeWait, tableConfig(secure), passive) // ISN always 1000
	r := send(t, ep, p.seg(SYN, 9000, 0, ""))
	if len(r.Out) != 1 || r.Out[0].Flags != SYN|ACK || uint32(r.Out[0].Ack) != 9001 {
		t.Fatalf("sent %s, want one SYN-ACK acknowledging 9001", describeOut(r.Out))
	}
	iss := r.Out[0].Seq
	if !iss.GreaterThan(1001) {
		t.Fatalf("new incarnation's ISS %d, want above 1001, the old connection's last sequence number", iss)
	}
	expectTCB(t, ep, uint32(iss), uint32(iss)+1, 9001)
	expectNothing(t, send(t, ep, p.seg(ACK, 9001, iss.Add(1), "")))
	expectState(t, ep, fsm.Established)
}
