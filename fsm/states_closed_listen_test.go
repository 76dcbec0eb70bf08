package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// Segments arriving in CLOSED and LISTEN (RFC 9293 §3.10.7.1 and
// §3.10.7.2). Neither state has a receive window, so the cases are the
// segment kinds; every segment starts at SEG.SEQ = 5000 and, when it has
// the ACK bit, carries SEG.ACK = 1234. RFC 5961 changes nothing here, so
// both modes behave the same.

type unsyncCase struct {
	name  string
	flags segment.Flags
	data  string
	reply []want
	next  fsm.State
}

func runUnsynchronized(t *testing.T, st fsm.State, cases []unsyncCase) {
	t.Helper()
	for _, m := range []mode{secure, legacy} {
		for _, c := range cases {
			ep, p := inState(t, st, tableConfig(m))
			in := p.seg(c.flags, 5000, 1234, c.data)
			r := send(t, ep, in)
			if !sameSegments(r.Out, c.reply) || ep.State() != c.next {
				t.Errorf("%v, mode %d, %s %s: sent %s, state %v; want %s, %v",
					st, m, c.name, describeSeg(in), describeOut(r.Out), ep.State(), describeWants(c.reply), c.next)
				continue
			}
			// A reply goes back where the segment came from.
			for _, s := range r.Out {
				if s.SrcPort != epPort || s.DstPort != peerPort {
					t.Errorf("%v, %s: reply from port %d to %d, want %d to %d",
						st, c.name, s.SrcPort, s.DstPort, epPort, peerPort)
				}
			}
		}
	}
}

// CLOSED: "all data in the incoming segment is discarded. An incoming
// segment containing a RST is discarded. An incoming segment not containing
// a RST causes a RST to be sent in response ... If the ACK bit is off,
// sequence number zero is used, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
// If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>."
func TestClosedSegments(t *testing.T) {
	runUnsynchronized(t, fsm.Closed, []unsyncCase{
		{"SYN", SYN, "", []want{rstAckSeg(0, 5001)}, fsm.Closed},
		{"SYN with data", SYN, "hello", []want{rstAckSeg(0, 5006)}, fsm.Closed},
		{"SYN-ACK", SYN | ACK, "", []want{rstSeg(1234)}, fsm.Closed},
		{"ACK", ACK, "", []want{rstSeg(1234)}, fsm.Closed},
		{"FIN", FIN, "", []want{rstAckSeg(0, 5001)}, fsm.Closed},
		{"FIN-ACK", FIN | ACK, "", []want{rstSeg(1234)}, fsm.Closed},
		{"RST", RST, "", nil, fsm.Closed},
		{"RST-ACK", RST | ACK, "", nil, fsm.Closed},
		{"data", PSH | ACK, "0123456789", []want{rstSeg(1234)}, fsm.Closed},
		{"data without ACK", PSH, "0123456789", []want{rstAckSeg(0, 5010)}, fsm.Closed},
		{"SYN, FIN and data", SYN | FIN, "0123456789", []want{rstAckSeg(0, 5012)}, fsm.Closed},
	})
}

// An endpoint whose connection ended is CLOSED like a new one: a late
// segment of the old connection is answered with a reset.
func TestClosedAfterAbortAnswersWithRST(t *testing.T) {
	ep, p := inState(t, fsm.Established, tableConfig(secure))
	expect(t, ep.Abort(0), rstSeg(1001))
	expectState(t, ep, fsm.Closed)
	expect(t, send(t, ep, p.next(PSH|ACK, "late")), rstSeg(1001))
}

// LISTEN: "first, check for a RST: An incoming RST segment could not be
// valid ... ignore it. Second, check for an ACK: Any acknowledgment is bad
// if it arrives on a connection still in the LISTEN state. An acceptable
// reset segment should be formed for any arriving ACK-bearing segment. The
// RST should be formatted as follows: <SEQ=SEG.ACK><CTL=RST>. Third, check
// for a SYN: ... ISS should be selected and a SYN segment sent of the form
// <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> ... Fourth, other data or control:
// ... drop the segment and return."
func TestListenSegments(t *testing.T) {
	runUnsynchronized(t, fsm.Listen, []unsyncCase{
		{"RST", RST, "", nil, fsm.Listen},
		{"RST-ACK", RST | ACK, "", nil, fsm.Listen},
		{"SYN and RST", SYN | RST, "", nil, fsm.Listen},
		{"ACK", ACK, "", []want{rstSeg(1234)}, fsm.Listen},
		{"SYN-ACK", SYN | ACK, "", []want{rstSeg(1234)}, fsm.Listen},
		{"FIN-ACK", FIN | ACK, "", []want{rstSeg(1234)}, fsm.Listen},
		{"data", PSH | ACK, "hello", []want{rstSeg(1234)}, fsm.Listen},
		{"SYN", SYN, "", []want{synAckSeg(1000, 5001)}, fsm.SynReceived},
		// Data on a SYN is not acknowledged (RCV.NXT = SEG.SEQ+1), so the
		// peer sends it again (input.go's rcvListen states the choice;
		// §3.10.7.2 allows queueing it instead).
		{"SYN with data", SYN, "hello", []want{synAckSeg(1000, 5001)}, fsm.SynReceived},
		{"FIN", FIN, "", nil, fsm.Listen},
		{"data without ACK", PSH, "hello", nil, fsm.Listen},
	})
}

// The SYN in LISTEN sets the TCB: "Set RCV.NXT to SEG.SEQ+1, IRS is set to
// SEG.SEQ ... SND.NXT is set to ISS+1 and SND.UNA to ISS."
func TestListenSYNSetsTCB(t *testing.T) {
	ep, p := inState(t, fsm.Listen, tableConfig(secure))
	r := send(t, ep, p.seg(SYN, 5000, 0, ""))
	expect(t, r, synAckSeg(1000, 5001))
	expectTCB(t, ep, 1000, 1001, 5001)
	if ep.IRS() != 5000 || ep.ISS() != 1000 {
		t.Fatalf("IRS %d ISS %d, want 5000 and 1000", ep.IRS(), ep.ISS())
	}
	if got := ep.Tuple().RemotePort; got != peerPort {
		t.Fatalf("remote port %d, want the SYN's source port %d", got, peerPort)
	}
}
