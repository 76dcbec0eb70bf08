package mutants

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// Stutter repeats the first byte of every read, so the application reads a
// byte twice. RECEIVE returns the stream as the peer sent it, each byte
// once and in order (RFC 9293 §3.10.3, §3.1); the simulator's
// StreamIntegrity, which compares what is read with what was written,
// owns the rule.
var Stutter = Mutant{
	Name:     "Stutter",
	Bug:      "first byte of every read repeated",
	CaughtBy: "StreamIntegrity",
	Build:    func(c fsm.Config) observe.Endpoint { return &stutter{fsm.New(c)} },
}

type stutter struct{ *fsm.Endpoint }

func (e *stutter) Recv(now fsm.Time, p []byte) (int, fsm.Result) {
	if len(p) < 2 {
		return e.Endpoint.Recv(now, p)
	}
	n, r := e.Endpoint.Recv(now, p[1:])
	if n > 0 {
		p[0] = p[1]
		n++
	}
	return n, r
}
