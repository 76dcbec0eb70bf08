package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// RFC 9293 §3.5 and §3.6, Figures 6 to 13, as tests. Each figure is drawn
// above its test in this file's own notation, keeping the RFC's line
// numbers:
//
//	-->  A's segment travelling to B, delivered on that line
//	<--  B's segment travelling to A, delivered on that line
//	...  a segment sent on that line and still in flight
//
// with segments written "seq=S ack=A [FLAGS]" and each side's state after
// the line. A is always the endpoint on port 40000 (peerTuple), B the one
// on port 80 (epTuple); both run the default Config with a fixed ISN, so
// they also negotiate timestamps, which do not change any number drawn.

// carry copies what an endpoint sent through the wire format, so that the
// segments outlive its next call and can be handed to the other side.
func carry(t testing.TB, r fsm.Result) []*segment.Segment {
	t.Helper()
	out := make([]*segment.Segment, len(r.Out))
	for i := range r.Out {
		out[i] = wire(t, &r.Out[i])
	}
	return out
}

// sent checks the segments a figure line shows one side sending and
// returns copies of them.
func sent(t testing.TB, line int, r fsm.Result, ws ...want) []*segment.Segment {
	t.Helper()
	if !sameSegments(r.Out, ws) {
		t.Fatalf("line %d: sent %s, want %s", line, describeOut(r.Out), describeWants(ws))
	}
	return carry(t, r)
}

// at checks the states a figure line shows.
func at(t testing.TB, line int, a fsm.State, epA *fsm.Endpoint, b fsm.State, epB *fsm.Endpoint) {
	t.Helper()
	if epA.State() != a || epB.State() != b {
		t.Fatalf("line %d: A %v, B %v; want A %v, B %v", line, epA.State(), epB.State(), a, b)
	}
}

func figureEndpoint(iss ...uint32) *fsm.Endpoint {
	return fsm.New(fsm.Config{ISN: isnSequence(iss...)})
}

// Figure 6: the basic three-way handshake, then data.
//
//	    A                                                    B
//	1   CLOSED                                               LISTEN
//	2   SYN-SENT     seq=100 [SYN]                   -->     SYN-RECEIVED
//	3   ESTABLISHED  <--  seq=300 ack=101 [SYN,ACK]          SYN-RECEIVED
//	4   ESTABLISHED  seq=101 ack=301 [ACK]           -->     ESTABLISHED
//	5   ESTABLISHED  seq=101 ack=301 [ACK] + data    -->     ESTABLISHED
func TestFigure6ThreeWayHandshake(t *testing.T) {
	a, b := figureEndpoint(100), figureEndpoint(300)
	expectNothing(t, b.Listen(0, epTuple))
	at(t, 1, fsm.Closed, a, fsm.Listen, b)

	syn := sent(t, 2, a.Connect(0, peerTuple), synSeg(100))
	synAck := sent(t, 3, b.Input(0, syn[0]), synAckSeg(300, 101))
	at(t, 2, fsm.SynSent, a, fsm.SynReceived, b)

	ack := sent(t, 4, a.Input(0, synAck[0]), ackSeg(101, 301))
	at(t, 3, fsm.Established, a, fsm.SynReceived, b)
	expectNothing(t, b.Input(0, ack[0]))
	at(t, 4, fsm.Established, a, fsm.Established, b)

	n, r := a.Send(0, []byte("data!"))
	if n != 5 {
		t.Fatalf("line 5: Send took %d bytes, want 5", n)
	}
	data := sent(t, 5, r, dataSeg(101, 301, 5))
	r = b.Input(0, data[0])
	expect(t, r, ackSeg(301, 106)) // not drawn: B acknowledges the data
	at(t, 5, fsm.Established, a, fsm.Established, b)
	if b.Readable() != 5 {
		t.Fatalf("line 5: B has %d bytes to read, want 5", b.Readable())
	}
}

// Figure 7: simultaneous open. Both SYNs cross; each side answers the
// other's SYN with a SYN-ACK and is established by the other's SYN-ACK
// (whose SYN, already seen, is trimmed off: see simultaneousSynAck).
//
//	    A                                                    B
//	1   CLOSED                                               CLOSED
//	2   SYN-SENT      seq=100 [SYN]                  ...
//	3   SYN-RECEIVED  <--  seq=300 [SYN]                     SYN-SENT
//	4                 seq=100 [SYN]                  -->     SYN-RECEIVED
//	5   SYN-RECEIVED  seq=100 ack=301 [SYN,ACK]      ...
//	6   ESTABLISHED   <--  seq=300 ack=101 [SYN,ACK]         SYN-RECEIVED
//	7                 seq=100 ack=301 [SYN,ACK]      -->     ESTABLISHED
func TestFigure7SimultaneousOpen(t *testing.T) {
	a, b := figureEndpoint(100), figureEndpoint(300)
	at(t, 1, fsm.Closed, a, fsm.Closed, b)

	synA := sent(t, 2, a.Connect(0, peerTuple), synSeg(100))
	synB := sent(t, 3, b.Connect(0, epTuple), synSeg(300))
	synAckA := sent(t, 5, a.Input(0, synB[0]), synAckSeg(100, 301))
	at(t, 3, fsm.SynReceived, a, fsm.SynSent, b)

	synAckB := sent(t, 6, b.Input(0, synA[0]), synAckSeg(300, 101))
	at(t, 4, fsm.SynReceived, a, fsm.SynReceived, b)

	expectNothing(t, a.Input(0, synAckB[0]))
	at(t, 6, fsm.Established, a, fsm.SynReceived, b)

	expectNothing(t, b.Input(0, synAckA[0]))
	at(t, 7, fsm.Established, a, fsm.Established, b)
	expectTCB(t, a, 101, 101, 301)
	expectTCB(t, b, 301, 301, 101)
}

// Figure 8: recovery from an old duplicate SYN. B answers the old SYN;
// A, whose SYN it does not acknowledge, resets it; B returns to LISTEN and
// then answers A's real SYN (with a new ISN, 400).
//
//	    A                                                    B
//	1   CLOSED                                               LISTEN
//	2   SYN-SENT      seq=100 [SYN]                  ...
//	3   (old dup)     seq=90 [SYN]                   -->     SYN-RECEIVED
//	4   SYN-SENT      <--  seq=300 ack=91 [SYN,ACK]          SYN-RECEIVED
//	5   SYN-SENT      seq=91 [RST]                   -->     LISTEN
//	6                 seq=100 [SYN]                  -->     SYN-RECEIVED
//	7   ESTABLISHED   <--  seq=400 ack=101 [SYN,ACK]         SYN-RECEIVED
//	8   ESTABLISHED   seq=101 ack=401 [ACK]          -->     ESTABLISHED
func TestFigure8OldDuplicateSYN(t *testing.T) {
	a, b := figureEndpoint(100), figureEndpoint(300, 400)
	expectNothing(t, b.Listen(0, epTuple))
	at(t, 1, fsm.Closed, a, fsm.Listen, b)

	syn := sent(t, 2, a.Connect(0, peerTuple), synSeg(100))
	old := &segment.Segment{SrcPort: peerPort, DstPort: epPort, Seq: 90, Flags: SYN, Window: 65535}
	synAck := sent(t, 4, b.Input(0, old), synAckSeg(300, 91))
	at(t, 3, fsm.SynSent, a, fsm.SynReceived, b)

	rst := sent(t, 5, a.Input(0, synAck[0]), rstSeg(91))
	at(t, 4, fsm.SynSent, a, fsm.SynReceived, b)
	expectNothing(t, b.Input(0, rst[0]))
	at(t, 5, fsm.SynSent, a, fsm.Listen, b)

	synAck = sent(t, 7, b.Input(0, syn[0]), synAckSeg(400, 101))
	at(t, 6, fsm.SynSent, a, fsm.SynReceived, b)

	ack := sent(t, 8, a.Input(0, synAck[0]), ackSeg(101, 401))
	at(t, 7, fsm.Established, a, fsm.SynReceived, b)
	expectNothing(t, b.Input(0, ack[0]))
	at(t, 8, fsm.Established, a, fsm.Established, b)
}

// halfOpenB returns B in ESTABLISHED with SND.NXT = 300 and RCV.NXT = 100,
// the "(send 300, receive 100)" of Figures 9 and 10, reached by a passive
// open with ISS 299 against a scripted A whose ISS was 99.
func halfOpenB(t *testing.T) *fsm.Endpoint {
	t.Helper()
	b, _ := build(t, fsm.Config{}, fixture{state: fsm.Established, open: passive, iss: 299, irs: 99})
	expectTCB(t, b, 300, 300, 100)
	return b
}

// Figure 9: half-open connection discovery. A crashed and forgot the
// connection; its new SYN draws from B an ACK of the old connection
// (RFC 5961's challenge ACK), which A answers with a reset that B accepts
// (SEG.SEQ = RCV.NXT); A's SYN is then retransmitted.
//
//	    A                                                    B
//	1   (crash)                                (send 300, receive 100)
//	2   CLOSED                                               ESTABLISHED
//	3   SYN-SENT      seq=400 [SYN]                  -->     (??)
//	4   (!!)          <--  seq=300 ack=100 [ACK]             ESTABLISHED
//	5   SYN-SENT      seq=100 [RST]                  -->     (abort)
//	6   SYN-SENT                                             CLOSED
//	7   SYN-SENT      seq=400 [SYN]                  -->
func TestFigure9HalfOpenDiscovery(t *testing.T) {
	b := halfOpenB(t)
	a := figureEndpoint(400)
	at(t, 2, fsm.Closed, a, fsm.Established, b)

	r := a.Connect(0, peerTuple)
	syn := sent(t, 3, r, synSeg(400))
	retransmitAt := r.Deadline
	ack := sent(t, 4, b.Input(0, syn[0]), ackSeg(300, 100))
	at(t, 3, fsm.SynSent, a, fsm.Established, b)

	rst := sent(t, 5, a.Input(0, ack[0]), rstSeg(100))
	at(t, 4, fsm.SynSent, a, fsm.Established, b)

	r = b.Input(0, rst[0])
	expectNothing(t, r)
	at(t, 6, fsm.SynSent, a, fsm.Closed, b)
	if r.Err != fsm.ErrReset || r.Events&fsm.EvReset == 0 {
		t.Fatalf("line 5: B's abort reports %q, events %q; want %q and reset", r.Err, r.Events, fsm.ErrReset)
	}

	sent(t, 7, a.Tick(retransmitAt), synSeg(400))
	at(t, 7, fsm.SynSent, a, fsm.Closed, b)
}

// Figure 10: the active side causes half-open discovery. A rebooted; B's
// data reaches a CLOSED endpoint, whose reset B accepts.
//
//	    A                                                    B
//	1   (reboot)                               (send 300, receive 100)
//	2   (??)   <--  seq=300 ack=100 [ACK] + 10 bytes         ESTABLISHED
//	3          seq=100 [RST]                         -->     (abort)
func TestFigure10ActiveSideHalfOpenDiscovery(t *testing.T) {
	b := halfOpenB(t)
	a := figureEndpoint(400)

	n, r := b.Send(0, []byte("0123456789"))
	if n != 10 {
		t.Fatalf("line 2: Send took %d bytes, want 10", n)
	}
	data := sent(t, 2, r, dataSeg(300, 100, 10))
	rst := sent(t, 3, a.Input(0, data[0]), rstSeg(100))
	at(t, 2, fsm.Closed, a, fsm.Established, b)

	r = b.Input(0, rst[0])
	expectNothing(t, r)
	at(t, 3, fsm.Closed, a, fsm.Closed, b)
	if r.Err != fsm.ErrReset {
		t.Fatalf("line 3: B's abort reports %q, want %q", r.Err, fsm.ErrReset)
	}
}

// Figure 11: an old duplicate SYN makes two passive sockets reset each
// other's half-connection; both end in LISTEN.
//
//	    A                                                    B
//	1   LISTEN                                               LISTEN
//	2   (old dup)     seq=200 [SYN]                  -->     SYN-RECEIVED
//	3   (??)          <--  seq=300 ack=201 [SYN,ACK]         SYN-RECEIVED
//	4                 seq=201 [RST]                  -->     (back to LISTEN)
//	5   LISTEN                                               LISTEN
func TestFigure11OldSYNResetsTwoPassiveSockets(t *testing.T) {
	a, b := figureEndpoint(700), figureEndpoint(300)
	expectNothing(t, a.Listen(0, peerTuple))
	expectNothing(t, b.Listen(0, epTuple))
	at(t, 1, fsm.Listen, a, fsm.Listen, b)

	old := &segment.Segment{SrcPort: peerPort, DstPort: epPort, Seq: 200, Flags: SYN, Window: 65535}
	synAck := sent(t, 3, b.Input(0, old), synAckSeg(300, 201))
	at(t, 2, fsm.Listen, a, fsm.SynReceived, b)

	rst := sent(t, 4, a.Input(0, synAck[0]), rstSeg(201))
	at(t, 3, fsm.Listen, a, fsm.SynReceived, b)

	expectNothing(t, b.Input(0, rst[0]))
	at(t, 5, fsm.Listen, a, fsm.Listen, b)
}

// connected returns A and B after a checked handshake in which A, with ISS
// 99, opened actively and B, with ISS 299, passively: both ESTABLISHED, A
// with SND.NXT = 100 and RCV.NXT = 300.
func connected(t *testing.T) (a, b *fsm.Endpoint) {
	t.Helper()
	a, b = figureEndpoint(99), figureEndpoint(299)
	expectNothing(t, b.Listen(0, epTuple))
	syn := sent(t, 0, a.Connect(0, peerTuple), synSeg(99))
	synAck := sent(t, 0, b.Input(0, syn[0]), synAckSeg(299, 100))
	ack := sent(t, 0, a.Input(0, synAck[0]), ackSeg(100, 300))
	expectNothing(t, b.Input(0, ack[0]))
	at(t, 1, fsm.Established, a, fsm.Established, b)
	expectTCB(t, a, 100, 100, 300)
	return a, b
}

// Figure 12: the normal close sequence. A closes first and waits 2 MSL in
// TIME-WAIT; B closes after A's FIN and is done when its FIN is
// acknowledged.
//
//	    A                                                    B
//	1   ESTABLISHED                                          ESTABLISHED
//	2   (close)
//	    FIN-WAIT-1    seq=100 ack=300 [FIN,ACK]      -->     CLOSE-WAIT
//	3   FIN-WAIT-2    <--  seq=300 ack=101 [ACK]             CLOSE-WAIT
//	4                                                        (close)
//	    TIME-WAIT     <--  seq=300 ack=101 [FIN,ACK]         LAST-ACK
//	5   TIME-WAIT     seq=101 ack=301 [ACK]          -->     CLOSED
//	6   (2 MSL)
//	    CLOSED
func TestFigure12NormalClose(t *testing.T) {
	a, b := connected(t)

	finA := sent(t, 2, a.Close(0), finAckSeg(100, 300))
	ackB := sent(t, 3, b.Input(0, finA[0]), ackSeg(300, 101))
	at(t, 2, fsm.FinWait1, a, fsm.CloseWait, b)

	expectNothing(t, a.Input(0, ackB[0]))
	at(t, 3, fsm.FinWait2, a, fsm.CloseWait, b)

	finB := sent(t, 4, b.Close(0), finAckSeg(300, 101))
	r := a.Input(0, finB[0])
	ackA := sent(t, 5, r, ackSeg(101, 301))
	at(t, 4, fsm.TimeWait, a, fsm.LastAck, b)

	r2 := b.Input(0, ackA[0])
	expectNothing(t, r2)
	at(t, 5, fsm.TimeWait, a, fsm.Closed, b)
	if r2.Err != fsm.OK || r2.Events&fsm.EvClosed == 0 {
		t.Fatalf("line 5: B reports %q, events %q; want OK and closed", r2.Err, r2.Events)
	}

	end := r.Deadline
	if end != twMSL2 {
		t.Fatalf("line 6: A's TIME-WAIT ends at %d, want 2 MSL = %d", end, twMSL2)
	}
	expectNothing(t, a.Tick(end-1))
	at(t, 6, fsm.TimeWait, a, fsm.Closed, b)
	expectNothing(t, a.Tick(end))
	at(t, 6, fsm.Closed, a, fsm.Closed, b)
}

// Figure 13: the simultaneous close sequence. The FINs cross; each side
// acknowledges the other's from CLOSING, and both wait 2 MSL in TIME-WAIT.
//
//	    A                                                    B
//	1   ESTABLISHED                                          ESTABLISHED
//	2   (close)                                              (close)
//	    FIN-WAIT-1    seq=100 ack=300 [FIN,ACK]      ...     FIN-WAIT-1
//	                  <--  seq=300 ack=100 [FIN,ACK]
//	                  seq=100 ack=300 [FIN,ACK]      -->
//	3   CLOSING       seq=101 ack=301 [ACK]          ...     CLOSING
//	                  <--  seq=301 ack=101 [ACK]
//	                  seq=101 ack=301 [ACK]          -->
//	4   TIME-WAIT                                            TIME-WAIT
//	    (2 MSL)                                              (2 MSL)
//	    CLOSED                                               CLOSED
func TestFigure13SimultaneousClose(t *testing.T) {
	a, b := connected(t)

	finA := sent(t, 2, a.Close(0), finAckSeg(100, 300))
	finB := sent(t, 2, b.Close(0), finAckSeg(300, 100))
	at(t, 2, fsm.FinWait1, a, fsm.FinWait1, b)

	ackA := sent(t, 3, a.Input(0, finB[0]), ackSeg(101, 301))
	ackB := sent(t, 3, b.Input(0, finA[0]), ackSeg(301, 101))
	at(t, 3, fsm.Closing, a, fsm.Closing, b)

	rA := a.Input(0, ackB[0])
	expectNothing(t, rA)
	rB := b.Input(0, ackA[0])
	expectNothing(t, rB)
	at(t, 4, fsm.TimeWait, a, fsm.TimeWait, b)

	if rA.Deadline != twMSL2 || rB.Deadline != twMSL2 {
		t.Fatalf("line 4: TIME-WAIT ends at %d (A) and %d (B), want 2 MSL = %d", rA.Deadline, rB.Deadline, twMSL2)
	}
	expectNothing(t, a.Tick(twMSL2))
	expectNothing(t, b.Tick(twMSL2))
	at(t, 4, fsm.Closed, a, fsm.Closed, b)
}
