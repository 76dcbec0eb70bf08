package properties

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Deliberately broken endpoints, built only in tests: each wraps the
// reference endpoint and adds one bug, so that the tests can show which
// monitor catches it and how soon.

// mutant is a named bug.
type mutant struct {
	name     string
	build    func(fsm.Config) observe.Endpoint
	caughtBy string // the monitor that owns the broken rule
}

var mutants = []mutant{
	{"RST accepted anywhere in the window", func(c fsm.Config) observe.Endpoint { return &rstAnywhere{fsm.New(c)} }, "BlindResetResistance"},
	{"TIME-WAIT of 1 MSL", func(c fsm.Config) observe.Endpoint { c.MSL /= 2; return fsm.New(c) }, "TimeWait2MSL"},
	{"SYN-ACK taken as the third step", func(c fsm.Config) observe.Endpoint { return &skipThirdStep{Endpoint: fsm.New(c)} }, "HandshakeBeforeEstablished"},
	{"ACK field decreasing after retransmission", func(c fsm.Config) observe.Endpoint { return &ackBack{Endpoint: fsm.New(c)} }, "MonotonicAck"},
	{"RST window check broken across the 2^32 wrap", func(c fsm.Config) observe.Endpoint { return &rstWrap{fsm.New(c)} }, "BlindResetResistance"},
}

// rstAnywhere resets on any RST in the receive window, as RFC 793 did,
// although it claims RFC 5961.
type rstAnywhere struct{ *fsm.Endpoint }

func (e *rstAnywhere) Input(now fsm.Time, s *segment.Segment) fsm.Result {
	if s.Flags.Has(segment.RST) && e.State().Synchronized() &&
		s.Seq.InWindow(e.RcvNxt(), seq.Size(e.RcvWnd())) {
		c := *s
		c.Seq = e.RcvNxt()
		return e.Endpoint.Input(now, &c)
	}
	return e.Endpoint.Input(now, s)
}

// rstWrap checks an RST's sequence number with unsigned comparisons: where
// the window spans the 2^32 wrap, an RST below RCV.NXT passes for exact.
type rstWrap struct{ *fsm.Endpoint }

func (e *rstWrap) Input(now fsm.Time, s *segment.Segment) fsm.Result {
	if s.Flags.Has(segment.RST) && e.State().Synchronized() {
		nxt, end := uint32(e.RcvNxt()), uint32(e.RcvNxt())+e.RcvWnd()
		if end < nxt && uint32(s.Seq) < end { // the bug: wrapped end taken as exact
			c := *s
			c.Seq = e.RcvNxt()
			return e.Endpoint.Input(now, &c)
		}
	}
	return e.Endpoint.Input(now, s)
}

// skipThirdStep enters ESTABLISHED as soon as it sent its SYN-ACK, as if
// the peer's ACK had come.
type skipThirdStep struct {
	*fsm.Endpoint
	out []segment.Segment
}

func (e *skipThirdStep) Input(now fsm.Time, s *segment.Segment) fsm.Result {
	r := e.Endpoint.Input(now, s)
	if e.State() != fsm.SynReceived || !s.Flags.Has(segment.SYN) {
		return r
	}
	e.out = append(e.out[:0], r.Out...)
	ack := segment.Segment{SrcPort: s.SrcPort, DstPort: s.DstPort, Seq: e.RcvNxt(), Ack: e.SndNxt(),
		Flags: segment.ACK, Window: s.Window}
	r2 := e.Endpoint.Input(now, &ack)
	r.Out = append(e.out, r2.Out...)
	r.Events |= r2.Events
	return r
}

// ackBack lowers the ACK field of every retransmission by one: the
// segments a retransmission timer sends carry RCV.NXT-1.
type ackBack struct {
	*fsm.Endpoint
	sent    seq.Num
	started bool
}

func (e *ackBack) rewrite(r fsm.Result, timer bool) fsm.Result {
	for i := range r.Out {
		s := &r.Out[i]
		end := s.Seq.Add(s.SeqLen())
		if timer && e.started && s.SeqLen() > 0 && end.LessThanEq(e.sent) && s.Flags.Has(segment.ACK) {
			s.Ack = s.Ack.Sub(1)
		}
		if !e.started || e.sent.LessThan(end) {
			e.sent, e.started = end, true
		}
	}
	return r
}

func (e *ackBack) Tick(now fsm.Time) fsm.Result { return e.rewrite(e.Endpoint.Tick(now), true) }
func (e *ackBack) Input(now fsm.Time, s *segment.Segment) fsm.Result {
	return e.rewrite(e.Endpoint.Input(now, s), false)
}
func (e *ackBack) Connect(now fsm.Time, t fsm.Tuple) fsm.Result {
	e.started = false
	return e.rewrite(e.Endpoint.Connect(now, t), false)
}
