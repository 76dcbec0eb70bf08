package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Segments arriving in SYN-SENT (RFC 9293 §3.10.7.3). The endpoint has sent
// <SEQ=1000><CTL=SYN>: ISS = SND.UNA = 1000, SND.NXT = 1001. There is no
// receive window yet, so the cases vary SEG.ACK instead of SEG.SEQ; the
// peer's segments start at its ISS, 5000. RFC 5961 leaves SYN-SENT alone,
// so both modes behave the same.
func TestSynSentSegments(t *testing.T) {
	cases := []struct {
		name  string
		flags segment.Flags
		ack   uint32
		data  string
		reply []want
		next  fsm.State
		err   fsm.Reason
	}{
		// First, the ACK bit: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send
		// a reset (unless the RST bit is set, if so drop the segment and
		// return) <SEQ=SEG.ACK><CTL=RST>, discard the segment, return."
		{"SYN-ACK acking ISS-1", SYN | ACK, 999, "", []want{rstSeg(999)}, fsm.SynSent, fsm.OK},
		{"SYN-ACK acking ISS", SYN | ACK, 1000, "", []want{rstSeg(1000)}, fsm.SynSent, fsm.OK},
		{"SYN-ACK acking SND.NXT+1", SYN | ACK, 1002, "", []want{rstSeg(1002)}, fsm.SynSent, fsm.OK},
		{"SYN-ACK acking far ahead", SYN | ACK, 900000, "", []want{rstSeg(900000)}, fsm.SynSent, fsm.OK},
		{"ACK acking ISS", ACK, 1000, "", []want{rstSeg(1000)}, fsm.SynSent, fsm.OK},
		{"ACK acking SND.NXT+1", ACK, 1002, "", []want{rstSeg(1002)}, fsm.SynSent, fsm.OK},
		{"FIN-ACK acking ISS", FIN | ACK, 1000, "", []want{rstSeg(1000)}, fsm.SynSent, fsm.OK},
		{"RST-ACK acking ISS", RST | ACK, 1000, "", nil, fsm.SynSent, fsm.OK},
		{"RST-ACK acking SND.NXT+1", RST | ACK, 1002, "", nil, fsm.SynSent, fsm.OK},
		// Second, the RST bit: "If the ACK was acceptable, then signal to
		// the user "error: connection reset", drop the segment, enter
		// CLOSED state ... Otherwise (no ACK), drop the segment and
		// return." (RFC 5961 §3.2 keeps this rule for SYN-SENT.)
		{"RST-ACK acking our SYN", RST | ACK, 1001, "", nil, fsm.Closed, fsm.ErrRefused},
		{"RST without ACK", RST, 0, "", nil, fsm.SynSent, fsm.OK},
		// Fourth, the SYN bit, with an acceptable ACK: "enter ESTABLISHED
		// state ... form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
		{"SYN-ACK acking our SYN", SYN | ACK, 1001, "", []want{ackSeg(1001, 5001)}, fsm.Established, fsm.OK},
		// Without ACK: "Otherwise, enter SYN-RECEIVED, form a SYN,ACK
		// segment <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>" (Figure 7).
		{"SYN", SYN, 0, "", []want{synAckSeg(1000, 5001)}, fsm.SynReceived, fsm.OK},
		// Fifth: "If neither of the SYN or RST bits is set, then drop the
		// segment and return."
		{"ACK acking our SYN", ACK, 1001, "", nil, fsm.SynSent, fsm.OK},
		{"FIN-ACK acking our SYN", FIN | ACK, 1001, "", nil, fsm.SynSent, fsm.OK},
		{"FIN", FIN, 0, "", nil, fsm.SynSent, fsm.OK},
		{"data acking our SYN", PSH | ACK, 1001, "hello", nil, fsm.SynSent, fsm.OK},
		// "If there are other controls or text in the segment, then
		// continue processing at the sixth step": the seventh and eighth
		// steps acknowledge the text and the FIN, and that one ACK also
		// covers the SYN (no separate ACK of the SYN alone).
		{"SYN-ACK with data", SYN | PSH | ACK, 1001, "hello",
			[]want{ackSeg(1001, 5006)}, fsm.Established, fsm.OK},
		{"SYN-ACK with FIN", SYN | FIN | ACK, 1001, "",
			[]want{ackSeg(1001, 5002)}, fsm.CloseWait, fsm.OK},
		{"SYN-ACK with data and FIN", SYN | FIN | PSH | ACK, 1001, "hello",
			[]want{ackSeg(1001, 5007)}, fsm.CloseWait, fsm.OK},
	}
	for _, m := range []mode{secure, legacy} {
		for _, c := range cases {
			ep, p := inState(t, fsm.SynSent, tableConfig(m))
			in := p.seg(c.flags, peerISS, seq.Num(c.ack), c.data)
			r := send(t, ep, in)
			if !sameSegments(r.Out, c.reply) || ep.State() != c.next || ep.Err() != c.err {
				t.Errorf("mode %d, %s %s: sent %s, state %v, err %q; want %s, %v, %q",
					m, c.name, describeSeg(in), describeOut(r.Out), ep.State(), ep.Err(),
					describeWants(c.reply), c.next, c.err)
			}
		}
	}
}

// A SYN-ACK that acknowledges the wrong number is answered with
// <SEQ=SEG.ACK><CTL=RST> and otherwise ignored: the connection stays in
// SYN-SENT and the right SYN-ACK still completes it (§3.10.7.3; the RST
// tells an old half-open peer to go away, Figure 8 line 5).
func TestSynSentWrongSynAckThenRightOne(t *testing.T) {
	ep, p := inState(t, fsm.SynSent, tableConfig(secure))
	expect(t, send(t, ep, p.seg(SYN|ACK, 9000, 777, "")), rstSeg(777))
	expectState(t, ep, fsm.SynSent)
	expect(t, send(t, ep, p.seg(SYN|ACK, 5000, 1001, "")), ackSeg(1001, 5001))
	expectState(t, ep, fsm.Established)
	expectTCB(t, ep, 1001, 1001, 5001)
}

// The data and FIN on a SYN-ACK reach the application.
func TestSynSentSynAckDataAndFINDelivered(t *testing.T) {
	ep, p := inState(t, fsm.SynSent, tableConfig(secure))
	r := send(t, ep, p.seg(SYN|FIN|PSH|ACK, 5000, 1001, "hello"))
	want := fsm.EvConnected | fsm.EvReadable | fsm.EvPeerClosed
	if r.Events&want != want {
		t.Fatalf("events %q, want at least %q", r.Events, want)
	}
	buf := make([]byte, 16)
	n, _ := ep.Recv(0, buf)
	if string(buf[:n]) != "hello" {
		t.Fatalf("read %q, want %q", buf[:n], "hello")
	}
	if n, res := ep.Recv(0, buf); n != 0 || res.Err != fsm.OK {
		t.Fatalf("second read: %d bytes, %q; want end of stream (0, OK)", n, res.Err)
	}
	// And the application's close now sends the FIN: LAST-ACK.
	expect(t, ep.Close(0), finAckSeg(1001, 5007))
	expectState(t, ep, fsm.LastAck)
}

// Bytes queued by Send in SYN-SENT wait for the handshake and go out right
// after the ACK of the SYN-ACK (§3.10.2: "queue the data for transmission
// after entering ESTABLISHED state").
func TestSynSentQueuedDataFollowsHandshake(t *testing.T) {
	ep, p := inState(t, fsm.SynSent, tableConfig(secure))
	n, r := ep.Send(0, []byte("early"))
	if n != 5 {
		t.Fatalf("Send took %d bytes, want 5", n)
	}
	expectNothing(t, r)
	r = send(t, ep, p.seg(SYN|ACK, 5000, 1001, ""))
	expect(t, r, ackSeg(1001, 5001), dataSeg(1001, 5001, 5))
}

// A SYN with text in SYN-SENT (simultaneous open): "If there are other
// controls or text in the segment, queue them for processing after the
// ESTABLISHED state has been reached" (§3.10.7.3). The SYN-ACK
// acknowledges the SYN alone and the text cannot be read in SYN-RECEIVED;
// the ACK of our SYN makes it readable without an ACK of its own, so that
// the acknowledgment rides on the application's answer, here the FIN of
// close (FreeBSD's rcv-syn-with-data-syn-sent scripts).
func TestSynSentSynWithTextQueued(t *testing.T) {
	ep, p := inState(t, fsm.SynSent, tableConfig(secure))
	expect(t, send(t, ep, p.seg(SYN, peerISS, 0, "abc")), synAckSeg(1000, 5001))
	expectState(t, ep, fsm.SynReceived)
	buf := make([]byte, 16)
	if n, r := ep.Recv(0, buf); n != 0 || r.Err != fsm.ErrWouldBlock {
		t.Fatalf("Recv in SYN-RECEIVED: %d bytes, %q; want would block", n, r.Err)
	}
	r := send(t, ep, p.seg(ACK, 5004, 1001, ""))
	expectNothing(t, r)
	expectState(t, ep, fsm.Established)
	expectTCB(t, ep, 1001, 1001, 5004)
	if want := fsm.EvConnected | fsm.EvReadable; r.Events&want != want {
		t.Fatalf("events %q, want at least %q", r.Events, want)
	}
	if n, _ := ep.Recv(0, buf); string(buf[:n]) != "abc" {
		t.Fatalf("read %q, want %q", buf[:n], "abc")
	}
	expect(t, ep.Close(0), finAckSeg(1001, 5004))
	expectNothing(t, ep.Tick(500*fsm.Millisecond)) // the FIN carried the ACK
}

// Without an answer from the application the queued text is acknowledged
// after a short delay, under RFC 9293 §3.8.6.3's 0.5 s (MUST-40).
func TestSynSentSynTextAckDelayed(t *testing.T) {
	ep, p := inState(t, fsm.SynSent, tableConfig(secure))
	expect(t, send(t, ep, p.seg(SYN, peerISS, 0, "abc")), synAckSeg(1000, 5001))
	r := send(t, ep, p.seg(ACK, 5004, 1001, ""))
	expectNothing(t, r)
	if r.Deadline <= 0 || r.Deadline >= 500*fsm.Millisecond {
		t.Fatalf("deadline %v, want the delayed ACK within 0.5 s", r.Deadline)
	}
	expectNothing(t, ep.Tick(r.Deadline-1))
	expect(t, ep.Tick(r.Deadline), ackSeg(1001, 5004))
	if d := ep.Tick(r.Deadline).Deadline; d != fsm.Never {
		t.Fatalf("deadline %v after the delayed ACK, want none", d)
	}
}

// A FIN on that SYN is queued too: the ACK of our SYN delivers the text and
// then the end of the stream (CLOSE-WAIT).
func TestSynSentSynWithTextAndFINQueued(t *testing.T) {
	ep, p := inState(t, fsm.SynSent, tableConfig(secure))
	expect(t, send(t, ep, p.seg(SYN|FIN, peerISS, 0, "abc")), synAckSeg(1000, 5001))
	expectState(t, ep, fsm.SynReceived)
	r := send(t, ep, p.seg(ACK, 5005, 1001, ""))
	expectState(t, ep, fsm.CloseWait)
	if want := fsm.EvConnected | fsm.EvReadable | fsm.EvPeerClosed; r.Events&want != want {
		t.Fatalf("events %q, want at least %q", r.Events, want)
	}
	if got, reason := readAll(t, ep); got != "abc" || reason != fsm.OK {
		t.Fatalf("read %q then %q, want %q then the end of the stream", got, reason, "abc")
	}
	expect(t, ep.Tick(r.Deadline), ackSeg(1001, 5005))
}

// The peer may send the text again with its ACK: it is delivered once, and
// the ACK that new text draws at once covers the queued text too.
func TestSynSentSynTextResentWithAck(t *testing.T) {
	ep, p := inState(t, fsm.SynSent, tableConfig(secure))
	expect(t, send(t, ep, p.seg(SYN, peerISS, 0, "abc")), synAckSeg(1000, 5001))
	r := send(t, ep, p.seg(PSH|ACK, 5001, 1001, "abcdef"))
	expect(t, r, ackSeg(1001, 5007))
	if got, _ := readAll(t, ep); got != "abcdef" {
		t.Fatalf("read %q, want %q", got, "abcdef")
	}
	if r.Deadline != fsm.Never {
		t.Fatalf("deadline %v, want none: nothing left to acknowledge", r.Deadline)
	}
}

// Only what the receive buffer holds is queued; a FIN behind bytes that did
// not fit is dropped with them, for the peer to send again.
func TestSynSentSynTextBeyondBuffer(t *testing.T) {
	ep, p := inState(t, fsm.SynSent, fsm.Config{RecvBuffer: 4})
	expect(t, send(t, ep, p.seg(SYN|FIN, peerISS, 0, "abcdef")), synAckSeg(1000, 5001))
	expectNothing(t, send(t, ep, p.seg(ACK, 5001, 1001, "")))
	expectState(t, ep, fsm.Established)
	expectTCB(t, ep, 1001, 1001, 5005)
	if got, reason := readAll(t, ep); got != "abcd" || reason != fsm.ErrWouldBlock {
		t.Fatalf("read %q then %q, want %q then would block", got, reason, "abcd")
	}
}
