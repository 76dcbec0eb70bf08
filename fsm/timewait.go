package fsm

import "tcpcheck/segment"

// rcvTimeWait handles a segment in TIME-WAIT (RFC 9293 §3.10.7.4, RFC
// 1337, RFC 6191). It reports whether the segment was fully handled.
func (e *Endpoint) rcvTimeWait(now Time, in *segment.Segment) bool {
	f := in.Flags
	switch {
	case f&segment.RST != 0:
		// RFC 1337 TIME-WAIT assassination: ignore, unless configured
		// like Linux to close on an acceptable RST.
		if e.cfg.TimeWaitRST && e.acceptable(in) && (e.cfg.Legacy || in.Seq == e.rcvNxt) {
			e.closeWith(now, OK, EvReset)
		}
		return true
	case f&segment.SYN != 0 && f&segment.ACK == 0:
		if e.newIncarnation(in) {
			prev, remote := e.sndNxt, e.tuple.RemoteAddr
			e.backToListen(now)
			e.tuple.RemoteAddr = remote // the same peer opens again
			e.rcvListen(now, in)
			if e.iss.LessThan(prev) && e.nOut > 0 {
				// RFC 1122 §4.2.2.13 (1): the new ISS must be larger than
				// any sequence number the old incarnation used. Take the
				// SYN-ACK back and send it again from old SND.NXT.
				e.nOut--
				e.iss = prev
				e.startSend(now)
				e.sendSYN(now, true)
			}
			return true
		}
		e.sendChallengeAck(now) // RFC 5961 §4
		return true
	case f&segment.FIN != 0 && in.Seq.Add(in.SeqLen()) == e.rcvNxt:
		// A retransmitted FIN: acknowledge it and restart 2 MSL.
		e.sendAck(now)
		e.timers.timeWait = now + 2*e.cfg.MSL
		return true
	}
	return false
}

// newIncarnation reports whether a SYN in TIME-WAIT may open a new
// connection: only for a passively opened endpoint, when its timestamp is
// newer than TS.Recent, or equal with a higher sequence number (RFC 6191
// §2), or, without timestamps, its sequence number is above RCV.NXT (RFC
// 9293 §3.10.7.4, RFC 1122 §4.2.2.13).
func (e *Endpoint) newIncarnation(in *segment.Segment) bool {
	if !e.passive {
		return false
	}
	if val, _, ok := in.Options.Timestamps(); ok && e.opts.tsOK {
		// RFC 6191 §2: a newer timestamp, or an equal one with a higher
		// sequence number.
		d := int32(val - e.opts.tsRecent)
		return d > 0 || d == 0 && in.Seq.GreaterThan(e.rcvNxt)
	}
	return in.Seq.GreaterThan(e.rcvNxt)
}

// simultaneousSynAck reports whether in is the peer's SYN-ACK in a
// simultaneous open (RFC 9293 Figure 7, line 6): SYN-RECEIVED reached from
// SYN-SENT, and a SYN-ACK whose SYN is the peer's SYN again (SEG.SEQ = IRS).
// That SYN lies left of the window; with it trimmed off (§3.10.7.4:
// "trimming off any portions that lie outside the window (including SYN
// and FIN)") the segment starts at RCV.NXT and its ACK completes the
// handshake, as the figure shows and Linux does.
func (e *Endpoint) simultaneousSynAck(in *segment.Segment) bool {
	return e.state == SynReceived && !e.passive && in.Seq == e.irs &&
		in.Flags&(segment.SYN|segment.ACK|segment.RST) == segment.SYN|segment.ACK
}

// rcvSynReceivedDupSyn answers a retransmission of the peer's SYN in
// SYN-RECEIVED by retransmitting our SYN-ACK, as BSD and Linux do; RFC 9293
// would answer it with an ACK the peer in SYN-SENT cannot use.
func (e *Endpoint) rcvSynReceivedDupSyn(now Time, in *segment.Segment) bool {
	if e.state != SynReceived || in.Flags&(segment.SYN|segment.ACK|segment.RST) != segment.SYN || in.Seq != e.irs {
		return false
	}
	e.sendSYN(now, true)
	return true
}
