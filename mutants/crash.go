package mutants

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// URGPanic panics (an index out of range) on a segment with FIN and URG in
// ESTABLISHED: a crash in the code under test. RFC 9293 §3.10.7.4 has
// every segment processed without failing; the urgent pointer (RFC 6093)
// is only a number to bound. Nothing but a harness that recovers the
// panic reports it, so CaughtBy is empty.
var URGPanic = Mutant{
	Name:  "URGPanic",
	Bug:   "panic on FIN with URG in ESTABLISHED",
	Build: func(c fsm.Config) observe.Endpoint { return &urgPanic{fsm.New(c)} },
}

type urgPanic struct{ *fsm.Endpoint }

func (e *urgPanic) Input(now fsm.Time, s *segment.Segment) fsm.Result {
	if s.Flags.Has(segment.FIN|segment.URG) && e.State() == fsm.Established {
		crash(s)
	}
	return e.Endpoint.Input(now, s)
}

// crash indexes a table with the urgent pointer, unchecked.
func crash(s *segment.Segment) {
	var table [4]int
	_ = table[int(s.Urgent)+4] // index out of range
}
