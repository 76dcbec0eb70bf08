package mutants

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// AckBack lowers by one the ACK field of every segment its retransmission
// timer sends again: a retransmission acknowledges less than the original
// did. RCV.NXT never moves back and every segment sent carries ACK =
// RCV.NXT (RFC 9293 §3.3.1, §3.10.7.4), so the ACK field never decreases.
// Only a lost or unacknowledged segment shows the bug.
var AckBack = Mutant{
	Name:     "AckBack",
	Bug:      "ACK field decreasing after retransmission",
	CaughtBy: "MonotonicAck",
	Build:    func(c fsm.Config) observe.Endpoint { return &ackBack{Endpoint: fsm.New(c)} },
}

type ackBack struct {
	*fsm.Endpoint
	sent    seq.Num // the end of everything sent so far
	started bool    // sent is set
}

// rewrite lowers the ACK of the timer's segments that resend numbers
// below sent, and advances sent past what r sends.
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

func (e *ackBack) Send(now fsm.Time, b []byte) (int, fsm.Result) {
	n, r := e.Endpoint.Send(now, b)
	return n, e.rewrite(r, false)
}

func (e *ackBack) Shutdown(now fsm.Time) fsm.Result {
	return e.rewrite(e.Endpoint.Shutdown(now), false)
}

func (e *ackBack) Close(now fsm.Time) fsm.Result { return e.rewrite(e.Endpoint.Close(now), false) }
