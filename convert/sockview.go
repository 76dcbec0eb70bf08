package convert

import (
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/record"
	"tcpcheck/sock"
)

// sockView is what package sock would know of the application's socket,
// enough to write each call as the system call that has the same effect
// on a sock.Stack and the result sock gives.
type sockView struct {
	role      role
	accepted  bool // passive: the connection was accepted (fd 4)
	closed    bool // the application closed the fd it uses
	connected bool // the connection reached ESTABLISHED (sock's "connected")
	acceptDue bool // passive: established in this stimulus, accept follows it
	soErr     sock.Errno
	state     observe.State
}

// role is how the application opened its socket.
type role uint8

const (
	roleNone role = iota
	roleActive
	rolePassive
)

// File descriptors as sock numbers them.
const (
	firstFD    = 3 // the first socket: the connection or the listener
	acceptedFD = 4 // the connection accept returns
)

// fd is the descriptor the application's calls use.
func (v *sockView) fd() int {
	if v.role == rolePassive && v.accepted {
		return acceptedFD
	}
	return firstFD
}

// listening reports whether the application holds a listener and no
// connection yet.
func (v *sockView) listening() bool { return v.role == rolePassive && !v.accepted }

// pendingCall is the application call of the current stimulus, written
// once the stimulus is over and its effects are known.
type pendingCall struct {
	on      bool
	op      observe.Op
	n       int
	err     observe.Err
	pre     observe.State // the state before the call
	at      fsm.Time
	index   int // where its lines go: before the segments it made the endpoint send
	effects int // state changes and segments the call caused
}

// call is one system call line to write.
type call struct {
	name          string
	size, ret     int
	errno         sock.Errno
	closesFD      bool
	inexpressible string // why sockets cannot make this call, if they cannot
}

// finishCall writes the pending call as system calls, or, when sockets
// cannot make it, as a comment with the segments it caused commented out.
func (r *Recorder) finishCall() {
	c := &r.call
	calls := r.sock.calls(c)
	var lines record.Lines
	for _, k := range calls {
		if k.inexpressible != "" {
			r.inexpressible(c, k.inexpressible)
			return
		}
		lines.Syscall(c.at, k.name, r.sock.fd(), k.size, k.ret, k.errno)
		r.sock.closed = r.sock.closed || k.closesFD
	}
	r.lines.Insert(c.index, lines.Lines()...)
}

// inexpressible writes a call sockets cannot make as a comment, and the
// segments it made the endpoint send as comments: the replay has neither.
func (r *Recorder) inexpressible(c *pendingCall, why string) {
	what := c.op.String() + "(" + strconv.Itoa(c.n) + ") in " + c.pre.String() + ": " + why
	r.addInexact(c.at, what)
	r.lines.CommentOut(c.index)
	r.lines.InsertComment(c.index, "application call not in the replay: "+what)
}

// calls returns the system calls of a call, given what sock knows.
func (v *sockView) calls(c *pendingCall) []call {
	switch c.op {
	case observe.OpConnect, observe.OpListen:
		return v.open(c)
	}
	switch {
	case v.role == roleNone:
		return []call{{inexpressible: "no socket is open"}}
	case v.closed:
		return v.closedCall(c)
	case v.listening():
		return v.listenerCall(c)
	}
	return v.connCall(c)
}

// open is socket, then connect or bind and listen.
func (v *sockView) open(c *pendingCall) []call {
	if v.role != roleNone || c.err != observe.ErrNone {
		return []call{{inexpressible: "the socket is already open"}}
	}
	if c.op == observe.OpConnect {
		v.role = roleActive
		return []call{{name: "socket", ret: firstFD}, {name: "fcntl"}, {name: "connect", ret: -1, errno: sock.EINPROGRESS}}
	}
	v.role = rolePassive
	return []call{{name: "socket", ret: firstFD}, {name: "bind"}, {name: "listen"}}
}

// closedCall is a call on a closed fd: EBADF, and nothing happens.
func (v *sockView) closedCall(c *pendingCall) []call {
	if c.effects > 0 || c.op == observe.OpRecv && c.n > 0 {
		return []call{{inexpressible: "the application closed its socket; sockets reach the connection no more"}}
	}
	return []call{{name: syscallName(c.op), size: c.n, ret: -1, errno: sock.EBADF}}
}

// listenerCall is a call on the listener before a connection is accepted:
// sock answers reads and writes without reaching the half-open connection,
// and closing the listener aborts it.
func (v *sockView) listenerCall(c *pendingCall) []call {
	closing := c.op == observe.OpAbort || (c.op == observe.OpShutdown || c.op == observe.OpClose) && v.state == observe.Closed
	switch {
	case closing:
		return []call{{name: "close", closesFD: true}}
	case c.op == observe.OpSend && c.n == 0:
		return []call{{name: "write", ret: -1, errno: sock.EPIPE}}
	case c.op == observe.OpRecv && c.n == 0:
		return []call{{name: "read", ret: -1, errno: sock.ENOTCONN}}
	}
	return []call{{inexpressible: "sockets reach a half-open connection only by closing its listener"}}
}

// connCall is a call on the connection's socket, with sock's result.
func (v *sockView) connCall(c *pendingCall) []call {
	switch c.op {
	case observe.OpSend:
		return []call{v.write(c)}
	case observe.OpRecv:
		return []call{v.read(c)}
	case observe.OpShutdown:
		if c.pre == observe.Closed {
			return []call{{name: "shutdown", ret: -1, errno: sock.ENOTCONN}}
		}
		return []call{{name: "shutdown"}}
	case observe.OpClose:
		return []call{{name: "close", closesFD: true}}
	case observe.OpAbort:
		return []call{{name: "setsockopt"}, {name: "close", closesFD: true}}
	}
	return []call{{inexpressible: "unknown call"}}
}

// write is sock.Send on a non-blocking socket: a pending error first, then
// the bytes the endpoint took, EAGAIN when it took none, EPIPE when it
// refused.
func (v *sockView) write(c *pendingCall) call {
	switch {
	case v.soErr != sock.OK:
		e := v.soErr
		v.soErr = sock.OK
		return call{name: "write", size: max(c.n, 1), ret: -1, errno: e}
	case c.err == observe.ErrNone:
		return call{name: "write", size: c.n, ret: c.n}
	case c.err == observe.ErrWouldBlock:
		return call{name: "write", size: 1, ret: -1, errno: sock.EAGAIN}
	}
	return call{name: "write", size: max(c.n, 1), ret: -1, errno: sock.EPIPE}
}

// read is sock.Recv on a non-blocking socket, asking for the bytes the
// endpoint gave: a pending error when nothing is ready, EAGAIN, or 0 on a
// connection that ended (ENOTCONN if it never connected).
func (v *sockView) read(c *pendingCall) call {
	switch {
	case c.n > 0:
		return call{name: "read", size: c.n, ret: c.n}
	case v.soErr != sock.OK:
		e := v.soErr
		v.soErr = sock.OK
		return call{name: "read", ret: -1, errno: e}
	case c.err == observe.ErrNone:
		return call{name: "read"}
	case c.err == observe.ErrWouldBlock:
		return call{name: "read", ret: -1, errno: sock.EAGAIN}
	case v.connected:
		return call{name: "read"}
	}
	return call{name: "read", ret: -1, errno: sock.ENOTCONN}
}

// syscallName is the system call an operation is written as on a closed
// fd.
func syscallName(op observe.Op) string {
	switch op {
	case observe.OpSend:
		return "write"
	case observe.OpRecv:
		return "read"
	case observe.OpShutdown:
		return "shutdown"
	}
	return "close"
}

// notify takes what the endpoint told the application: the connection, or
// an error sock keeps as the socket's pending error.
func (r *Recorder) notify(ev *observe.Event) {
	v := &r.sock
	if ev.Note&observe.NoteConnected != 0 {
		v.connected = true
		if v.listening() {
			v.acceptDue = true
		}
	}
	if ev.Note&(observe.NoteReset|observe.NoteError) != 0 && !v.listening() && !v.closed {
		if e := errnoOf(ev.Err); e != sock.OK {
			v.soErr = e
		}
	}
}

// errnoOf is the errno sock keeps for a connection error.
func errnoOf(e observe.Err) sock.Errno {
	switch e {
	case observe.ErrRefused:
		return sock.ECONNREFUSED
	case observe.ErrReset:
		return sock.ECONNRESET
	case observe.ErrTimedOut:
		return sock.ETIMEDOUT
	}
	return sock.OK
}

// afterStimulus is what the application does once a stimulus is over:
// accept a connection just established (and close the listener, which
// takes no other), or close a listener whose half-open connection failed,
// so that sock's listener does not answer the peer as a fresh one would.
func (r *Recorder) afterStimulus() {
	v := &r.sock
	var lines record.Lines
	t := r.now
	switch {
	case v.acceptDue:
		v.acceptDue, v.accepted = false, true
		lines.Syscall(t, "accept", firstFD, 0, acceptedFD, sock.OK)
		lines.Syscall(t, "fcntl", acceptedFD, 0, 0, sock.OK)
		lines.Syscall(t, "close", firstFD, 0, 0, sock.OK)
	case v.listening() && !v.closed && v.state == observe.Closed:
		v.closed = true
		lines.Syscall(t, "close", firstFD, 0, 0, sock.OK)
	default:
		return
	}
	r.lines.Insert(len(r.lines.Lines()), lines.Lines()...)
}
