package mutants

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// SkipThirdStep enters ESTABLISHED as soon as it answered a SYN with its
// SYN-ACK, as if the peer's ACK had come. RFC 9293 §3.5 (the three-way
// handshake) and §3.10.7.4 leave SYN-RECEIVED for ESTABLISHED only on an
// acceptable ACK of the SYN-ACK.
var SkipThirdStep = Mutant{
	Name:     "SkipThirdStep",
	Bug:      "SYN-ACK taken as the third step",
	CaughtBy: "HandshakeBeforeEstablished",
	Build:    func(c fsm.Config) observe.Endpoint { return &skipThirdStep{Endpoint: fsm.New(c)} },
}

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
