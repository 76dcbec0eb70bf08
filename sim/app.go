package sim

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/sock"
)

// The application of each endpoint uses it through a sockets view: every
// call is made, and recorded, as the system call package sock would run
// on a stack with the same endpoint, and its result is the one sock would
// return, so that the recorded script replays (runner.Run) exactly:
//   - active open: socket (fd 3), fcntl O_NONBLOCK, connect (EINPROGRESS);
//   - passive open: socket (fd 3), bind, listen; once the connection is
//     established, accept (fd 4), fcntl O_NONBLOCK on it, and close of the
//     listener, which takes no further connection;
//   - an error the connection reports (reset, time-out) is read with
//     getsockopt(SO_ERROR), as soon as the application runs, unless a read
//     or write returns it first (sock's pending error);
//   - a listening endpoint whose half-open connection failed is put back
//     in LISTEN, as a listening socket keeps listening (fsm.Listener
//     recycles its child the same way).

// role is how an endpoint's application opened it.
type role uint8

const (
	roleNone    role = iota // no socket yet
	roleActive              // connect
	rolePassive             // listen, then accept
)

// File descriptors of the recorded scripts, as sock numbers them.
const (
	firstFD    = 3 // the first socket: the connection or the listener
	acceptedFD = 4 // the connection accept returns
)

// app is the state of one endpoint's application.
type app struct {
	role                 role
	lfd, cfd             int  // listener and connection fds, 0 when none
	accepted, connected  bool // connected: the handshake completed once (sock's "connected")
	lfdClosed, cfdClosed bool
	soErr                sock.Errno // the socket's pending error
	outbox               int        // bytes the application still wants to write
	written, read        int64      // stream bytes written (accepted by the endpoint) and read
	badAt                int64      // first stream offset read wrong, -1 if none
	badTime              Time
	readable, peerClosed bool
	blocked              bool       // a write found the send buffer full: wait for EvWritable
	closeAfter           observe.Op // a shutdown or close waiting for the pending writes
	eof                  bool       // a read returned the end of the stream
	wakePending          bool
	closeCalled, aborted bool
	closeAt              Time
}

// fd returns the socket the application uses now, 0 before it has one.
func (a *app) fd() int {
	if a.role == rolePassive && !a.accepted {
		return a.lfd
	}
	return a.cfd
}

// fdClosed reports whether the application closed fd().
func (a *app) fdClosed() bool {
	if a.role == rolePassive && !a.accepted {
		return a.lfdClosed
	}
	return a.cfdClosed
}

// listening reports whether the application holds a listener and no
// connection yet.
func (a *app) listening() bool { return a.role == rolePassive && !a.accepted }

// established reports whether the application has its connection.
func (a *app) established() bool {
	return a.role == roleActive && a.connected || a.role == rolePassive && a.accepted
}

// ownsConnection reports whether the application holds an open socket for
// the connection, the one its errors are reported on.
func (a *app) ownsConnection() bool {
	return (a.role == roleActive || a.accepted) && !a.cfdClosed
}

// notice takes the events of a call on n's endpoint.
func (s *Sim) notice(n *node, ev fsm.Events, err fsm.Reason) {
	a := &n.app
	wake := false
	if ev&fsm.EvConnected != 0 {
		a.connected, wake = true, true
	}
	if ev&(fsm.EvReadable|fsm.EvPeerClosed) != 0 {
		a.readable = true
		a.peerClosed = a.peerClosed || ev&fsm.EvPeerClosed != 0
		wake = wake || n.spec.AutoRead
	}
	if ev&fsm.EvWritable != 0 {
		a.blocked = false
		wake = wake || a.outbox > 0
	}
	if ev&(fsm.EvReset|fsm.EvError) != 0 && err != fsm.OK && a.ownsConnection() {
		a.soErr, wake = sock.FromReason(err), true
	}
	if a.listening() && !a.lfdClosed && n.state() == fsm.Closed {
		s.relisten(n)
	}
	if wake && !a.wakePending {
		a.wakePending = true
		s.schedule(evWake, n.idx, 0, s.now)
	}
}

// wake is the application reacting to what its endpoint reported:
// accepting, reading a pending error, writing what is left, reading, and
// the actions this triggers.
func (s *Sim) wake(n *node) {
	a := &n.app
	a.wakePending = false
	if a.listening() && a.connected && !a.lfdClosed {
		s.accept(n)
	}
	if a.soErr != sock.OK && !a.fdClosed() {
		s.ackError(n)
	}
	if a.outbox > 0 && !a.blocked {
		s.pump(n)
	}
	if a.readable && n.spec.AutoRead && !a.fdClosed() {
		s.autoRead(n)
	}
	s.triggers(n)
}

// triggers starts the actions whose trigger has happened.
func (s *Sim) triggers(n *node) {
	if n.unfired == 0 {
		return
	}
	for i := range n.spec.Actions {
		act := &n.spec.Actions[i]
		if n.fired[i] || !n.due(act) {
			continue
		}
		n.fired[i] = true
		n.unfired--
		if act.At > 0 {
			s.schedule(evAction, n.idx, int32(i), s.now+act.At)
			continue
		}
		s.perform(n, i)
	}
}

// due reports whether act's trigger has happened.
func (n *node) due(act *Action) bool {
	a := &n.app
	switch act.On {
	case OnConnected:
		return a.established()
	case OnReceived:
		return a.established() && a.read >= int64(act.Bytes)
	case OnEOF:
		return a.eof
	}
	return false
}

// closeOp makes a shutdown or close call.
func (s *Sim) closeOp(n *node, op observe.Op) {
	if op == observe.OpShutdown {
		s.shutdown(n)
		return
	}
	s.close(n, false)
}

// perform makes one action's call.
func (s *Sim) perform(n *node, i int) {
	act := &n.spec.Actions[i]
	switch act.Op {
	case observe.OpConnect:
		s.connect(n)
	case observe.OpListen:
		s.listen(n)
	case observe.OpSend:
		n.app.outbox += max(act.N, 0)
		s.pump(n)
	case observe.OpRecv:
		s.read(n, act.N)
	case observe.OpShutdown, observe.OpClose:
		if n.app.outbox > 0 {
			n.app.closeAfter = act.Op // after the writes, as a blocking write then close
			break
		}
		s.closeOp(n, act.Op)
	case observe.OpAbort:
		s.close(n, true)
	}
	s.triggers(n)
}
