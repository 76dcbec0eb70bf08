package fsm

import "tcpcheck/seq"

// Connect is an active OPEN (RFC 9293 §3.10.1): choose ISS, send SYN, enter
// SYN-SENT. The handshake completes in a later call with EvConnected. A
// tuple without a remote address or port fails with ErrInvalid.
func (e *Endpoint) Connect(now Time, t Tuple) Result {
	e.begin()
	if r := e.openCheck(); r != OK {
		return e.fail(r)
	}
	if !t.RemoteAddr.IsValid() || t.RemoteAddr.IsUnspecified() || t.RemotePort == 0 {
		// RFC 9293 §3.10.1: "If active and the remote socket is
		// unspecified, return "error: remote socket unspecified"".
		return e.fail(ErrInvalid)
	}
	e.reset()
	e.tuple = t
	e.iss = e.cfg.ISN(now, t)
	e.startSend(now)
	e.sendSYN(now, false)
	e.armRtx(now)
	e.startEstablishTimer(now)
	e.setState(now, SynSent)
	return e.finish()
}

// Listen is a passive OPEN with an unspecified remote (RFC 9293 §3.10.1):
// enter LISTEN on the local address and port of t.
func (e *Endpoint) Listen(now Time, t Tuple) Result {
	e.begin()
	if r := e.openCheck(); r != OK {
		return e.fail(r)
	}
	e.reset()
	e.tuple = Tuple{LocalAddr: t.LocalAddr, LocalPort: t.LocalPort, RemoteAddr: t.RemoteAddr}
	e.passive = true
	e.setState(now, Listen)
	return e.finish()
}

// openCheck reports why an OPEN is refused: only CLOSED may open.
func (e *Endpoint) openCheck() Reason {
	switch e.state {
	case Closed:
		return OK
	case SynSent, SynReceived:
		return ErrInProgress
	case Listen:
		return ErrInvalid
	}
	return ErrAlreadyConnected
}

// Send queues bytes for transmission (RFC 9293 §3.10.2) and returns how
// many fit in the send buffer. Before the handshake completes they wait in
// the buffer; after the write half is closed Send fails with ErrBrokenPipe.
func (e *Endpoint) Send(now Time, p []byte) (int, Result) {
	e.begin()
	switch {
	case e.state == Closed || e.state == Listen:
		return 0, e.fail(e.closedReason())
	case e.finQueued || e.state > CloseWait:
		return 0, e.fail(ErrBrokenPipe)
	}
	n := copy(e.sndBuf[e.sndLen:], p)
	e.sndLen += n
	if n == 0 && len(p) > 0 {
		return 0, e.fail(ErrWouldBlock)
	}
	e.pushData(now, e.cfg.MaxBurst)
	return n, e.finish()
}

// closedReason is the error for a call that needs a connection.
func (e *Endpoint) closedReason() Reason {
	if e.err != OK {
		return e.err
	}
	return ErrNotConnected
}

// Recv copies received bytes into p (RFC 9293 §3.10.3). It returns 0 with
// OK at the end of the stream (the peer's FIN consumed and the buffer
// empty), and ErrWouldBlock when no bytes are ready yet. Reading opens the
// window; a window update goes out when it had fallen below one MSS.
func (e *Endpoint) Recv(now Time, p []byte) (int, Result) {
	e.begin()
	if e.rcvLen == 0 {
		switch {
		case e.peerClosed:
			return 0, e.finish()
		case e.state == Closed || e.state == Listen:
			return 0, e.fail(e.closedReason())
		}
		return 0, e.fail(ErrWouldBlock)
	}
	before := e.rcvRoom()
	n := copy(p, e.rcvBuf[:e.rcvLen])
	copy(e.rcvBuf, e.rcvBuf[n:e.rcvLen])
	e.rcvLen -= n
	if e.windowUpdateDue(before) {
		e.sendAck(now)
	}
	return n, e.finish()
}

// windowUpdateDue implements the receiver side of silly window syndrome
// avoidance (RFC 9293 §3.8.6.2.2): announce the opened window once it grows
// from below one MSS (or half the buffer) to at least that.
func (e *Endpoint) windowUpdateDue(before uint32) bool {
	if !e.state.Synchronized() || e.peerClosed {
		return false
	}
	step := uint32(min(int(e.cfg.MSS), len(e.rcvBuf)/2))
	return before < step && e.rcvRoom() >= step
}

// Shutdown closes the write half (RFC 9293 §3.10.4 CLOSE, as shutdown(SHUT_WR)):
// FIN follows the queued bytes. In SYN-SENT it deletes the connection; in
// SYN-RECEIVED the FIN waits for ESTABLISHED.
func (e *Endpoint) Shutdown(now Time) Result {
	e.begin()
	switch e.state {
	case Closed:
		return e.fail(e.closedReason())
	case Listen, SynSent:
		e.closeWith(now, OK, 0)
		return e.finish()
	case Established:
		e.setState(now, FinWait1)
	case CloseWait:
		e.setState(now, LastAck)
	case SynReceived:
	default:
		return e.fail(ErrClosing)
	}
	e.queueFIN()
	e.pushData(now, e.cfg.MaxBurst)
	return e.finish()
}

// queueFIN marks the write half closed; the FIN takes the sequence number
// after the last queued byte.
func (e *Endpoint) queueFIN() {
	e.finQueued = true
	e.finSeq = e.sndBase.Add(seq.Size(e.sndLen))
}

// Close is the application closing the socket: like Shutdown, except that
// the application reads no more. Unread received bytes make it an Abort
// (RST), as RFC 2525 §2.17 and common stacks do, since they would
// otherwise be silently lost; so does new data arriving later in
// FIN-WAIT-1 or FIN-WAIT-2 (RFC 1122 §4.2.2.13, see resetLostData).
func (e *Endpoint) Close(now Time) Result {
	if e.rcvLen > 0 && e.state.Synchronized() && e.state != TimeWait {
		return e.Abort(now)
	}
	if e.state != Closed {
		e.rcvClosed = true
	}
	if e.finQueued && e.state != Closed {
		e.begin()
		return e.finish() // already closing
	}
	return e.Shutdown(now)
}

// Abort resets the connection (RFC 9293 §3.10.5 ABORT, or close with
// SO_LINGER 0): <SEQ=SND.NXT><CTL=RST> in the states that have a peer,
// then CLOSED.
func (e *Endpoint) Abort(now Time) Result {
	e.begin()
	switch e.state {
	case Closed:
		return e.fail(e.closedReason())
	case SynReceived, Established, FinWait1, FinWait2, CloseWait:
		e.sendRST(e.sndNxt, 0, false, e.tuple.LocalPort, e.tuple.RemotePort)
	}
	e.closeWith(now, OK, 0)
	return e.finish()
}
