package fsm

// State is a connection state of RFC 9293 §3.3.2.
type State uint8

// The eleven states.
const (
	Closed State = iota
	Listen
	SynSent
	SynReceived
	Established
	FinWait1
	FinWait2
	CloseWait
	Closing
	LastAck
	TimeWait
	stateCount
)

var stateNames = [stateCount]string{
	Closed: "CLOSED", Listen: "LISTEN", SynSent: "SYN-SENT", SynReceived: "SYN-RECEIVED",
	Established: "ESTABLISHED", FinWait1: "FIN-WAIT-1", FinWait2: "FIN-WAIT-2",
	CloseWait: "CLOSE-WAIT", Closing: "CLOSING", LastAck: "LAST-ACK", TimeWait: "TIME-WAIT",
}

// String returns the state's name as RFC 9293 writes it.
func (s State) String() string {
	if s >= stateCount {
		return "STATE?"
	}
	return stateNames[s]
}

// Synchronized reports whether the state is one of RFC 9293's synchronized
// states, SYN-RECEIVED through TIME-WAIT.
func (s State) Synchronized() bool { return s >= SynReceived && s < stateCount }

// setState is the only place the state changes: the hook for traces.
func (e *Endpoint) setState(now Time, to State) {
	from := e.state
	e.state = to
	if e.cfg.OnTransition != nil && from != to {
		e.cfg.OnTransition(now, from, to)
	}
}
