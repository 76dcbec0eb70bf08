package sim

import (
	"tcpcheck/fsm"
	"tcpcheck/sock"
)

// The application's calls, each made on the endpoint (when sock would
// reach it), recorded with sock's result, then its Result handled. See
// app.go for the sockets view.

// connect is an active open to the peer.
func (s *Sim) connect(n *node) {
	a := &n.app
	if a.role != roleNone || !n.hasPeer() {
		return // one socket per endpoint
	}
	a.role, a.cfd = roleActive, firstFD
	p := &s.nodes[n.spec.Peer].spec
	t := fsm.Tuple{LocalAddr: n.spec.Addr, LocalPort: n.spec.Port, RemoteAddr: p.Addr, RemotePort: p.Port}
	r := n.probe.Connect(s.now, t)
	e := sock.EINPROGRESS
	if r.Err != fsm.OK {
		e = sock.FromReason(r.Err)
	}
	n.rec.syscall(s.now, "socket", 0, 0, firstFD, sock.OK)
	n.rec.syscall(s.now, "fcntl", firstFD, 0, 0, sock.OK)
	n.rec.syscall(s.now, "connect", firstFD, 0, -1, e)
	s.handle(n, r)
}

// listen is a passive open on the endpoint's port.
func (s *Sim) listen(n *node) {
	a := &n.app
	if a.role != roleNone {
		return
	}
	a.role, a.lfd = rolePassive, firstFD
	r := n.probe.Listen(s.now, s.listenTuple(n))
	n.rec.syscall(s.now, "socket", 0, 0, firstFD, sock.OK)
	n.rec.syscall(s.now, "bind", firstFD, 0, 0, sock.OK)
	n.rec.syscall(s.now, "listen", firstFD, 0, 0, sock.FromReason(r.Err))
	s.handle(n, r)
}

// listenTuple is the local address and port, with the peer's address when
// the node names one.
func (s *Sim) listenTuple(n *node) fsm.Tuple {
	t := fsm.Tuple{LocalAddr: n.spec.Addr, LocalPort: n.spec.Port}
	if n.hasPeer() {
		t.RemoteAddr = s.nodes[n.spec.Peer].spec.Addr
	}
	return t
}

// relisten puts a listening endpoint whose half-open connection failed
// back in LISTEN; the application sees nothing, as with a listening socket.
func (s *Sim) relisten(n *node) {
	n.app.connected = false
	s.handle(n, n.probe.Listen(s.now, s.listenTuple(n)))
}

// accept takes the established connection and closes the listener.
func (s *Sim) accept(n *node) {
	a := &n.app
	a.accepted, a.cfd, a.lfdClosed = true, acceptedFD, true
	n.rec.syscall(s.now, "accept", a.lfd, 0, acceptedFD, sock.OK)
	n.rec.syscall(s.now, "fcntl", acceptedFD, 0, 0, sock.OK)
	n.rec.syscall(s.now, "close", a.lfd, 0, 0, sock.OK)
}

// ackError reads the socket's pending error with getsockopt(SO_ERROR).
func (s *Sim) ackError(n *node) {
	a := &n.app
	e := a.soErr
	a.soErr = sock.OK
	n.rec.syscall(s.now, "getsockopt", a.fd(), int(e), 0, sock.OK)
}

// pump writes what the application still has to write, from its pattern,
// until the send buffer is full; once everything is written, a close
// that waited for it is made.
func (s *Sim) pump(n *node) {
	s.writeOut(n)
	if a := &n.app; a.outbox == 0 && a.closeAfter != 0 {
		op := a.closeAfter
		a.closeAfter = 0
		s.closeOp(n, op)
	}
}

// writeOut writes from the pattern until the send buffer is full. Only
// the bytes the endpoint can take are filled in (sendRoom); it reads no
// further.
func (s *Sim) writeOut(n *node) {
	a := &n.app
	for a.outbox > 0 {
		b := s.wbuf[:min(a.outbox, len(s.wbuf))]
		fillPattern(b[:n.sendRoom(len(b))], patternSalt(n.idx), a.written)
		got, e := s.write(n, b)
		if e == sock.EAGAIN {
			a.blocked = true
			return
		}
		if e != sock.OK {
			a.outbox = 0 // the application gives up writing
			return
		}
		a.outbox -= got
		a.written += int64(got)
		if got < len(b) {
			a.blocked = true // the send buffer is full: wait until it is writable
			return
		}
	}
}

// sendRoom is how many of want bytes a write can hand the endpoint: for
// the reference endpoint, the free space of its send buffer, which is all
// Send copies (fsm.Endpoint.Send); for any other, want.
func (n *node) sendRoom(want int) int {
	if n.fep != nil {
		return min(want, max(n.sndBuf-n.fep.Unacked(), 0))
	}
	return want
}

// write is write(2) on a non-blocking socket.
func (s *Sim) write(n *node, b []byte) (int, sock.Errno) {
	a := &n.app
	fd := a.fd()
	if fd == 0 {
		return 0, sock.EBADF // no socket: nothing to record
	}
	got, e, called := 0, sock.OK, false
	var r fsm.Result
	switch {
	case a.fdClosed():
		e = sock.EBADF
	case a.listening():
		e = sock.EPIPE
	case a.soErr != sock.OK:
		e, a.soErr = a.soErr, sock.OK
	default:
		got, r = n.probe.Send(s.now, b)
		e, called = writeErrno(r.Err, n.state()), true
	}
	n.rec.syscall(s.now, "write", fd, len(b), got, e)
	if called {
		s.handle(n, r)
	}
	return got, e
}

// writeErrno is sock.Send's errno for a non-blocking send.
func writeErrno(r fsm.Reason, st fsm.State) sock.Errno {
	switch {
	case r == fsm.OK:
		return sock.OK
	case r == fsm.ErrWouldBlock:
		return sock.EAGAIN
	case r == fsm.ErrNotConnected || st == fsm.Closed:
		return sock.EPIPE
	}
	return sock.FromReason(r)
}

// read is read(2) of at most max bytes (0: the buffer) on a non-blocking
// socket; the bytes are checked against the peer's pattern.
func (s *Sim) read(n *node, most int) (int, sock.Errno) {
	a := &n.app
	fd := a.fd()
	if fd == 0 {
		return 0, sock.EBADF
	}
	if most <= 0 || most > len(s.rbuf) {
		most = len(s.rbuf)
	}
	got, e, called := 0, sock.OK, false
	var r fsm.Result
	switch {
	case a.fdClosed():
		e = sock.EBADF
	case a.listening():
		e = sock.ENOTCONN
	case a.soErr != sock.OK && n.readyBytes() == 0:
		e, a.soErr = a.soErr, sock.OK
	default:
		got, r = n.probe.Recv(s.now, s.rbuf[:most])
		e, called = readErrno(r.Err, a.connected), true
		if r.Err != fsm.OK {
			got = 0
		}
	}
	n.rec.syscall(s.now, "read", fd, most, got, e)
	if e == sock.OK {
		s.consume(n, s.rbuf[:got])
	}
	if called {
		s.handle(n, r)
	}
	return got, e
}

// readErrno is sock.Recv's errno: a connection that ended reads as the
// end of the stream once it had been connected.
func readErrno(r fsm.Reason, connected bool) sock.Errno {
	switch {
	case r == fsm.OK:
		return sock.OK
	case r == fsm.ErrWouldBlock:
		return sock.EAGAIN
	case connected:
		return sock.OK
	}
	return sock.ENOTCONN
}

// consume checks bytes read against the pattern of the peer's stream at
// the offset they should have (StreamIntegrity); no bytes is the end of
// the stream.
func (s *Sim) consume(n *node, b []byte) {
	a := &n.app
	if len(b) == 0 {
		a.eof = true
		return
	}
	if a.badAt < 0 {
		if k := checkPattern(b, patternSalt(n.spec.Peer), a.read); k >= 0 {
			a.badAt, a.badTime = a.read+int64(k), s.now
		}
	}
	a.read += int64(len(b))
}

// autoRead reads everything ready, as much as the endpoint reports
// (Readable), and the end of the stream once the peer's FIN has arrived.
func (s *Sim) autoRead(n *node) {
	a := &n.app
	for range 64 {
		if a.eof {
			break
		}
		avail, known := n.readable()
		most := len(s.rbuf)
		if known {
			if avail == 0 && !a.peerClosed {
				break
			}
			most = min(max(avail, 1), len(s.rbuf))
		}
		got, e := s.read(n, most)
		if e != sock.OK || got == 0 || !known && got < most && !a.peerClosed {
			break
		}
	}
	a.readable = false
}

// shutdown is shutdown(SHUT_WR).
func (s *Sim) shutdown(n *node) {
	a := &n.app
	fd := a.fd()
	if fd == 0 {
		return
	}
	a.noteClose(s.now, false)
	e, called := sock.OK, false
	var r fsm.Result
	switch {
	case a.fdClosed():
		e = sock.EBADF
	case a.listening() || n.state() == fsm.Closed:
		e = sock.ENOTCONN
	default:
		r, called = n.probe.Shutdown(s.now), true
		if r.Err != fsm.OK && r.Err != fsm.ErrClosing {
			e = sock.FromReason(r.Err)
		}
	}
	n.rec.syscall(s.now, "shutdown", fd, 0, 0, e)
	if called {
		s.handle(n, r)
	}
}

// close is close(2); with abort, SO_LINGER {1, 0} first, so the
// connection is reset (RFC 9293 §3.10.5 ABORT). Closing a listener aborts
// a connection not yet accepted, as a listening socket does.
func (s *Sim) close(n *node, abort bool) {
	a := &n.app
	fd := a.fd()
	if fd == 0 {
		return
	}
	a.noteClose(s.now, abort)
	if a.fdClosed() {
		n.rec.syscall(s.now, "close", fd, 0, 0, sock.EBADF)
		return
	}
	if abort {
		n.rec.syscall(s.now, "setsockopt", fd, 0, 0, sock.OK)
	}
	var r fsm.Result
	called := n.state() != fsm.Closed
	switch {
	case a.listening():
		a.lfdClosed = true
		if called {
			r = n.probe.Abort(s.now)
		}
	case !called:
		a.cfdClosed = true
	case abort:
		a.cfdClosed, r = true, n.probe.Abort(s.now)
	default:
		a.cfdClosed, r = true, n.probe.Close(s.now)
	}
	n.rec.syscall(s.now, "close", fd, 0, 0, sock.OK)
	if called {
		s.handle(n, r)
	}
}

// noteClose remembers when the application first closed, for
// EventualClose.
func (a *app) noteClose(now Time, abort bool) {
	if !a.closeCalled {
		a.closeCalled, a.closeAt = true, now
	}
	a.aborted = a.aborted || abort
}
