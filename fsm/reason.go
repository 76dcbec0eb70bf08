package fsm

// Reason is what a user call or the connection reports to the application:
// OK, or one of a few errors named after the errno a sockets layer maps it to.
type Reason uint8

// The reasons.
const (
	OK                  Reason = iota
	ErrRefused                 // ECONNREFUSED: RST in answer to our SYN
	ErrReset                   // ECONNRESET: the peer reset a synchronized connection
	ErrTimedOut                // ETIMEDOUT: retransmissions gave up
	ErrBrokenPipe              // EPIPE: send after the write half was closed
	ErrNotConnected            // ENOTCONN: the call needs a connection
	ErrAlreadyConnected        // EISCONN: connect on a connected endpoint
	ErrInProgress              // EINPROGRESS/EALREADY: the handshake has not finished
	ErrInvalid                 // EINVAL: not allowed in this state or with these arguments
	ErrClosing                 // the connection is closing: no more sends
	ErrWouldBlock              // EAGAIN: no data to read or no room to write yet
	reasonCount
)

var reasonNames = [reasonCount]string{
	OK: "OK", ErrRefused: "connection refused", ErrReset: "connection reset",
	ErrTimedOut: "connection timed out", ErrBrokenPipe: "broken pipe",
	ErrNotConnected: "not connected", ErrAlreadyConnected: "already connected",
	ErrInProgress: "operation in progress", ErrInvalid: "invalid argument",
	ErrClosing: "connection closing", ErrWouldBlock: "would block",
}

// String names the reason.
func (r Reason) String() string {
	if r >= reasonCount {
		return "reason?"
	}
	return reasonNames[r]
}

// Events is a set of things the application learns from one call.
type Events uint16

// The events.
const (
	EvConnected  Events = 1 << iota // the handshake completed
	EvReadable                      // new bytes are ready to Recv
	EvWritable                      // send-buffer room opened up
	EvPeerClosed                    // the peer's FIN arrived: no more bytes will come
	EvReset                         // the connection was reset (Result.Err says why)
	EvClosed                        // the connection reached CLOSED (or TIME-WAIT ended)
	EvError                         // the connection failed (Result.Err says why)
)

var eventNames = [...]string{"connected", "readable", "writable", "peer-closed", "reset", "closed", "error"}

// AppendTo appends the event names joined by '|'.
func (ev Events) AppendTo(b []byte) []byte {
	first := true
	for i, n := range eventNames {
		if ev&(1<<i) == 0 {
			continue
		}
		if !first {
			b = append(b, '|')
		}
		b = append(b, n...)
		first = false
	}
	return b
}

// String returns the event names joined by '|'.
func (ev Events) String() string { return string(ev.AppendTo(nil)) }
