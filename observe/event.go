package observe

import (
	"net/netip"

	"tcpcheck/segment"
)

// Kind says what an Event observed.
type Kind uint8

// The kinds of observation.
const (
	Input  Kind = iota + 1 // a segment arrived at the endpoint (Seg)
	Output                 // the endpoint sent a segment (Seg, and Wire when known)
	Change                 // the endpoint's state changed (From, To)
	Call                   // the application called the endpoint (Op, N, Err)
	Notify                 // the endpoint told the application something (Note, Err)
	Tick                   // time passed and the endpoint's timers ran
)

var kindNames = [...]string{"?", "input", "output", "change", "call", "notify", "tick"}

func (k Kind) String() string {
	if int(k) >= len(kindNames) {
		return "?"
	}
	return kindNames[k]
}

// Op is a user call of RFC 9293 §3.10 (and the socket calls that map to them).
type Op uint8

// The calls.
const (
	OpConnect  Op = iota + 1 // active OPEN
	OpListen                 // passive OPEN
	OpSend                   // SEND
	OpRecv                   // RECEIVE
	OpShutdown               // CLOSE of the write half
	OpClose                  // CLOSE of the socket
	OpAbort                  // ABORT
)

var opNames = [...]string{"?", "connect", "listen", "send", "recv", "shutdown", "close", "abort"}

func (o Op) String() string {
	if int(o) >= len(opNames) {
		return "?"
	}
	return opNames[o]
}

// Err is the class of an error an application sees.
type Err uint8

// The error classes.
const (
	ErrNone       Err = iota
	ErrRefused        // the peer reset the connection attempt (ECONNREFUSED)
	ErrReset          // the peer reset the connection (ECONNRESET)
	ErrTimedOut       // retransmissions or keep-alives gave up (ETIMEDOUT)
	ErrClosing        // the call is not possible in this state (EPIPE, ENOTCONN...)
	ErrWouldBlock     // nothing to do yet (EAGAIN)
	ErrOther
)

var errNames = [...]string{"ok", "refused", "reset", "timed out", "closing", "would block", "error"}

func (e Err) String() string {
	if int(e) >= len(errNames) {
		return "?"
	}
	return errNames[e]
}

// Note is a set of things the endpoint tells its application.
type Note uint8

// The notes.
const (
	NoteConnected  Note = 1 << iota // the handshake completed
	NoteReadable                    // bytes are ready
	NotePeerClosed                  // the peer's FIN arrived
	NoteReset                       // the connection was reset
	NoteClosed                      // the connection reached CLOSED
	NoteError                       // the connection failed (Err says why)
)

// Event is one observation of an endpoint. Fields that do not apply to Kind
// are zero.
type Event struct {
	Kind Kind
	Time int64 // virtual time, nanoseconds

	Seg      *segment.Segment // Input, Output: the segment, decoded
	Wire     []byte           // Output: TCP header and payload as sent, when known
	Src, Dst netip.Addr       // Input, Output: the addresses, when known

	From, To State // Change

	Op   Op   // Call
	N    int  // Call: bytes sent or received
	Err  Err  // Call, Notify: the error, if any
	Note Note // Notify
}
