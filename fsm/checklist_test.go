package fsm_test

import (
	"net/netip"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Behaviours taken from a checklist of another TCP implementation's socket
// tests (docs/smoltcp-checklist.md maps every item to a test here or in the
// other files, or says why it does not apply). Each test states the RFC
// text it checks; where our endpoint answers differently from that
// implementation, the comment says which rule we follow.

// readAll drains the receive buffer and returns the bytes and the Reason of
// the Recv call that found it empty.
func readAll(t *testing.T, ep *fsm.Endpoint) (string, fsm.Reason) {
	t.Helper()
	var got []byte
	buf := make([]byte, 64)
	for {
		n, r := ep.Recv(0, buf)
		if n == 0 {
			return string(got), r.Err
		}
		got = append(got, buf[:n]...)
	}
}

// The peer's MSS option: a value of 0 is no usable MSS, so the default of
// RFC 9293 §3.7.1 (536) applies; a tiny value is honoured, and even when
// the timestamps option takes more room than it every segment still
// carries at least one byte, so the transfer makes progress.
func TestChecklistPeerMSSZeroOrTiny(t *testing.T) {
	cases := []struct {
		name string
		mss  uint16
		ts   bool
		peer uint16 // PeerMSS afterwards
		size int    // payload of each full segment
	}{
		{"MSS 0", 0, false, 536, 536},
		{"MSS 10", 10, false, 10, 10},
		{"MSS 10 with timestamps", 10, true, 10, 1},
	}
	for _, c := range cases {
		for _, how := range []opening{active, passive} {
			ep, _ := build(t, fsm.Config{}, fixture{state: fsm.Established, open: how, peer: func(p *peer) {
				p.wnd = 65535
				_ = p.syn.AddMSS(c.mss)
				if c.ts {
					_ = p.syn.AddNOP()
					_ = p.syn.AddNOP()
					_ = p.syn.AddTimestamps(p.tsVal, 0)
					p.ts = true
				}
			}})
			if ep.PeerMSS() != c.peer {
				t.Fatalf("%s, %v: PeerMSS %d, want %d", c.name, how, ep.PeerMSS(), c.peer)
			}
			_, r := ep.Send(0, make([]byte, 2000))
			if len(r.Out) == 0 {
				t.Fatalf("%s, %v: nothing sent", c.name, how)
			}
			sq := uint32(1001)
			for i := range r.Out {
				s := &r.Out[i]
				if uint32(s.Seq) != sq || (i < len(r.Out)-1 && len(s.Payload) != c.size) || len(s.Payload) == 0 {
					t.Fatalf("%s, %v: segment %d is %s, want %d bytes at %d", c.name, how, i, describeSeg(s), c.size, sq)
				}
				sq += uint32(len(s.Payload))
			}
		}
	}
}

// RFC 7323 §2.2-2.3: the shift we offer is the smallest that lets the
// 16-bit field announce the whole receive buffer, and the window field of
// our SYN and SYN-ACK is never scaled: it says min(buffer, 65535).
func TestChecklistOfferedWindowScaleFollowsBuffer(t *testing.T) {
	for _, c := range []struct {
		buf   int
		shift uint8
	}{
		{64, 0}, {1024, 0}, {65535, 0}, {65536, 1}, {65537, 1}, {131071, 1},
		{131072, 2}, {524287, 3}, {524288, 4}, {655350, 4}, {1 << 20, 5},
	} {
		win := uint16(min(c.buf, 65535))
		ep := fsm.New(fsm.Config{RecvBuffer: c.buf, ISN: fixedISN(ourISS)})
		r := ep.Connect(0, epTuple)
		if ws, ok := r.Out[0].Options.WScale(); !ok || ws != c.shift || r.Out[0].Window != win {
			t.Fatalf("buffer %d: SYN offers shift %d (%v), window %d; want %d, %d", c.buf, ws, ok, r.Out[0].Window, c.shift, win)
		}
		ep, p := build(t, fsm.Config{RecvBuffer: c.buf}, fixture{state: fsm.Listen})
		_ = p.syn.AddWScale(0)
		r = send(t, ep, p.next(SYN, ""))
		if ws, ok := r.Out[0].Options.WScale(); !ok || ws != c.shift || r.Out[0].Window != win {
			t.Fatalf("buffer %d: SYN-ACK offers shift %d (%v), window %d; want %d, %d", c.buf, ws, ok, r.Out[0].Window, c.shift, win)
		}
	}
}

// SYN-RECEIVED, fifth step: an ACK of our SYN enters ESTABLISHED "and
// continue processing", so data and a FIN on the same segment are taken at
// once: one ACK covers both and the connection is in CLOSE-WAIT.
func TestChecklistSynReceivedAckWithDataAndFIN(t *testing.T) {
	for _, how := range []opening{passive, active} {
		ep, p := inStateVia(t, fsm.SynReceived, tableConfig(secure), how)
		r := send(t, ep, p.next(FIN|PSH|ACK, "abcdef"))
		expect(t, r, ackSeg(1001, 5008))
		expectState(t, ep, fsm.CloseWait)
		want := fsm.EvConnected | fsm.EvReadable | fsm.EvPeerClosed
		if r.Events&want != want {
			t.Fatalf("%v: events %q, want at least %q", how, r.Events, want)
		}
		if got, err := readAll(t, ep); got != "abcdef" || err != fsm.OK {
			t.Fatalf("%v: read %q then %q, want %q then end of stream", how, got, err, "abcdef")
		}
	}
}

// RFC 9293 §3.8.6: "a sending TCP peer MUST be robust against window
// shrinking". When the peer shrinks its window below what is in flight,
// no new data goes out, a retransmission carries only what the window
// allows, and sending resumes when the window opens again.
func TestChecklistWindowShrinkStopsNewData(t *testing.T) {
	ep, p := inState(t, fsm.Established, tableConfig(secure))
	_, r := ep.Send(0, []byte("abcdef"))
	expect(t, r, dataSeg(1001, 5001, 6))
	p.wnd = 3
	r = send(t, ep, p.next(PSH|ACK, "xyzxyz")) // acknowledges nothing, shrinks to 3
	expect(t, r, ackSeg(1007, 5007))
	if ep.SndWnd() != 3 {
		t.Fatalf("SND.WND %d, want 3", ep.SndWnd())
	}
	n, r := ep.Send(0, []byte("foobar"))
	if n != 6 {
		t.Fatalf("Send took %d bytes, want 6", n)
	}
	expectNothing(t, r)
	r = ep.Tick(r.Deadline)
	expect(t, r, want{flags: ACK, seq: 1001, ack: 5007, len: 3})
	p.wnd = 8192
	r = send(t, ep, p.seg(ACK, 5007, 1007, ""))
	expect(t, r, dataSeg(1007, 5007, 6))
}

// §3.10.7.4 first: the ACK that answers an unacceptable segment is
// <SEQ=SND.NXT><ACK=RCV.NXT>, with RCV.NXT as it is now, not as it was
// when the endpoint last sent something.
func TestChecklistNotAcceptableAckCarriesCurrentRcvNxt(t *testing.T) {
	ep, p := inState(t, fsm.Established, tableConfig(secure))
	expect(t, send(t, ep, p.seg(ACK, 5000, 1001, "")), ackSeg(1001, 5001))
	expect(t, send(t, ep, p.next(PSH|ACK, "a")), ackSeg(1001, 5002))
	r := sendAt(t, ep, 2*fsm.Second, p.seg(ACK, 5000, 1001, ""))
	expect(t, r, ackSeg(1001, 5002))
	if r.Out[0].Window != 4095 {
		t.Fatalf("window %d, want 4095", r.Out[0].Window)
	}
}

// A CLOSE with data still waiting behind a small peer window: "the FIN ...
// will be sent after all previously queued SENDs" (§3.10.4). The endpoint
// is in FIN-WAIT-1 at once; ACKs of the data alone leave it there, and the
// FIN follows the last byte.
func TestChecklistCloseWaitsForDataBehindWindow(t *testing.T) {
	ep, p := build(t, tableConfig(secure), fixture{state: fsm.Established, peer: func(p *peer) { p.wnd = 6 }})
	n, r := ep.Send(0, []byte("abcdef123456ABCDEF"))
	if n != 18 {
		t.Fatalf("Send took %d bytes, want 18", n)
	}
	expect(t, r, want{flags: ACK, seq: 1001, ack: 5001, len: 6})
	expectNothing(t, ep.Close(0))
	expectState(t, ep, fsm.FinWait1)
	expect(t, send(t, ep, p.seg(ACK, 5001, 1007, "")), want{flags: ACK, seq: 1007, ack: 5001, len: 6})
	expectState(t, ep, fsm.FinWait1)
	p.wnd = 100
	expect(t, send(t, ep, p.seg(ACK, 5001, 1013, "")), dataSeg(1013, 5001, 6), finAckSeg(1019, 5001))
	expectState(t, ep, fsm.FinWait1)
	expectNothing(t, send(t, ep, p.seg(ACK, 5001, 1020, "")))
	expectState(t, ep, fsm.FinWait2)
}

// LAST-ACK with a byte and our FIN outstanding: an ACK of the byte alone
// moves SND.UNA (§3.10.7.4 fifth, "ESTABLISHED processing") and draws no
// reply; a duplicate of it "can be ignored"; only the ACK of the FIN
// closes.
func TestChecklistLastAckPartialAck(t *testing.T) {
	ep, p := inState(t, fsm.CloseWait, tableConfig(secure))
	_, r := ep.Send(0, []byte("x"))
	expect(t, r, dataSeg(1001, 5002, 1))
	expect(t, ep.Close(0), finAckSeg(1002, 5002))
	expectState(t, ep, fsm.LastAck)
	for range 2 {
		r = send(t, ep, p.seg(ACK, 5002, 1002, ""))
		expectNothing(t, r)
		expectState(t, ep, fsm.LastAck)
		if ep.SndUna() != 1002 || r.Deadline == fsm.Never {
			t.Fatalf("SND.UNA %d, deadline %d; want 1002 and the FIN's retransmission timer", ep.SndUna(), r.Deadline)
		}
	}
	r = send(t, ep, p.seg(ACK, 5002, 1003, ""))
	expectNothing(t, r)
	expectState(t, ep, fsm.Closed)
	if r.Events&fsm.EvClosed == 0 {
		t.Fatalf("events %q, want closed", r.Events)
	}
}

// Simultaneous close with data in flight (Figure 13 with text): the peer's
// FIN that acknowledges none of our data moves FIN-WAIT-1 to CLOSING, and
// the ACK of data and FIN then to TIME-WAIT; a FIN that acknowledges
// everything goes straight to TIME-WAIT.
func TestChecklistSimultaneousCloseWithData(t *testing.T) {
	for _, finAck := range []uint32{1001, 1008} {
		ep, p := inState(t, fsm.Established, tableConfig(secure))
		_, r := ep.Send(0, []byte("abcdef"))
		expect(t, r, dataSeg(1001, 5001, 6))
		expect(t, ep.Close(0), finAckSeg(1007, 5001))
		expectState(t, ep, fsm.FinWait1)
		expect(t, send(t, ep, p.seg(FIN|ACK, 5001, seq.Num(finAck), "")), ackSeg(1008, 5002))
		if finAck == 1008 {
			expectState(t, ep, fsm.TimeWait)
			continue
		}
		expectState(t, ep, fsm.Closing)
		expectNothing(t, send(t, ep, p.seg(ACK, 5002, 1008, "")))
		expectState(t, ep, fsm.TimeWait)
	}
}

// A duplicate ACK acknowledges nothing new, so it does not restart the
// retransmission timer (RFC 6298 §5.3 restarts it only "when an ACK is
// received that acknowledges new data").
func TestChecklistDuplicateAckKeepsRetransmissionTimer(t *testing.T) {
	r := newRig(t, fsm.Config{}).established()
	r.send([]byte("abc"))
	d := r.one()
	deadline := r.res.Deadline
	r.now = 500 * fsm.Millisecond
	r.ack(rigISS.Add(1))
	r.none()
	r.wantDeadline(deadline)
	r.tick(deadline)
	if s := r.one(); s.Seq != d.Seq || string(s.Payload) != "abc" {
		t.Fatalf("at the deadline sent %v, want the retransmission of %v", &s, &d)
	}
}

// After a timeout only the segment at SND.UNA is resent (RFC 6298 §5.4),
// yet everything up to SND.NXT was sent once; an ACK of all of it is
// acceptable (SND.UNA < SEG.ACK =< SND.NXT) and ends the retransmission.
func TestChecklistAckCoversMoreThanRetransmitted(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.mss = 6
	r.established()
	r.send([]byte("aaaaaabbbbbbcccccc"))
	if len(r.out) != 3 {
		t.Fatalf("sent %d segments, want 3%s", len(r.out), r.dump())
	}
	r.tick(r.res.Deadline)
	if s := r.one(); s.Seq != rigISS.Add(1) || string(s.Payload) != "aaaaaa" {
		t.Fatalf("timeout resent %v, want the first segment", &s)
	}
	r.now += 10 * fsm.Millisecond
	r.ack(rigISS.Add(19))
	r.none()
	r.wantDeadline(fsm.Never)
	if r.e.Unacked() != 0 || r.e.SndUna() != rigISS.Add(19) || r.e.SndNxt() != rigISS.Add(19) {
		t.Fatalf("unacked %d, SND.UNA %d, SND.NXT %d; want 0, 1019, 1019", r.e.Unacked(), r.e.SndUna(), r.e.SndNxt())
	}
}

// In CLOSING our FIN is still unacknowledged, so it is retransmitted with
// binary backoff, each copy acknowledging the peer's FIN.
func TestChecklistFINRetransmittedInClosing(t *testing.T) {
	ep, _ := inState(t, fsm.Closing, tableConfig(secure))
	if d := ep.Tick(0).Deadline; d != fsm.Second {
		t.Fatalf("deadline %d, want the 1 s RTO", d)
	}
	expectNothing(t, ep.Tick(fsm.Second-1))
	r := ep.Tick(fsm.Second)
	expect(t, r, finAckSeg(1001, 5002))
	if r.Deadline != 3*fsm.Second {
		t.Fatalf("deadline %d after the first retransmission, want 3 s", r.Deadline)
	}
	expectNothing(t, ep.Tick(3*fsm.Second-1))
	expect(t, ep.Tick(3*fsm.Second), finAckSeg(1001, 5002))
	expectState(t, ep, fsm.Closing)
}

// Once the peer's FIN is in, no more data can come, so reading does not
// send a window update (user.go's windowUpdateDue; §3.8.6.2.2 is about
// inviting more data). The same read in ESTABLISHED does send one.
func TestChecklistNoWindowUpdateAfterPeerFIN(t *testing.T) {
	cfg := fsm.Config{RecvBuffer: 8}
	ep, p := inState(t, fsm.Established, cfg)
	expect(t, send(t, ep, p.next(PSH|ACK, "123456")), ackSeg(1001, 5007))
	n, r := ep.Recv(0, make([]byte, 8))
	if n != 6 {
		t.Fatalf("read %d bytes", n)
	}
	expect(t, r, ackSeg(1001, 5007))
	if r.Out[0].Window != 8 {
		t.Fatalf("window update says %d, want 8", r.Out[0].Window)
	}
	for _, c := range []struct {
		from, to fsm.State
		ack      uint32
	}{{fsm.Established, fsm.CloseWait, 1001}, {fsm.FinWait2, fsm.TimeWait, 1002}} {
		ep, p := inState(t, c.from, cfg)
		r := send(t, ep, p.next(FIN|PSH|ACK, "123456"))
		expect(t, r, ackSeg(c.ack, 5008))
		expectState(t, ep, c.to)
		if r.Out[0].Window != 2 {
			t.Fatalf("%v: window %d, want 2", c.to, r.Out[0].Window)
		}
		n, r := ep.Recv(0, make([]byte, 8))
		if n != 6 {
			t.Fatalf("%v: read %d bytes", c.to, n)
		}
		expectNothing(t, r)
	}
}

// §3.10.7.4 first: every unacceptable segment is answered by an ACK. These
// are not challenge ACKs (RFC 5961 §7 limits only those), so a peer that
// keeps probing a zero window, or keeps retransmitting data already
// received, gets an answer every time.
func TestChecklistNonAcceptableDataAlwaysAcked(t *testing.T) {
	ep, p := inState(t, fsm.Established, fsm.Config{RecvBuffer: 6})
	r := send(t, ep, p.next(PSH|ACK, "abcdef"))
	expect(t, r, ackSeg(1001, 5007))
	if r.Out[0].Window != 0 {
		t.Fatalf("window %d, want 0", r.Out[0].Window)
	}
	for i := range 20 {
		at := fsm.Time(i) * 10 * fsm.Millisecond
		r = sendAt(t, ep, at, p.seg(PSH|ACK, 5007, 1001, "123456"))
		expect(t, r, ackSeg(1001, 5007))
		if r.Out[0].Window != 0 || ep.Readable() != 6 {
			t.Fatalf("probe %d: window %d, %d readable; want 0 and 6", i, r.Out[0].Window, ep.Readable())
		}
		expect(t, sendAt(t, ep, at, p.seg(PSH|ACK, 5001, 1001, "abcdef")), ackSeg(1001, 5007))
	}
	expectState(t, ep, fsm.Established)
}

// §3.10.7.4 first: "If the RCV.WND is zero, no segments will be acceptable,
// but special allowance should be made to accept valid ACKs, URGs, and
// RSTs." A FIN occupies a sequence number and is none of these, so it is
// answered with an ACK of the zero window and dropped (Linux and the
// checklist's implementation take it anyway). Reading opens the window,
// and the retransmitted FIN is taken.
func TestChecklistFINIntoZeroWindow(t *testing.T) {
	ep, p := inState(t, fsm.Established, fsm.Config{RecvBuffer: 6})
	expect(t, send(t, ep, p.next(PSH|ACK, "abcdef")), ackSeg(1001, 5007))
	fin := func() *segment.Segment { return p.seg(FIN|ACK, 5007, 1001, "") }
	r := send(t, ep, fin())
	expect(t, r, ackSeg(1001, 5007))
	expectState(t, ep, fsm.Established)
	if r.Out[0].Window != 0 || r.Events&fsm.EvPeerClosed != 0 {
		t.Fatalf("window %d, events %q; want 0 and no peer-closed", r.Out[0].Window, r.Events)
	}
	_, r = ep.Recv(0, make([]byte, 6))
	expect(t, r, ackSeg(1001, 5007))
	if r.Out[0].Window != 6 {
		t.Fatalf("window update says %d, want 6", r.Out[0].Window)
	}
	r = send(t, ep, fin())
	expect(t, r, ackSeg(1001, 5008))
	expectState(t, ep, fsm.CloseWait)
	if r.Events&fsm.EvPeerClosed == 0 {
		t.Fatalf("events %q, want peer-closed", r.Events)
	}
}

// Data and FIN in one segment after our own CLOSE: FIN-WAIT-1 goes to
// CLOSING (our FIN not acknowledged), FIN-WAIT-2 to TIME-WAIT; either way
// the bytes are readable, then the end of the stream.
func TestChecklistDataAndFINAfterOurClose(t *testing.T) {
	for _, c := range []struct {
		from, to fsm.State
		ack      uint32
	}{{fsm.FinWait1, fsm.Closing, 1002}, {fsm.FinWait2, fsm.TimeWait, 1002}} {
		ep, p := inState(t, c.from, tableConfig(secure))
		expect(t, send(t, ep, p.next(FIN|PSH|ACK, "abc")), ackSeg(c.ack, 5005))
		expectState(t, ep, c.to)
		if got, err := readAll(t, ep); got != "abc" || err != fsm.OK {
			t.Fatalf("%v: read %q then %q, want %q then end of stream", c.to, got, err, "abc")
		}
	}
}

// A reset ends the connection with "connection reset" (§3.10.7.4 second).
// Bytes received before it stay readable; after them Recv reports the
// reset, never the end of the stream, even when a FIN was seen beyond a
// hole (that FIN was dropped: no reassembly queue, doc.go). An RST beyond
// RCV.NXT only draws a challenge ACK (RFC 5961 §3.2).
func TestChecklistResetAfterDataKeepsBytes(t *testing.T) {
	for _, hole := range []bool{false, true} {
		ep, p := inState(t, fsm.Established, tableConfig(secure))
		expect(t, send(t, ep, p.seg(PSH|ACK, 5001, 1001, "abc")), ackSeg(1001, 5004))
		if hole {
			expect(t, send(t, ep, p.seg(FIN|PSH|ACK, 5007, 1001, "ghi")), ackSeg(1001, 5004))
			expect(t, send(t, ep, p.seg(RST, 5010, 0, "")), ackSeg(1001, 5004))
			expectState(t, ep, fsm.Established)
		}
		r := send(t, ep, p.seg(RST, 5004, 0, ""))
		expectNothing(t, r)
		expectState(t, ep, fsm.Closed)
		if r.Err != fsm.ErrReset || r.Events&fsm.EvReset == 0 {
			t.Fatalf("hole %v: err %q, events %q; want reset", hole, r.Err, r.Events)
		}
		if got, err := readAll(t, ep); got != "abc" || err != fsm.ErrReset {
			t.Fatalf("hole %v: read %q then %q, want %q then %q", hole, got, err, "abc", fsm.ErrReset)
		}
	}
}

// RFC 5961 §4.2: "If the SYN bit is set, irrespective of the sequence
// number, TCP MUST send an ACK (also referred to as challenge ACK)", and §7
// limits challenge ACKs. So a SYN outside the window, with or without data,
// spends the same budget as one inside it, while other unacceptable
// segments are still answered; an RST outside the window is dropped
// silently, payload or not (§3.2). RFC 793 (legacy) answers every
// out-of-window SYN by the first step's plain ACK.
func TestChecklistOutOfWindowSYNChallengeLimited(t *testing.T) {
	cfg := tableConfig(secure)
	cfg.ChallengeACKLimit = 1
	ep, p := inState(t, fsm.Established, cfg)
	beyond := seq.Num(5001 + 4096)
	ms := fsm.Millisecond
	expect(t, sendAt(t, ep, 0, p.seg(SYN, beyond, 0, "abcdef")), ackSeg(1001, 5001))
	expectNothing(t, sendAt(t, ep, 100*ms, p.seg(SYN, beyond, 0, "abcdef")))
	expectNothing(t, sendAt(t, ep, 150*ms, p.seg(SYN|ACK, 4000, 1001, "")))
	expectNothing(t, sendAt(t, ep, 200*ms, p.seg(SYN, 5001, 0, "")))
	expect(t, sendAt(t, ep, 300*ms, p.seg(ACK, beyond, 1001, "")), ackSeg(1001, 5001))
	expectNothing(t, sendAt(t, ep, 400*ms, p.seg(RST, beyond, 0, "abcdef")))
	expect(t, sendAt(t, ep, 1100*ms, p.seg(SYN, beyond, 0, "")), ackSeg(1001, 5001))
	expectState(t, ep, fsm.Established)

	cfg = tableConfig(legacy)
	cfg.ChallengeACKLimit = 1
	ep, p = inState(t, fsm.Established, cfg)
	for i := range 3 {
		expect(t, sendAt(t, ep, fsm.Time(i)*ms, p.seg(SYN, beyond, 0, "")), ackSeg(1001, 5001))
	}
	expectState(t, ep, fsm.Established)
}

// RFC 9293 §3.10.1 OPEN, CLOSED state: "If active and the remote socket is
// unspecified, return "error: remote socket unspecified"". Connect without
// a remote address or port fails and leaves the endpoint CLOSED.
func TestChecklistConnectNeedsRemoteSocket(t *testing.T) {
	for _, tup := range []fsm.Tuple{
		{LocalAddr: epAddr, LocalPort: epPort, RemotePort: peerPort},
		{LocalAddr: epAddr, LocalPort: epPort, RemoteAddr: netip.IPv4Unspecified(), RemotePort: peerPort},
		{LocalAddr: epAddr, LocalPort: epPort, RemoteAddr: peerAddr},
	} {
		ep, _ := inState(t, fsm.Closed, tableConfig(secure))
		r := ep.Connect(0, tup)
		if r.Err != fsm.ErrInvalid || len(r.Out) != 0 || ep.State() != fsm.Closed || r.Deadline != fsm.Never {
			t.Fatalf("Connect(%v): err %q, sent %s, state %v; want %q, nothing, CLOSED",
				tup, r.Err, describeOut(r.Out), ep.State(), fsm.ErrInvalid)
		}
		expect(t, ep.Connect(0, epTuple), synSeg(1000))
	}
}

// CLOSE in the states other tests do not cover (§3.10.4): LISTEN and
// SYN-SENT delete the TCB; once our FIN is queued (FIN-WAIT-1, FIN-WAIT-2,
// CLOSING, LAST-ACK, TIME-WAIT) a second Close changes nothing and sends
// nothing.
func TestChecklistCloseInEveryState(t *testing.T) {
	for _, c := range []struct {
		from, to fsm.State
	}{
		{fsm.Listen, fsm.Closed}, {fsm.SynSent, fsm.Closed},
		{fsm.FinWait1, fsm.FinWait1}, {fsm.FinWait2, fsm.FinWait2}, {fsm.Closing, fsm.Closing},
		{fsm.LastAck, fsm.LastAck}, {fsm.TimeWait, fsm.TimeWait},
	} {
		ep, _ := inState(t, c.from, tableConfig(secure))
		r := ep.Close(0)
		if len(r.Out) != 0 || r.Err != fsm.OK || ep.State() != c.to {
			t.Fatalf("Close in %v: sent %s, err %q, state %v; want nothing, OK, %v",
				c.from, describeOut(r.Out), r.Err, ep.State(), c.to)
		}
	}
}

// A retransmitted SYN-ACK (passive or simultaneous open) changes nothing
// about the connection it completes: the ACK establishes it and the first
// data starts at ISS+1.
func TestChecklistDataAfterSynAckRetransmission(t *testing.T) {
	for _, how := range []opening{passive, active} {
		ep, p := inStateVia(t, fsm.SynReceived, tableConfig(secure), how)
		expectNothing(t, ep.Tick(fsm.Second-1))
		expect(t, ep.Tick(fsm.Second), synAckSeg(1000, 5001))
		expectNothing(t, send(t, ep, p.next(ACK, "")))
		expectState(t, ep, fsm.Established)
		_, r := ep.Send(0, []byte("abcdef"))
		expect(t, r, dataSeg(1001, 5001, 6))
	}
}

// The peer's FIN while our data is in flight: CLOSE-WAIT, and our data is
// still retransmitted (now acknowledging the FIN) until the peer takes it.
func TestChecklistPeerFINWhileOurDataInFlight(t *testing.T) {
	ep, p := inState(t, fsm.Established, tableConfig(secure))
	_, r := ep.Send(0, []byte("abcdef"))
	expect(t, r, dataSeg(1001, 5001, 6))
	deadline := r.Deadline
	expect(t, send(t, ep, p.seg(FIN|ACK, 5001, 1001, "")), ackSeg(1007, 5002))
	expectState(t, ep, fsm.CloseWait)
	expect(t, ep.Tick(deadline), dataSeg(1001, 5002, 6))
	r = send(t, ep, p.seg(ACK, 5002, 1007, ""))
	expectNothing(t, r)
	if ep.Unacked() != 0 || r.Deadline != fsm.Never {
		t.Fatalf("unacked %d, deadline %d; want 0 and none", ep.Unacked(), r.Deadline)
	}
}

// Zero-window probes nobody answers back off like retransmissions and, as
// for any unacknowledged data, end the connection after Retries (RFC 1122
// §4.2.2.17 forbids closing only while the probes are answered).
func TestChecklistZeroWindowProbesUnanswered(t *testing.T) {
	r := newRig(t, fsm.Config{Retries: 3})
	r.peer.window = 0
	r.established()
	r.send([]byte("abcdef"))
	r.none()
	rtx, giveUp := rtoSchedule(r.now, fsm.Second, 60*fsm.Second, 3)
	for i, at := range rtx {
		r.wantDeadline(at)
		r.tick(at - 1)
		r.none()
		r.tick(at)
		if p := r.one(); p.Seq != rigISS.Add(1) || string(p.Payload) != "a" {
			t.Fatalf("probe %d: %v, want one byte at SND.UNA", i, &p)
		}
	}
	res := r.tick(giveUp)
	r.none()
	if res.Err != fsm.ErrTimedOut {
		t.Fatalf("after %d unanswered probes: %q, want %q", len(rtx), res.Err, fsm.ErrTimedOut)
	}
	r.wantState(fsm.Closed)
}

// An active open that did not offer timestamps or SACK ignores them on
// the SYN-ACK (RFC 7323 §3.2, RFC 2018 §2): neither is used and data
// segments carry no options.
func TestChecklistActiveOpenIgnoresUnofferedOptions(t *testing.T) {
	ep, p := build(t, fsm.Config{NoSACK: true, NoTimestamp: true}, fixture{state: fsm.SynSent})
	p.offerAll()
	p.wnd = 65535
	r := send(t, ep, p.next(SYN|ACK, ""))
	expect(t, r, ackSeg(1001, 5001))
	if ep.Timestamps() || ep.SACKPermitted() || r.Out[0].Options.Len() != 0 {
		t.Fatalf("timestamps %v, SACK %v, ACK options %d bytes; want none", ep.Timestamps(), ep.SACKPermitted(), r.Out[0].Options.Len())
	}
	_, r = ep.Send(0, make([]byte, 1500))
	expectSegmentSizes(t, r, 1001, false, 1460, 40)
}
