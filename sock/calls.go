package sock

import (
	"net/netip"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// Constants of the calls, with Linux's values.
const (
	AF_INET       = 2
	AF_INET6      = 10
	SOCK_STREAM   = 1
	SOCK_NONBLOCK = 0o4000
	IPPROTO_TCP   = 6

	SHUT_RD   = 0
	SHUT_WR   = 1
	SHUT_RDWR = 2

	F_GETFL    = 3
	F_SETFL    = 4
	O_RDWR     = 2
	O_NONBLOCK = 0o4000

	MSG_DONTWAIT = 0x40
)

// get returns the socket behind fd, or EBADF.
func (s *Stack) get(fd int) (*socket, Errno) {
	i := fd - firstFD
	if i < 0 || i >= len(s.files) || s.files[i] == nil {
		return nil, EBADF
	}
	return s.files[i], OK
}

// install puts k in the lowest free fd, as POSIX requires.
func (s *Stack) install(k *socket) int {
	for i, f := range s.files {
		if f == nil {
			s.files[i], k.fd = k, i+firstFD
			return k.fd
		}
	}
	s.files = append(s.files, k)
	k.fd = len(s.files) - 1 + firstFD
	return k.fd
}

// Socket is socket(2): a TCP socket (typ SOCK_STREAM, possibly with
// SOCK_NONBLOCK; protocol 0 or IPPROTO_TCP) with the stack's configuration.
// The first socket is fd 3.
func (s *Stack) Socket(domain, typ, protocol int) (int, Errno) {
	s.begin()
	if domain != AF_INET && domain != AF_INET6 {
		return -1, EAFNOSUPPORT
	}
	if typ&^SOCK_NONBLOCK != SOCK_STREAM || (protocol != 0 && protocol != IPPROTO_TCP) {
		return -1, EPROTONOSUPPORT
	}
	k := &socket{cfg: s.cfg, nonblock: typ&SOCK_NONBLOCK != 0, deadline: fsm.Never, keepIdle: keepIdleDef}
	return s.install(k), OK
}

// portInUse reports whether another socket holds port; SO_REUSEADDR on
// both lets a socket share the port with connections that are not
// listening.
func (s *Stack) portInUse(k *socket, port uint16) bool {
	for _, o := range s.files {
		if o != nil && o != k && o.port == port && !(k.reuseAddr && o.reuseAddr && o.kind != kindListening) {
			return true
		}
	}
	for _, o := range s.live {
		if o.fd < 0 && o.port == port && !k.reuseAddr {
			return true
		}
	}
	return false
}

// Bind is bind(2) to the stack's address or the unspecified one; port 0
// picks an ephemeral port.
func (s *Stack) Bind(fd int, addr netip.Addr, port uint16) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	switch {
	case e != OK:
		return -1, e
	case k.port != 0 || k.kind != kindNew:
		return -1, EINVAL
	case addr.IsValid() && !addr.IsUnspecified() && addr != s.local:
		return -1, EADDRNOTAVAIL
	}
	if port == 0 {
		return s.ephemeral(k)
	}
	if s.portInUse(k, port) {
		return -1, EADDRINUSE
	}
	k.port = port
	return 0, OK
}

// ephemeral binds k to the next free port of the ephemeral range.
func (s *Stack) ephemeral(k *socket) (int, Errno) {
	for range lastPort - firstPort + 1 {
		p := s.port
		s.port++
		if s.port > lastPort {
			s.port = firstPort
		}
		if !s.portInUse(k, p) {
			k.port = p
			return 0, OK
		}
	}
	return -1, EADDRINUSE
}

// Listen is listen(2). The listener and its pool of 2*backlog+16
// connections are created here with the socket's configuration, which
// accepted sockets inherit; backlog is clamped to [1, MaxBacklog]. Listen on
// a listening socket is a no-op.
func (s *Stack) Listen(fd, backlog int) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	switch {
	case e != OK:
		return -1, e
	case k.kind == kindListening:
		return 0, OK
	case k.kind != kindNew:
		return -1, EINVAL
	}
	if k.port == 0 {
		if _, e := s.ephemeral(k); e != OK {
			return -1, e
		}
	}
	k.backlog = min(max(backlog, 1), MaxBacklog)
	local := fsm.Tuple{LocalAddr: s.local, LocalPort: k.port}
	cfg := s.sockConfig(k)
	k.lis = s.newListener(cfg, local, k.backlog, 2*k.backlog+spareConns)
	s.w.listen(k.lis, cfg)
	k.peers = make(map[uint16]netip.Addr)
	k.kind = kindListening
	s.live = append(s.live, k)
	return 0, OK
}

// sockConfig is the fsm configuration a socket's options select.
func (s *Stack) sockConfig(k *socket) fsm.Config {
	c := k.cfg
	if k.keepAlive {
		c.KeepAlive = k.keepIdle
	}
	if s.w != nil {
		s.w.hook(&c)
	}
	return c
}

// Accept is accept(2): the oldest established connection as a new fd, or
// EAGAIN (non-blocking) or Pending (blocking) when there is none. The new
// socket is blocking and has the listener's options.
func (s *Stack) Accept(fd int) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	switch {
	case e != OK:
		return -1, e
	case k.kind != kindListening:
		return -1, EINVAL
	}
	ep, r := k.lis.Accept()
	if r != fsm.OK {
		return -1, s.wouldBlock(k)
	}
	c := *k
	c.nonblock, c.kind, c.lis, c.peers = false, kindConn, nil, nil
	c.ep, c.owner, c.connected = ep, k.lis, true
	c.deadline = fsm.Never
	n := &c
	s.live = append(s.live, n)
	return s.install(n), OK
}

// wouldBlock is EAGAIN on a non-blocking socket, Pending on a blocking one.
func (s *Stack) wouldBlock(k *socket) Errno {
	if k.nonblock {
		return EAGAIN
	}
	return Pending
}

// Connect is connect(2) to addr:port. A non-blocking socket returns
// EINPROGRESS and the result comes later through SO_ERROR (or EALREADY /
// EISCONN on a repeated connect). A blocking socket returns Pending until
// the handshake ends: repeat the call to learn 0 or the error.
func (s *Stack) Connect(fd int, addr netip.Addr, port uint16) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	if e != OK {
		return -1, e
	}
	if k.blockConn { // a blocking connect being retried
		return s.connectResult(k)
	}
	switch {
	case k.kind == kindListening:
		return -1, EINVAL
	case k.kind == kindConn && k.ep.State() != fsm.Closed:
		if k.ep.State() == fsm.SynSent {
			return -1, EALREADY
		}
		return -1, EISCONN
	}
	if k.port == 0 {
		if _, e := s.ephemeral(k); e != OK {
			return -1, e
		}
	}
	if k.ep == nil {
		cfg := s.sockConfig(k)
		k.ep = s.newEndpoint(cfg)
		s.w.track(k.ep, &cfg)
		k.kind = kindConn
		s.live = append(s.live, k)
	}
	k.soErr, k.connected = OK, false
	t := fsm.Tuple{LocalAddr: s.local, LocalPort: k.port, RemoteAddr: addr, RemotePort: port}
	r := k.ep.Connect(s.Now, t)
	s.w.call(observe.OpConnect, 0)
	s.collect(k, r)
	if r.Err != fsm.OK {
		return -1, FromReason(r.Err)
	}
	if k.nonblock {
		return -1, EINPROGRESS
	}
	k.blockConn = true
	return -1, Pending
}

// connectResult ends a blocking connect once the handshake is over.
func (s *Stack) connectResult(k *socket) (int, Errno) {
	switch {
	case k.ep.State() == fsm.SynSent || k.ep.State() == fsm.SynReceived:
		return -1, Pending
	case k.soErr != OK:
		k.blockConn = false
		e := k.soErr
		k.soErr = OK
		return -1, e
	case k.ep.State() == fsm.Closed:
		k.blockConn = false
		return -1, ECONNABORTED
	}
	k.blockConn = false
	return 0, OK
}

// Write is write(2): Send with no flags.
func (s *Stack) Write(fd int, p []byte) (int, Errno) { return s.Send(fd, p, 0) }

// Read is read(2): Recv with no flags.
func (s *Stack) Read(fd int, p []byte) (int, Errno) { return s.Recv(fd, p, 0) }

// Send is send(2); MSG_DONTWAIT is the only flag. A non-blocking send
// queues what fits in the send buffer (EAGAIN if nothing does). A blocking
// one returns Pending until all of p is queued: repeat it with the same p
// (the bytes already queued are remembered) to get len(p). A pending error
// (SO_ERROR) is returned and cleared; after shutdown(SHUT_WR), close or on
// a socket that is not connected, EPIPE.
func (s *Stack) Send(fd int, p []byte, flags int) (int, Errno) {
	k, e := s.ioSocket(fd, flags)
	switch {
	case e != OK:
		return -1, e
	case k.soErr != OK:
		e, k.soErr, k.wrDone = k.soErr, OK, 0
		return -1, e
	case k.ep == nil:
		return -1, EPIPE
	}
	nonblock := k.nonblock || flags&MSG_DONTWAIT != 0
	done := min(k.wrDone, len(p))
	n, r := k.ep.Send(s.Now, p[done:])
	s.w.call(observe.OpSend, n)
	s.collect(k, r)
	switch {
	case r.Err == fsm.ErrWouldBlock || (r.Err == fsm.OK && done+n < len(p) && !nonblock):
		if nonblock {
			return -1, EAGAIN
		}
		k.wrDone = done + n
		return -1, Pending
	case r.Err != fsm.OK:
		k.wrDone = 0
		if r.Err == fsm.ErrNotConnected || k.ep.State() == fsm.Closed {
			return -1, EPIPE
		}
		return -1, FromReason(r.Err)
	}
	k.wrDone = 0
	return done + n, OK
}

// Recv is recv(2); MSG_DONTWAIT is the only flag. It returns the bytes
// ready, else a pending error (returned once, then cleared), else 0 at the
// end of the stream (peer's FIN, SHUT_RD, or a connection that ended),
// else EAGAIN (non-blocking) or Pending (blocking) while the connection may
// still deliver, and ENOTCONN on a socket that never connected.
func (s *Stack) Recv(fd int, p []byte, flags int) (int, Errno) {
	k, e := s.ioSocket(fd, flags)
	switch {
	case e != OK:
		return -1, e
	case k.rdShut:
		return 0, OK
	case k.ep == nil:
		if k.soErr != OK {
			e, k.soErr = k.soErr, OK
			return -1, e
		}
		return -1, ENOTCONN
	}
	if k.ep.Readable() == 0 && k.soErr != OK {
		e, k.soErr = k.soErr, OK
		return -1, e
	}
	n, r := k.ep.Recv(s.Now, p)
	s.w.call(observe.OpRecv, n)
	s.collect(k, r)
	switch r.Err {
	case fsm.OK:
		return n, OK
	case fsm.ErrWouldBlock:
		if k.nonblock || flags&MSG_DONTWAIT != 0 {
			return -1, EAGAIN
		}
		return -1, Pending
	}
	if k.connected {
		return 0, OK
	}
	return -1, ENOTCONN
}

// Close is close(2). A listener stops and resets its connections not yet
// accepted. A connection closes its write half (FIN after the queued
// bytes), or resets (RST) when SO_LINGER is on with 0 seconds or unread
// bytes remain; it goes on without its fd until CLOSED. Close does not
// block for a non-zero linger time.
func (s *Stack) Close(fd int) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	if e != OK {
		return -1, e
	}
	s.files[fd-firstFD] = nil
	k.fd = -1
	switch {
	case k.lis != nil:
		s.w.call(observe.OpAbort, 0) // to each connection not accepted
		s.collectListener(k, k.lis.Close(s.Now))
	case k.ep != nil && k.ep.State() != fsm.Closed:
		if k.lingerOn && k.lingerSec == 0 {
			s.w.call(observe.OpAbort, 0)
			s.collect(k, k.ep.Abort(s.Now))
		} else {
			s.w.call(observe.OpClose, 0)
			s.collect(k, k.ep.Close(s.Now))
		}
	}
	s.reap()
	return 0, OK
}

// Shutdown is shutdown(2). SHUT_WR sends FIN after the queued bytes;
// SHUT_RD makes reads return 0 (nothing is sent, as on Linux); SHUT_RDWR
// does both. A socket that is not connected gives ENOTCONN.
func (s *Stack) Shutdown(fd, how int) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	switch {
	case e != OK:
		return -1, e
	case how < SHUT_RD || how > SHUT_RDWR:
		return -1, EINVAL
	case k.ep == nil || k.ep.State() == fsm.Closed:
		return -1, ENOTCONN
	}
	if how != SHUT_WR {
		k.rdShut = true
	}
	if how != SHUT_RD {
		r := k.ep.Shutdown(s.Now)
		s.w.call(observe.OpShutdown, 0)
		s.collect(k, r)
		if r.Err != fsm.OK && r.Err != fsm.ErrClosing {
			return -1, FromReason(r.Err)
		}
	}
	return 0, OK
}

// Fcntl is fcntl(2) with F_GETFL (O_RDWR, plus O_NONBLOCK when set) and
// F_SETFL (only O_NONBLOCK matters).
func (s *Stack) Fcntl(fd, cmd, arg int) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	if e != OK {
		return -1, e
	}
	switch cmd {
	case F_GETFL:
		if k.nonblock {
			return O_RDWR | O_NONBLOCK, OK
		}
		return O_RDWR, OK
	case F_SETFL:
		k.nonblock = arg&O_NONBLOCK != 0
		return 0, OK
	}
	return -1, EINVAL
}

// Tuple returns a socket's addresses and ports (getsockname and
// getpeername in one); the remote half is zero until connect or accept.
func (s *Stack) Tuple(fd int) (fsm.Tuple, Errno) {
	k, e := s.get(fd)
	if e != OK {
		return fsm.Tuple{}, e
	}
	if k.ep != nil {
		return k.ep.Tuple(), OK
	}
	return fsm.Tuple{LocalAddr: s.local, LocalPort: k.port}, OK
}

// State returns the TCP state of a socket's connection: CLOSED before
// connect, LISTEN for a listener.
func (s *Stack) State(fd int) (fsm.State, Errno) {
	k, e := s.get(fd)
	switch {
	case e != OK:
		return fsm.Closed, e
	case k.lis != nil:
		return fsm.Listen, OK
	case k.ep != nil:
		return k.ep.State(), OK
	}
	return fsm.Closed, OK
}

// ioSocket starts a send or receive call: the socket of fd, EBADF-style
// errors from get, or EOPNOTSUPP for a flag other than MSG_DONTWAIT.
func (s *Stack) ioSocket(fd, flags int) (*socket, Errno) {
	s.begin()
	k, e := s.get(fd)
	if e == OK && flags&^MSG_DONTWAIT != 0 {
		e = EOPNOTSUPP
	}
	return k, e
}
