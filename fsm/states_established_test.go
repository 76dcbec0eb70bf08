package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Segments arriving in ESTABLISHED and CLOSE-WAIT (RFC 9293 §3.10.7.4,
// RFC 5961), plus the acceptable-ACK range of RFC 5961 §5.2 and the
// challenge-ACK rate limit of RFC 5961 §7.
//
// Reading the tables: "left" is SEG.SEQ = RCV.NXT, "mid" RCV.NXT+RCV.WND/2,
// "right" RCV.NXT+RCV.WND-1, "below" RCV.NXT-1 and "beyond" RCV.NXT+RCV.WND;
// data segments carry one byte; ACK-bearing segments carry the table's
// SEG.ACK unless the kind says otherwise.

// establishedRows is the ESTABLISHED table for SND.UNA = SND.NXT = sn and
// RCV.NXT = rn; wrap_test.go runs it across the 2^32 wrap.
func establishedRows(sn, rn uint32) []row {
	return []row{
		// §3.10.7.4 first: a segment outside the window is not
		// acceptable: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, drop it.
		// An unacceptable RST is dropped without reply.
		{kinds: nonRST, at: outside, modes: both, reply: ackWith(sn, rn), next: fsm.Established},
		{kinds: rsts, at: outside, modes: both, reply: noReply, next: fsm.Established},
		// second (RFC 5961 §3.2): an RST exactly at RCV.NXT resets the
		// connection; one elsewhere in the window draws a challenge
		// ACK. RFC 793 (legacy) resets on any in-window RST.
		{kinds: rsts, at: atLeft, modes: both, reply: noReply, next: fsm.Closed, err: fsm.ErrReset},
		{kinds: rsts, at: past, modes: secure, reply: ackWith(sn, rn), next: fsm.Established},
		{kinds: rsts, at: past, modes: legacy, reply: noReply, next: fsm.Closed, err: fsm.ErrReset},
		// fourth (RFC 5961 §4.2): any SYN draws a challenge ACK. RFC
		// 793: an in-window SYN is an error: reset and CLOSED; the
		// reset is <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, which a
		// synchronized peer accepts (§3.5.2).
		{kinds: syns, at: inWindow, modes: secure, reply: ackWith(sn, rn), next: fsm.Established},
		{kinds: kSYN, at: inWindow, modes: legacy, reply: rstAckWith(sn, rn), next: fsm.Closed, err: fsm.ErrReset},
		{kinds: kSYNACK, at: inWindow, modes: legacy, reply: rstAckWith(sn, rn), next: fsm.Closed, err: fsm.ErrReset},
		// fifth: without the ACK bit the segment is dropped.
		{kinds: kFIN, at: inWindow, modes: both, reply: noReply, next: fsm.Established},
		// fifth: SND.UNA =< SEG.ACK =< SND.NXT is acceptable; nothing to say.
		{kinds: kACK, at: inWindow, modes: both, reply: noReply, next: fsm.Established},
		// SEG.ACK > SND.NXT: send an ACK, drop the segment.
		{kinds: kAckAhead, at: inWindow, modes: both, reply: ackWith(sn, rn), next: fsm.Established},
		// RFC 5961 §5.2: SEG.ACK < SND.UNA-MAX.SND.WND: challenge ACK,
		// drop. RFC 793 ignores a duplicate ACK.
		{kinds: kAckStale, at: inWindow, modes: secure, reply: ackWith(sn, rn), next: fsm.Established},
		{kinds: kAckStale, at: inWindow, modes: legacy, reply: noReply, next: fsm.Established},
		// seventh and eighth: the byte or the FIN at RCV.NXT is taken
		// and acknowledged; a FIN moves to CLOSE-WAIT.
		{kinds: kData, at: atLeft, modes: both, reply: ackWith(sn, rn+1), next: fsm.Established},
		{kinds: kFINACK, at: atLeft, modes: both, reply: ackWith(sn, rn+1), next: fsm.CloseWait},
		// Beyond RCV.NXT: no reassembly queue (a doc.go choice), so the
		// segment is dropped with an immediate duplicate ACK.
		{kinds: kData | kFINACK, at: past, modes: both, reply: ackWith(sn, rn), next: fsm.Established},
	}
}

// ESTABLISHED (active open): SND.UNA = SND.NXT = 1001, RCV.NXT = 5001,
// RCV.WND = 4096 (the window is 5001..9096), MAX.SND.WND = 8192.
func TestEstablishedSegments(t *testing.T) {
	tb := stateTable{
		fixture: fixture{state: fsm.Established},
		una:     1001, nxt: 1001, rcv: 5001, wnd: 4096, ack: 1001,
		rows: establishedRows(1001, 5001),
	}
	tb.run(t)
}

// CLOSE-WAIT (active open, the peer's FIN taken): SND.UNA = SND.NXT = 1001,
// RCV.NXT = 5002, RCV.WND = 4096.
func TestCloseWaitSegments(t *testing.T) {
	tb := stateTable{
		fixture: fixture{state: fsm.CloseWait},
		una:     1001, nxt: 1001, rcv: 5002, wnd: 4096, ack: 1001,
		rows: []row{
			// first: outside the window: ACK and drop; RST dropped.
			{kinds: nonRST, at: outside, modes: both, reply: ackWith(1001, 5002), next: fsm.CloseWait},
			{kinds: rsts, at: outside, modes: both, reply: noReply, next: fsm.CloseWait},
			// second: reset at RCV.NXT; challenge ACK elsewhere (RFC 5961).
			{kinds: rsts, at: atLeft, modes: both, reply: noReply, next: fsm.Closed, err: fsm.ErrReset},
			{kinds: rsts, at: past, modes: secure, reply: ackWith(1001, 5002), next: fsm.CloseWait},
			{kinds: rsts, at: past, modes: legacy, reply: noReply, next: fsm.Closed, err: fsm.ErrReset},
			// fourth: SYN.
			{kinds: syns, at: inWindow, modes: secure, reply: ackWith(1001, 5002), next: fsm.CloseWait},
			{kinds: kSYN, at: inWindow, modes: legacy, reply: rstAckWith(1001, 5002), next: fsm.Closed, err: fsm.ErrReset},
			{kinds: kSYNACK, at: inWindow, modes: legacy, reply: rstAckWith(1001, 5002), next: fsm.Closed, err: fsm.ErrReset},
			// fifth.
			{kinds: kFIN, at: inWindow, modes: both, reply: noReply, next: fsm.CloseWait},
			{kinds: kACK, at: inWindow, modes: both, reply: noReply, next: fsm.CloseWait},
			{kinds: kAckAhead, at: inWindow, modes: both, reply: ackWith(1001, 5002), next: fsm.CloseWait},
			{kinds: kAckStale, at: inWindow, modes: secure, reply: ackWith(1001, 5002), next: fsm.CloseWait},
			{kinds: kAckStale, at: inWindow, modes: legacy, reply: noReply, next: fsm.CloseWait},
			// seventh: "This should not occur since a FIN has been received
			// from the remote side. Ignore the segment text." Eighth:
			// remain in CLOSE-WAIT. The peer's FIN was consumed already, so
			// a FIN now is not a new one: RCV.NXT stays 5002 and the
			// endpoint only acknowledges.
			{kinds: kData | kFINACK, at: inWindow, modes: both, reply: ackWith(1001, 5002), next: fsm.CloseWait},
		},
		afterEach: func(t *testing.T, ep *fsm.Endpoint, _ fsm.Result, c probeCase) {
			if ep.Readable() != 0 {
				t.Fatalf("%d bytes readable after the peer's FIN, want 0", ep.Readable())
			}
		},
	}
	tb.run(t)
}

// The data byte at RCV.NXT reaches the application; the FIN at RCV.NXT
// tells it the peer closed (RFC 9293 §3.10.7.4 seventh and eighth).
func TestEstablishedDeliversDataAndFIN(t *testing.T) {
	ep, p := inState(t, fsm.Established, tableConfig(secure))
	r := send(t, ep, p.next(PSH|ACK, "hello"))
	expect(t, r, ackSeg(1001, 5006))
	if r.Events&fsm.EvReadable == 0 || ep.Readable() != 5 {
		t.Fatalf("events %v, %d readable; want readable and 5", r.Events, ep.Readable())
	}
	r = send(t, ep, p.next(FIN|ACK, ""))
	expect(t, r, ackSeg(1001, 5007))
	expectState(t, ep, fsm.CloseWait)
	if r.Events&fsm.EvPeerClosed == 0 {
		t.Fatalf("events %v, want peer-closed", r.Events)
	}
}

// A segment that starts before RCV.NXT but reaches into the window is
// acceptable (§3.10.7.4 first, second test); only the new part is taken.
func TestEstablishedOverlapAtLeftEdgeTrimmed(t *testing.T) {
	ep, p := inState(t, fsm.Established, tableConfig(secure))
	// <SEQ=5000><DATA=3>: byte 5000 is old, 5001 and 5002 are new.
	r := send(t, ep, p.seg(PSH|ACK, 5000, 1001, "abc"))
	expect(t, r, ackSeg(1001, 5003))
	got := make([]byte, 8)
	if n, _ := ep.Recv(0, got); string(got[:n]) != "bc" {
		t.Fatalf("read %q, want %q", got[:n], "bc")
	}
}

// A segment longer than the window is trimmed to it (§3.10.7.4: "only the
// portion within the window is processed"); a FIN beyond the window is not
// taken.
func TestEstablishedTrimsToRightEdge(t *testing.T) {
	ep, p := inState(t, fsm.Established, tableConfig(secure))
	big := make([]byte, 4096+10)
	for i := range big {
		big[i] = 'a'
	}
	r := send(t, ep, p.seg(FIN|PSH|ACK, 5001, 1001, string(big)))
	expect(t, r, ackSeg(1001, 5001+4096))
	expectState(t, ep, fsm.Established)
	if ep.Readable() != 4096 {
		t.Fatalf("%d bytes readable, want 4096", ep.Readable())
	}
}

// RFC 5961 §5.2 with data outstanding: the endpoint has sent 100 bytes
// (SND.UNA = 1001, SND.NXT = 1101) and the peer's window is 8192, so an ACK
// is acceptable when 1001-8192 =< SEG.ACK =< 1101. Each probe carries one
// byte at RCV.NXT: an acceptable ACK lets it through.
func TestEstablishedAckRange(t *testing.T) {
	low := seq.Num(1001).Sub(peerWnd) // SND.UNA - MAX.SND.WND
	cases := []struct {
		name     string
		ack      seq.Num
		m        mode
		reply    want
		una      uint32 // SND.UNA afterwards
		readable int
	}{
		// Acceptable: the byte is taken; SND.UNA moves up to SEG.ACK.
		{"SND.UNA-MAX.SND.WND", low, secure, ackSeg(1101, 5002), 1001, 1},
		{"SND.UNA", 1001, secure, ackSeg(1101, 5002), 1001, 1},
		{"SND.UNA+50", 1051, secure, ackSeg(1101, 5002), 1051, 1},
		{"SND.NXT", 1101, secure, ackSeg(1101, 5002), 1101, 1},
		// SEG.ACK > SND.NXT: "send an ACK, drop the segment, and return"
		// (§3.10.7.4 fifth), in both modes.
		{"SND.NXT+1", 1102, secure, ackSeg(1101, 5001), 1001, 0},
		{"SND.NXT+1", 1102, legacy, ackSeg(1101, 5001), 1001, 0},
		// Too old: RFC 5961 §5.2 discards it with a challenge ACK; RFC
		// 793 ignores the ACK field but takes the text.
		{"SND.UNA-MAX.SND.WND-1", low.Sub(1), secure, ackSeg(1101, 5001), 1001, 0},
		{"SND.UNA-MAX.SND.WND-1", low.Sub(1), legacy, ackSeg(1101, 5002), 1001, 1},
		// In legacy mode the bound does not exist: an older duplicate is
		// acceptable too.
		{"SND.UNA-MAX.SND.WND-1000", low.Sub(1000), legacy, ackSeg(1101, 5002), 1001, 1},
	}
	for _, c := range cases {
		name := "secure/"
		if c.m == legacy {
			name = "legacy/"
		}
		t.Run(name+c.name, func(t *testing.T) {
			ep, p := inState(t, fsm.Established, tableConfig(c.m))
			n, r := ep.Send(0, make([]byte, 100))
			if n != 100 {
				t.Fatalf("Send took %d bytes, want 100", n)
			}
			expect(t, r, dataSeg(1001, 5001, 100))
			r = send(t, ep, p.seg(PSH|ACK, 5001, c.ack, "x"))
			expect(t, r, c.reply)
			if uint32(ep.SndUna()) != c.una || ep.Readable() != c.readable {
				t.Fatalf("SND.UNA %d, %d readable; want %d and %d", ep.SndUna(), ep.Readable(), c.una, c.readable)
			}
		})
	}
}

// RFC 5961 §7: challenge ACKs are limited per second (default 10), and the
// budget is shared by RSTs, SYNs and bad ACKs.
func TestChallengeACKRateLimit(t *testing.T) {
	ep, p := inState(t, fsm.Established, tableConfig(secure))
	rstMid := func() *segment.Segment { return p.seg(RST, 5001+2048, 0, "") }
	for i := 0; i < 10; i++ {
		r := sendAt(t, ep, fsm.Time(i)*fsm.Millisecond, rstMid())
		expect(t, r, ackSeg(1001, 5001))
	}
	// The 11th in the same second: silence, whatever draws it.
	expectNothing(t, sendAt(t, ep, 500*fsm.Millisecond, rstMid()))
	expectNothing(t, sendAt(t, ep, 600*fsm.Millisecond, p.seg(SYN, 5001, 0, "")))
	expectNothing(t, sendAt(t, ep, 700*fsm.Millisecond, p.seg(ACK, 5001, 1002, "")))
	// Out-of-window segments other than SYNs are answered by §3.10.7.4's
	// first step, which is not a challenge ACK and not limited (an
	// out-of-window SYN is: checklist_test.go).
	expect(t, sendAt(t, ep, 800*fsm.Millisecond, p.seg(ACK, 4000, 1001, "")), ackSeg(1001, 5001))
	// A second later the budget is back.
	expect(t, sendAt(t, ep, 1000*fsm.Millisecond, rstMid()), ackSeg(1001, 5001))
	expectState(t, ep, fsm.Established)
}

// Config.ChallengeACKLimit sets the budget; -1 removes it.
func TestChallengeACKLimitConfigured(t *testing.T) {
	for _, c := range []struct {
		limit, sent, answered int
	}{{1, 5, 1}, {3, 5, 3}, {-1, 100, 100}} {
		cfg := tableConfig(secure)
		cfg.ChallengeACKLimit = c.limit
		ep, p := inState(t, fsm.Established, cfg)
		answered := 0
		for i := 0; i < c.sent; i++ {
			r := send(t, ep, p.seg(SYN, 5001+100, 0, ""))
			if len(r.Out) > 0 {
				expect(t, r, ackSeg(1001, 5001))
				answered++
			}
		}
		if answered != c.answered {
			t.Fatalf("limit %d: %d of %d SYNs answered, want %d", c.limit, answered, c.sent, c.answered)
		}
	}
}

// RCV.WND is the window the endpoint advertised. With the default 64 KiB
// buffer and no window scaling (the peer offered none) the window field
// can only say 65535, so RCV.WND is 65535 although 65536 bytes are free,
// and RCV.NXT+65535 lies just outside the window: an ACK there is answered
// and dropped, an RST there silently dropped (RFC 5961 §3.2: "If the RST
// bit is set and the sequence number is outside the current receive
// window, silently drop the segment"), and the byte at RCV.NXT+65534 is
// the right edge.
func TestEstablishedWindowIsWhatWasAdvertised(t *testing.T) {
	ep, p := inState(t, fsm.Established, fsm.Config{})
	if got := ep.RcvWnd(); got != 65535 {
		t.Fatalf("RCV.WND %d, want 65535 (the field's limit, not the 65536 free)", got)
	}
	r := send(t, ep, p.seg(ACK, 5001+65535, 1001, ""))
	expect(t, r, ackSeg(1001, 5001))
	if r.Out[0].Window != 65535 {
		t.Fatalf("window field %d, want 65535", r.Out[0].Window)
	}
	expectNothing(t, send(t, ep, p.seg(RST, 5001+65535, 0, "")))
	expect(t, send(t, ep, p.seg(RST, 5001+65534, 0, "")), ackSeg(1001, 5001))
	expectNothing(t, send(t, ep, p.seg(ACK, 5001+65534, 1001, "")))
	expectState(t, ep, fsm.Established)
}
