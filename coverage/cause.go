package coverage

import "tcpcheck/observe"

// Cause is the stimulus a state change followed: a segment of some Kind
// arriving, an application call, or the timers running. Its first NumKinds
// values are the Kinds.
type Cause uint8

// The causes besides arriving segments (Cause(k) for a Kind k).
const (
	CauseConnect  = Cause(NumKinds) + iota // active OPEN
	CauseListen                            // passive OPEN
	CauseSend                              // SEND
	CauseRecv                              // RECEIVE
	CauseShutdown                          // CLOSE of the write half
	CauseClose                             // CLOSE
	CauseAbort                             // ABORT
	CauseTimer                             // a timeout (retransmission, keep-alive, 2 MSL)
	CauseNone                              // no stimulus seen before the change
	NumCauses
)

// causeNames label causes in RFC 9293 Figure 5's words where it has them.
var causeNames = [NumCauses]string{
	"rcv SYN", "rcv SYN,ACK", "rcv ACK", "rcv data", "rcv FIN", "rcv RST", "rcv RST,ACK", "rcv other",
	"active OPEN", "passive OPEN", "SEND", "RECEIVE", "CLOSE (shutdown)", "CLOSE", "ABORT", "timeout", "?",
}

// String returns the cause as an edge label names it.
func (c Cause) String() string {
	if c >= NumCauses {
		return "?"
	}
	return causeNames[c]
}

// causeOfOp maps an application call to its Cause.
func causeOfOp(op observe.Op) Cause {
	switch op {
	case observe.OpConnect:
		return CauseConnect
	case observe.OpListen:
		return CauseListen
	case observe.OpSend:
		return CauseSend
	case observe.OpRecv:
		return CauseRecv
	case observe.OpShutdown:
		return CauseShutdown
	case observe.OpClose:
		return CauseClose
	case observe.OpAbort:
		return CauseAbort
	}
	return CauseNone
}
