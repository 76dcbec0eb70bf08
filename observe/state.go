package observe

import "tcpcheck/fsm"

// State is a connection state of RFC 9293 §3.3.2, as an endpoint reports it.
type State uint8

// The eleven states, and Unknown for an endpoint seen only on the wire.
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
	Unknown
	NumStates = Unknown
)

var stateNames = [...]string{
	Closed: "CLOSED", Listen: "LISTEN", SynSent: "SYN-SENT", SynReceived: "SYN-RECEIVED",
	Established: "ESTABLISHED", FinWait1: "FIN-WAIT-1", FinWait2: "FIN-WAIT-2",
	CloseWait: "CLOSE-WAIT", Closing: "CLOSING", LastAck: "LAST-ACK", TimeWait: "TIME-WAIT",
	Unknown: "UNKNOWN",
}

// String returns the state's name as RFC 9293 writes it.
func (s State) String() string {
	if int(s) >= len(stateNames) {
		return "STATE?"
	}
	return stateNames[s]
}

// Synchronized reports whether s is one of RFC 9293's synchronized states,
// SYN-RECEIVED through TIME-WAIT (§3.10.7.4 applies to them).
func (s State) Synchronized() bool { return s >= SynReceived && s <= TimeWait }

// FromFSM converts a state of the reference endpoint.
func FromFSM(s fsm.State) State {
	if s > fsm.TimeWait {
		return Unknown
	}
	return State(s) // same order as RFC 9293 §3.3.2
}
