package mutants

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// RSTAnywhere takes any RST in the receive window in ESTABLISHED as exact,
// as RFC 793 did, although it claims RFC 5961: RFC 5961 §3.2 resets only
// at SEG.SEQ = RCV.NXT and answers other in-window RSTs with a challenge
// ACK.
var RSTAnywhere = Mutant{
	Name:     "RSTAnywhere",
	Bug:      "RST accepted anywhere in the window",
	CaughtBy: "BlindResetResistance",
	Build:    func(c fsm.Config) observe.Endpoint { return &rstAnywhere{fsm.New(c)} },
}

type rstAnywhere struct{ *fsm.Endpoint }

func (e *rstAnywhere) Input(now fsm.Time, s *segment.Segment) fsm.Result {
	if s.Flags.Has(segment.RST) && e.State() == fsm.Established &&
		s.Seq.InWindow(e.RcvNxt(), seq.Size(e.RcvWnd())) {
		return inputAtRcvNxt(e.Endpoint, now, s)
	}
	return e.Endpoint.Input(now, s)
}

// inputAtRcvNxt gives e a copy of s moved to RCV.NXT, the only place an
// RST acts.
func inputAtRcvNxt(e *fsm.Endpoint, now fsm.Time, s *segment.Segment) fsm.Result {
	c := *s
	c.Seq = e.RcvNxt()
	return e.Input(now, &c)
}

// RSTWrap checks an RST's sequence number with unsigned comparisons, so
// where the receive window spans the 2^32 wrap, an RST numbered past the
// wrap passes for one at RCV.NXT. Sequence numbers compare modulo 2^32
// (RFC 9293 §3.4, RFC 1982); RFC 5961 §3.2 resets only at RCV.NXT.
var RSTWrap = Mutant{
	Name:     "RSTWrap",
	Bug:      "RST window check broken across the 2^32 wrap",
	CaughtBy: "BlindResetResistance",
	Build:    func(c fsm.Config) observe.Endpoint { return &rstWrap{fsm.New(c)} },
}

type rstWrap struct{ *fsm.Endpoint }

func (e *rstWrap) Input(now fsm.Time, s *segment.Segment) fsm.Result {
	if s.Flags.Has(segment.RST) && e.State().Synchronized() {
		nxt, end := uint32(e.RcvNxt()), uint32(e.RcvNxt())+e.RcvWnd()
		if end < nxt && uint32(s.Seq) < end { // the bug: a wrapped number taken as exact
			return inputAtRcvNxt(e.Endpoint, now, s)
		}
	}
	return e.Endpoint.Input(now, s)
}
