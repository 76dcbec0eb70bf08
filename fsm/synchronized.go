package fsm

import (
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// rcvReset handles an acceptable RST in a synchronized state (RFC 9293
// §3.10.7.4 second, RFC 5961 §3.2): in secure mode it resets only when
// SEG.SEQ = RCV.NXT and otherwise draws a challenge ACK.
func (e *Endpoint) rcvReset(now Time, in *segment.Segment) {
	if !e.cfg.Legacy && in.Seq != e.rcvNxt {
		e.sendChallengeAck(now)
		return
	}
	switch e.state {
	case SynReceived:
		if e.passive {
			e.backToListen(now) // the peer's SYN was an old duplicate (Figure 9)
			return
		}
		e.closeWith(now, ErrRefused, EvReset|EvError)
	case Established, FinWait1, FinWait2, CloseWait:
		e.closeWith(now, ErrReset, EvReset|EvError)
	default: // CLOSING, LAST-ACK
		e.closeWith(now, OK, EvReset)
	}
}

// backToListen returns a passively opened connection to LISTEN.
func (e *Endpoint) backToListen(now Time) {
	local, port := e.tuple.LocalAddr, e.tuple.LocalPort
	e.reset()
	e.tuple.LocalAddr, e.tuple.LocalPort, e.passive = local, port, true
	e.setState(now, Listen)
}

// rcvSyn handles a SYN in a synchronized state (RFC 9293 §3.10.7.4 fourth):
// a passive SYN-RECEIVED returns to LISTEN; otherwise RFC 5961 §4's challenge
// ACK, or in legacy mode RFC 793's reset.
func (e *Endpoint) rcvSyn(now Time, in *segment.Segment) {
	switch {
	case e.state == SynReceived && e.passive:
		e.backToListen(now)
	case e.cfg.Legacy:
		// RFC 793 §3.9: "If the SYN is in the window it is an error, send a
		// reset". <SEQ=SND.NXT><ACK=RCV.NXT> is a reset the peer accepts
		// if it is synchronized (RFC 9293 §3.5.2), as BSD sends it.
		e.sendRST(e.sndNxt, e.rcvNxt, true, e.tuple.LocalPort, e.tuple.RemotePort)
		e.closeWith(now, ErrReset, EvReset|EvError)
	default:
		e.sendChallengeAck(now)
	}
}

// rcvAck is the fifth step of RFC 9293 §3.10.7.4 with RFC 5961 §5.2's
// acceptability check. It reports whether processing goes on.
func (e *Endpoint) rcvAck(now Time, in *segment.Segment) bool {
	if e.state == SynReceived {
		return e.rcvAckSynReceived(now, in)
	}
	if in.Ack.GreaterThan(e.sndNxt) {
		e.sendChallengeAck(now) // acks something not yet sent
		return false
	}
	if !e.cfg.Legacy && in.Ack.LessThan(e.sndUna.Sub(seq.Size(e.maxSndWnd))) {
		e.sendChallengeAck(now) // RFC 5961 §5.2: too old to be genuine
		return false
	}
	if in.Ack.GreaterThan(e.sndUna) {
		e.ackAdvance(now, in.Ack)
	}
	if in.Ack.GreaterThanEq(e.sndUna) {
		closed := e.sndWnd == 0
		e.updateWindow(in, true)
		if closed && e.sndWnd > 0 {
			e.windowReopened(now)
		}
	}
	if e.sndWnd == 0 {
		// The peer answers our zero-window probes: keep probing as long
		// as it does (RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17).
		e.timers.retries = 0
	}
	return e.ackTransitions(now)
}

// rcvAckSynReceived completes a passive or simultaneous open when
// SND.UNA < SEG.ACK =< SND.NXT, and answers any other ACK with
// <SEQ=SEG.ACK><CTL=RST>.
func (e *Endpoint) rcvAckSynReceived(now Time, in *segment.Segment) bool {
	if !(e.sndUna.LessThan(in.Ack) && in.Ack.LessThanEq(e.sndNxt)) {
		e.replyRST(in)
		return false
	}
	e.establish(now, in)
	if e.finQueued {
		e.setState(now, FinWait1) // CLOSE was called in SYN-RECEIVED
	}
	e.deliverSynText(now)
	return true
}

// windowReopened ends zero-window probing (RFC 9293 §3.8.6.1). What went
// past the zero window (the probe byte) was not accepted, so it is sent
// again from SND.UNA, untimed (Karn). The timer running was the persist
// timer, backed off probe by probe: it stops, the RTO returns to the
// estimator's value, and the timer restarts now for what is outstanding
// or when the next data goes out (RFC 6298 §5.1), as BSD (t_rxtshift = 0)
// and Linux (icsk_backoff = 0) do.
func (e *Endpoint) windowReopened(now Time) {
	if e.sndPtr != e.sndUna {
		e.sndPtr, e.rtt.timing = e.sndUna, false
	}
	if e.timers.rtx == 0 {
		return
	}
	e.stopRtx()
	e.rtt.restore()
	if e.sndUna != e.sndNxt {
		e.armRtx(now)
	}
}

// ackDelay bounds the one delayed acknowledgment fsm sends (see
// deliverSynText); RFC 9293 §3.8.6.3 requires less than 0.5 s (MUST-40).
const ackDelay = 200 * Millisecond

// deliverSynText processes the text and FIN queued by queueSynText now that
// the connection is synchronized (RFC 9293 §3.10.7.3), before the text of
// the segment that completed the handshake. Their acknowledgment is
// delayed, so that it rides on the application's answer when one comes
// soon, as the seventh step asks: "This acknowledgment should be
// piggybacked on a segment being transmitted if possible without incurring
// undue delay." Any segment sent meanwhile carries it (see emit).
func (e *Endpoint) deliverSynText(now Time) {
	if e.synText == 0 && !e.synFin {
		return
	}
	n := e.synText
	e.synText = 0
	e.rcvLen = n // the bytes are at the head of the buffer already
	e.rcvNxt = e.rcvNxt.Add(seq.Size(n))
	if n > 0 {
		e.res.Events |= EvReadable
	}
	if e.synFin {
		e.synFin = false
		e.rcvFin(now)
	}
	e.timers.delAck = now + ackDelay
}

// ackAdvance moves SND.UNA to ack: acknowledged bytes leave the send
// buffer, the RTT sample may complete, and the retransmission timer
// restarts or stops (RFC 6298 §5.2, §5.3).
func (e *Endpoint) ackAdvance(now Time, ack seq.Num) {
	e.sndUna = ack
	if e.sndPtr.LessThan(ack) {
		e.sndPtr = ack
	}
	if ack.GreaterThan(e.sndBase) {
		n := min(int(ack.SizeFrom(e.sndBase)), e.sndLen)
		copy(e.sndBuf, e.sndBuf[n:e.sndLen])
		e.sndLen -= n
		e.sndBase = e.sndBase.Add(seq.Size(n))
		e.res.Events |= EvWritable
	}
	e.rtt.acked(now, ack, &e.cfg)
	e.timers.retries = 0
	if e.sndUna == e.sndNxt {
		e.stopRtx()
	} else {
		e.armRtx(now)
	}
}

// ackTransitions applies the state changes an ACK of our FIN causes
// (RFC 9293 §3.10.7.4 fifth). It reports whether processing goes on.
func (e *Endpoint) ackTransitions(now Time) bool {
	if !e.finAcked() {
		return true
	}
	switch e.state {
	case FinWait1:
		e.setState(now, FinWait2)
	case Closing:
		e.enterTimeWait(now)
	case LastAck:
		e.closeWith(now, OK, 0)
		return false
	}
	return true
}

// processText handles the segment text and FIN (RFC 9293 §3.10.7.4 seventh
// and eighth). In-order bytes go to the receive buffer, trimmed to the
// window; a segment that starts beyond RCV.NXT is dropped and answered with
// an immediate ACK (no reassembly queue). URG is ignored (sixth): urgent
// bytes are delivered inline.
func (e *Endpoint) processText(now Time, in *segment.Segment) {
	payload, start := in.Payload, in.Seq
	if start.LessThan(e.rcvNxt) { // trim what was already received
		skip := int(e.rcvNxt.SizeFrom(start))
		if skip > len(payload) {
			skip = len(payload)
		}
		payload, start = payload[skip:], start.Add(seq.Size(skip))
	}
	fin := in.Flags&segment.FIN != 0
	if len(payload) == 0 && !fin {
		return
	}
	if start != e.rcvNxt {
		e.sendAck(now) // out of order: duplicate ACK
		return
	}
	if len(payload) > 0 && e.rcvClosed && (e.state == FinWait1 || e.state == FinWait2) {
		e.resetLostData(now, in)
		return
	}
	if w := int(e.rcvWnd()); len(payload) > w || fin && len(payload) == w {
		// First: "trimming off any portions that lie outside the window
		// (including SYN and FIN)": the window last advertised, which
		// the buffer may exceed (a 16-bit field, rounding by the scale).
		payload, fin = payload[:w], false
	}
	n := e.deliver(payload)
	switch {
	case !fin || n != len(payload):
	case e.state == TimeWait:
		// Eighth: "Remain in the TIME-WAIT state. Restart the 2 MSL
		// time-wait timeout." The peer's FIN was consumed already.
		e.timers.timeWait = now + 2*e.cfg.MSL
	case e.state != CloseWait && e.state != Closing && e.state != LastAck:
		e.rcvFin(now)
	}
	e.sendAck(now)
}

// resetLostData answers new data that arrives after the application
// called Close, which reads no more: RFC 1122 §4.2.2.13 (RFC 9293 §3.6,
// SHLD-2): "if new data is received after CLOSE is called, its TCP SHOULD
// send a RST to show that data was lost". The reset is <SEQ=SEG.ACK>
// (§3.10.7.1's form for an ACK-bearing segment, as BSD and Linux send it),
// and the connection is deleted. Shutdown leaves the read half open and
// does not do this.
func (e *Endpoint) resetLostData(now Time, in *segment.Segment) {
	e.replyRST(in)
	e.closeWith(now, OK, 0)
}

// deliver appends in-order bytes to the receive buffer in the states that
// accept text, up to the window, and returns how many it took.
func (e *Endpoint) deliver(p []byte) int {
	switch e.state {
	case Established, FinWait1, FinWait2:
	default:
		return len(p) // after the peer's FIN there is no new text
	}
	n := copy(e.rcvBuf[e.rcvLen:], p)
	if n > 0 {
		e.rcvLen += n
		e.rcvNxt = e.rcvNxt.Add(seq.Size(n))
		e.res.Events |= EvReadable
	}
	return n
}

// rcvFin consumes the peer's FIN (RFC 9293 §3.10.7.4 eighth).
func (e *Endpoint) rcvFin(now Time) {
	e.rcvNxt = e.rcvNxt.Add(1)
	e.peerClosed = true
	e.res.Events |= EvPeerClosed
	switch e.state {
	case SynReceived, Established:
		e.setState(now, CloseWait)
	case FinWait1:
		if e.finAcked() {
			e.enterTimeWait(now)
		} else {
			e.setState(now, Closing) // simultaneous close (Figure 13)
		}
	case FinWait2:
		e.enterTimeWait(now)
	}
}

// enterTimeWait starts the 2 MSL wait (RFC 9293 §3.10.7.4 eighth).
func (e *Endpoint) enterTimeWait(now Time) {
	e.timers = timers{timeWait: now + 2*e.cfg.MSL}
	e.setState(now, TimeWait)
}
