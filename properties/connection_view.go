package properties

import (
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// What the connection monitors keep of the wire. An event's pointers are
// valid only during Observe, so a monitor that needs a segment later (the
// stimulus that caused a state change, the peer's SYN) copies these facts.

// segFacts are the fields and options of a segment the monitors use, and
// the tests of its control bits they make most, worked out once: each
// comparison costs a call under the fuzzer's instrumentation, a bool test
// does not.
type segFacts struct {
	flags                          segment.Flags
	synBit, ackBit, finBit, rstBit bool // the control bits
	bareSYN                        bool // SYN without ACK or RST: an opening SYN
	pureAck                        bool // ACK with nothing else: no text, no SYN, FIN or RST
	seq, ack                       seq.Num
	n                              int      // payload bytes
	text                           bool     // n > 0
	occupies                       bool     // seqLen > 0: text, SYN or FIN
	seqLen                         seq.Size // SEG.LEN: payload, plus one each for SYN and FIN
	window                         uint16   // the field as sent, unscaled
	ws                             bool     // a window scale option is present
	shift                          uint8    // its shift, capped at 14 (RFC 7323 §2.3)
	ts                             bool     // a timestamps option is present
	tsVal, tsEcr                   uint32
}

// ctlBits are the control-bit facts of a segment, by its FIN, SYN, RST,
// PSH and ACK bits: a table lookup instead of a test per bit.
type ctlBits struct {
	syn, ack, fin, rst, bareSYN, ackOnly bool
	synOrFin                             bool
	seqLen                               seq.Size // what SYN and FIN add to SEG.LEN
}

const ctlMask = segment.FIN | segment.SYN | segment.RST | segment.PSH | segment.ACK

var ctlOf = func() (t [ctlMask + 1]ctlBits) {
	for i := range t {
		f := segment.Flags(i)
		c := &t[i]
		c.syn, c.ack, c.fin, c.rst = f.HasAny(segment.SYN), f.HasAny(segment.ACK), f.HasAny(segment.FIN), f.HasAny(segment.RST)
		c.bareSYN = c.syn && !c.ack && !c.rst
		c.ackOnly = c.ack && !c.syn && !c.fin && !c.rst
		c.synOrFin = c.syn || c.fin
		if c.syn {
			c.seqLen++
		}
		if c.fin {
			c.seqLen++
		}
	}
	return t
}()

// set makes f the facts of s.
func (f *segFacts) set(s *segment.Segment) {
	c := &ctlOf[s.Flags&ctlMask]
	n := len(s.Payload)
	f.flags, f.seq, f.ack, f.n, f.window = s.Flags, s.Seq, s.Ack, n, s.Window
	f.synBit, f.ackBit, f.finBit, f.rstBit, f.bareSYN = c.syn, c.ack, c.fin, c.rst, c.bareSYN
	f.text = n != 0
	f.pureAck, f.occupies, f.seqLen = c.ackOnly && !f.text, c.synOrFin || f.text, seq.Size(n)+c.seqLen
	f.shift, f.ws = s.Options.WScale()
	f.tsVal, f.tsEcr, f.ts = s.Options.Timestamps()
}

// of makes f the facts of the segment of ev, an Input or Output: zero if
// it has none.
func (f *segFacts) of(ev *observe.Event) {
	if ev.Seg == nil {
		*f = segFacts{}
		return
	}
	f.set(ev.Seg)
}

// end is SEG.SEQ + SEG.LEN, the right edge of the segment.
func (f *segFacts) end() seq.Num { return f.seq.Add(f.seqLen) }

// stimulus is the last event that made the endpoint act: a segment
// arriving, an application call or timers running. Within one stimulus
// observe reports the stimulus first, then the state changes it caused, then
// the segments sent; so a state change or a segment sent answers the
// stimulus recorded before it.
type stimulus struct {
	kind  observe.Kind // Input, Call or Tick; 0 before the first
	in    bool         // kind is Input
	op    observe.Op   // Call
	seg   segFacts     // Input
	time  int64
	count int // stimuli so far
}

// segFactsOf returns the facts of the segment of ev, an Input or Output:
// zero if it has none.
func segFactsOf(ev *observe.Event) segFacts {
	var f segFacts
	if ev.Seg != nil {
		f.set(ev.Seg)
	}
	return f
}

// setInput, setCall and setTick record a stimulus of each kind.
func (s *stimulus) setInput(ev *observe.Event, f *segFacts) {
	s.kind, s.in, s.seg, s.time = observe.Input, true, *f, ev.Time
	s.count++
}

func (s *stimulus) setCall(ev *observe.Event) {
	s.kind, s.in, s.op, s.time = observe.Call, false, ev.Op, ev.Time
	s.count++
}

func (s *stimulus) setTick(ev *observe.Event) {
	s.kind, s.in, s.time = observe.Tick, false, ev.Time
	s.count++
}

// input returns the segment of the stimulus, or nil if it was not one.
func (s *stimulus) input() *segFacts {
	if !s.in {
		return nil
	}
	return &s.seg
}

// tri is a verdict an observer may be unable to reach.
type tri uint8

const (
	triNo tri = iota
	triMaybe
	triYes
)

// recvBounds is what an observer can know of an endpoint's receive side
// (RFC 9293 §3.3.1) without reading it. The endpoint's own segments tell
// RCV.NXT (the ACK field), the right edge of the window it offers and
// TS.Recent (TSecr, RFC 7323 §3.2), each as it was when the segment left;
// RCV.NXT and TS.Recent only grow, and the edge does not move left
// (§3.8.6.2.2). The segments it received bound them from above. So RCV.NXT
// lies in [ack, high] and the right edge of the receive window in
// [edge, maxEdge] (or at RCV.NXT, past it), and a segment's acceptability
// (§3.10.7.4 first check) and PAWS test (RFC 7323 §5.3) come out as yes,
// no, or maybe when the answer depends on where in those ranges the
// endpoint is.
type recvBounds struct {
	// The peer's SYN: the last one received before the endpoint sent a
	// segment with ACK, which is the one that segment answered.
	peerSyn   bool
	irs       seq.Num
	peerWS    bool
	peerShift uint8
	peerTS    bool
	high      seq.Num // right edge of what the endpoint may have accepted: RCV.NXT =< high
	tsMax     uint32  // highest TSval received: TS.Recent =< tsMax
	haveTS    bool

	// The endpoint's own segments.
	ourSyn   bool // it sent a SYN (and ourWS, ourShift, ourTS tell its options)
	ourWS    bool
	ourShift uint8
	ourTS    bool
	synced   bool    // it sent a segment with ACK (other than RST): SYN-RECEIVED or later
	ack      seq.Num // the ACK field last sent: ack =< RCV.NXT
	edge     seq.Num // right edge of the window last offered
	maxEdge  seq.Num // highest right edge offered
	ecr      uint32  // TSecr last sent on a segment with ACK: ecr =< TS.Recent
	haveEcr  bool
}

// restart takes in the SYN that opened a new incarnation, if the stimulus
// is one; the bounds are fresh.
func (r *recvBounds) restart(stim *stimulus) {
	if f := stim.input(); f != nil && f.bareSYN {
		r.input(f)
	}
}

// wsOK reports whether window scaling is in use: both SYNs carried the
// option (RFC 7323 §2.2).
func (r *recvBounds) wsOK() bool { return r.ourWS && r.peerWS }

// tsOK reports whether timestamps are in use: both SYNs carried them
// (RFC 7323 §3.2).
func (r *recvBounds) tsOK() bool { return r.ourTS && r.peerTS }

// input takes a segment that arrived.
func (r *recvBounds) input(f *segFacts) {
	if f.rstBit {
		return
	}
	if f.ts && (!r.haveTS || int32(f.tsVal-r.tsMax) > 0) {
		r.tsMax, r.haveTS = f.tsVal, true
	}
	if f.synBit && !r.synced {
		r.peerSyn, r.irs, r.high = true, f.seq, f.end()
		r.peerWS, r.peerShift, r.peerTS = f.ws, f.shift, f.ts
		return
	}
	if r.peerSyn && r.synced {
		if e := r.takes(f); r.high.LessThan(e) {
			r.high = e
		}
	}
}

// takes returns the right edge up to which f may have advanced RCV.NXT.
// A segment that ends at or before the last ACK sent cannot advance it,
// and none that starts past the right edge of every window offered can be
// taken (RFC 9293 §3.10.7.4); any other may be, whole: stacks take in-order
// text past the window's edge when their buffer has room (Linux does; so
// does fsm when window scaling rounds the window it announces down). The
// bound depends on what the endpoint sent, never on what the peer sent, so
// a peer cannot walk it around the 2^32 circle with segments 2^31 apart.
func (r *recvBounds) takes(f *segFacts) seq.Num {
	end := f.end()
	if !r.ack.LessThan(end) || seq.Max(r.maxEdge, r.ack).LessThan(f.seq) {
		return r.high
	}
	return end
}

// output takes a segment the endpoint sent.
func (r *recvBounds) output(f *segFacts) {
	if f.rstBit {
		return
	}
	if f.synBit {
		r.ourSyn, r.ourWS, r.ourShift, r.ourTS = true, f.ws, f.shift, f.ts
	}
	if !f.ackBit {
		return
	}
	w := seq.Size(f.window)
	if !f.synBit && r.wsOK() {
		w <<= r.ourShift // RFC 7323 §2.2: never in a SYN
	}
	r.ack, r.edge = f.ack, f.ack.Add(w)
	if !r.synced || r.maxEdge.LessThan(r.edge) {
		r.maxEdge = r.edge
	}
	if r.peerSyn && r.high.LessThan(r.ack) {
		r.high = r.ack // an endpoint that acknowledges more has it
	}
	if f.ts {
		r.ecr, r.haveEcr = f.tsEcr, true
	}
	r.synced = true
}

// accept is the acceptability test of RFC 9293 §3.10.7.4 (first check)
// for a segment at sq of length n, over every RCV.NXT and window the
// endpoint may have: yes when the segment is in the window whatever they
// are; no only when it is out of it by more than the stacks that bend the
// test allow (Linux takes a segment that starts right at the window's
// right edge or ends right at RCV.NXT, and §3.10.7.4 asks that ACKs on
// segments sent into a zero window still be processed); maybe otherwise.
func (r *recvBounds) accept(sq seq.Num, n seq.Size) tri {
	if !r.synced || !r.peerSyn {
		return triMaybe
	}
	lo, hi := r.ack, r.high // RCV.NXT in [lo, hi]
	elo, ehi := seq.Max(r.edge, hi), seq.Max(r.maxEdge, hi)
	surelyIn := func(x seq.Num) bool { return leq(hi, x) && x.LessThan(elo) }
	end := sq.Add(n)
	if n == 0 {
		// SEG.SEQ = RCV.NXT, whatever the window: lo = hi and sq = lo.
		if uint32(lo^hi)|uint32(sq^lo) == 0 || surelyIn(sq) {
			return triYes
		}
	} else if surelyIn(sq) || surelyIn(end.Sub(1)) {
		return triYes
	}
	if end.LessThan(lo) || ehi.LessThan(sq) {
		return triNo
	}
	return triMaybe
}

// paws is the PAWS test of RFC 7323 §5.3 for a non-RST segment: yes when
// it passes whatever TS.Recent is, no when it fails.
func (r *recvBounds) paws(f *segFacts) tri {
	switch {
	case !r.tsOK():
		return triYes
	case !f.ts:
		return triMaybe // §3.2 says drop it; stacks differ
	case r.haveTS && int32(f.tsVal-r.tsMax) >= 0:
		return triYes
	case r.haveEcr && int32(f.tsVal-r.ecr) < 0:
		return triNo
	}
	return triMaybe
}
