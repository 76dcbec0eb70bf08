package fsm

import "tcpcheck/segment"

// Input processes an arriving segment (RFC 9293 §3.10.7, SEGMENT ARRIVES).
// The caller has decoded it and checked its checksum and addresses.
func (e *Endpoint) Input(now Time, in *segment.Segment) Result {
	e.begin()
	switch e.state {
	case Closed:
		e.replyRST(in) // §3.10.7.1
	case Listen:
		e.rcvListen(now, in)
	case SynSent:
		e.rcvSynSent(now, in)
	default:
		e.rcvSynchronized(now, in)
	}
	return e.finish()
}

// rcvListen handles a segment in LISTEN (RFC 9293 §3.10.7.2): RST ignored,
// ACK answered by RST, SYN answered by SYN-ACK. Data on the SYN is not
// acknowledged (RCV.NXT = SEG.SEQ+1), so the peer sends it again.
func (e *Endpoint) rcvListen(now Time, in *segment.Segment) {
	switch {
	case in.Flags&segment.RST != 0:
	case in.Flags&segment.ACK != 0:
		e.replyRST(in)
	case in.Flags&segment.SYN != 0:
		e.tuple.RemotePort = in.SrcPort
		e.acceptSYN(in)
		e.iss = e.cfg.ISN(now, e.tuple)
		e.startSend(now)
		e.sendSYN(now, true)
		e.armRtx(now)
		e.startEstablishTimer(now)
		e.setState(now, SynReceived)
	}
}

// acceptSYN records the peer's SYN: IRS, RCV.NXT and its options. In
// SYN-SENT our SYN has offered a window already, before IRS was known:
// its right edge counts from RCV.NXT now.
func (e *Endpoint) acceptSYN(in *segment.Segment) {
	e.irs = in.Seq
	e.rcvNxt = in.Seq.Add(1)
	e.rcvAdv = e.rcvNxt
	if e.state == SynSent {
		e.advertised(e.synWindow(), false)
	}
	e.negotiate(in)
	e.sndWnd = uint32(in.Window) // a SYN's window is never scaled (RFC 7323 §2.2)
	e.maxSndWnd = max(e.maxSndWnd, e.sndWnd)
	e.sndWl1, e.sndWl2 = in.Seq, in.Ack
}

// negotiate applies the options of the peer's SYN (RFC 9293 §3.7.1,
// RFC 7323 §2.2 and §3.2, RFC 2018 §2): each one is used only if both
// sides offered it.
func (e *Endpoint) negotiate(in *segment.Segment) {
	o := &in.Options
	e.opts.peerMSS = 536
	if mss, ok := o.MSS(); ok && mss > 0 {
		e.opts.peerMSS = mss
	}
	if shift, ok := o.WScale(); ok && e.cfg.WScale >= 0 {
		e.opts.wscaleOK, e.opts.sndShift, e.opts.rcvShift = true, shift, uint8(e.cfg.WScale)
	} else {
		e.opts.wscaleOK, e.opts.sndShift, e.opts.rcvShift = false, 0, 0
	}
	e.opts.sackOK = o.SACKPermitted() && !e.cfg.NoSACK
	e.opts.ecnOK = e.ecnAgreed(in)
	val, _, ok := o.Timestamps()
	e.opts.tsOK = ok && !e.cfg.NoTimestamp
	if e.opts.tsOK {
		e.opts.tsRecent = val
	}
}

// ecnAgreed applies RFC 3168 §6.1.1 to the peer's SYN or SYN-ACK: an
// ECN-setup SYN has ECE and CWR set and is agreed to unless ECN is off; an
// ECN-setup SYN-ACK has ECE set and CWR clear and counts only if we asked
// for ECN ("a SYN-ACK packet with both the ECE and CWR flags set" is not
// one).
func (e *Endpoint) ecnAgreed(in *segment.Segment) bool {
	ece, cwr := in.Flags&segment.ECE != 0, in.Flags&segment.CWR != 0
	if in.Flags&segment.ACK == 0 {
		return e.cfg.ECN != ECNOff && ece && cwr
	}
	return e.cfg.ECN == ECNRequest && ece && !cwr
}

// startSend sets the send variables after choosing ISS.
func (e *Endpoint) startSend(now Time) {
	e.sndUna, e.sndNxt, e.sndPtr = e.iss, e.iss.Add(1), e.iss.Add(1)
	e.sndBase = e.iss.Add(1)
	e.rtt.init(&e.cfg)
	e.rtt.start(now, e.sndNxt)
}

// rcvSynSent handles a segment in SYN-SENT (RFC 9293 §3.10.7.3).
func (e *Endpoint) rcvSynSent(now Time, in *segment.Segment) {
	f := in.Flags
	hasAck := f&segment.ACK != 0
	// First: an ACK must acknowledge our SYN, ISS < SEG.ACK =< SND.NXT.
	if hasAck && (in.Ack.LessThanEq(e.iss) || in.Ack.GreaterThan(e.sndNxt)) {
		e.replyRST(in)
		return
	}
	if f&segment.RST != 0 {
		// Second: an RST is acceptable only with an acceptable ACK
		// (RFC 5961 §3.2 leaves SYN-SENT to RFC 793's rule).
		if hasAck {
			e.closeWith(now, ErrRefused, EvReset|EvError)
		}
		return
	}
	if f&segment.SYN == 0 {
		return // Fifth: neither SYN nor RST: drop.
	}
	e.acceptSYN(in)
	if !hasAck {
		// Simultaneous open (Figure 7): SYN-RECEIVED, send SYN-ACK.
		e.setState(now, SynReceived)
		e.sendSYN(now, true)
		e.queueSynText(in)
		return
	}
	e.establish(now, in)
	if len(in.Payload) == 0 && in.Flags&segment.FIN == 0 {
		e.sendAck(now) // text or FIN is acknowledged once, after processing
	}
	e.afterSynAck(now, in)
}

// queueSynText keeps the text and FIN of a SYN received in SYN-SENT: "If
// there are other controls or text in the segment, queue them for
// processing after the ESTABLISHED state has been reached" (RFC 9293
// §3.10.7.3). The bytes wait at the head of the receive buffer, neither
// readable nor acknowledged (the SYN-ACK acknowledges the SYN alone), as
// far as the buffer holds them; a FIN past bytes that did not fit is
// dropped, and the peer sends both again.
func (e *Endpoint) queueSynText(in *segment.Segment) {
	e.synText = copy(e.rcvBuf, in.Payload)
	e.synFin = in.Flags&segment.FIN != 0 && e.synText == len(in.Payload)
}

// afterSynAck processes data and FIN carried by a SYN-ACK (RFC 9293
// §3.10.7.3: "continue processing at the sixth step").
func (e *Endpoint) afterSynAck(now Time, in *segment.Segment) {
	if len(in.Payload) > 0 || in.Flags&segment.FIN != 0 {
		trimmed := *in
		trimmed.Seq = in.Seq.Add(1)
		trimmed.Flags &^= segment.SYN
		e.processText(now, &trimmed)
	}
	e.pushData(now, e.cfg.MaxBurst)
}

// establish completes the handshake: SND.UNA = SEG.ACK, window from the
// segment, ESTABLISHED (RFC 9293 §3.10.7.3 and §3.10.7.4 fifth).
func (e *Endpoint) establish(now Time, in *segment.Segment) {
	e.sndUna = in.Ack
	if e.sndPtr.LessThan(e.sndUna) {
		e.sndPtr = e.sndUna
	}
	e.rtt.acked(now, in.Ack, &e.cfg)
	if e.timers.synRtx && !e.rtt.sampled {
		e.rtt.set(clampRTO(3*Second, &e.cfg)) // RFC 6298 §5.7
	}
	e.stopRtx()
	e.timers.establish = 0
	e.updateWindow(in, false)
	e.setState(now, Established)
	e.res.Events |= EvConnected | EvWritable
	e.heardFromPeer(now)
}

// updateWindow takes SND.WND from the segment when it is newer than the
// last update (RFC 9293 §3.10.7.4: SND.WL1 < SEG.SEQ, or equal with
// SND.WL2 =< SEG.ACK), scaled unless it is a SYN.
func (e *Endpoint) updateWindow(in *segment.Segment, checkOrder bool) {
	if checkOrder && !(e.sndWl1.LessThan(in.Seq) || (e.sndWl1 == in.Seq && e.sndWl2.LessThanEq(in.Ack))) {
		return
	}
	w := uint32(in.Window)
	if in.Flags&segment.SYN == 0 && e.opts.wscaleOK && !e.synAckWnd {
		w <<= e.opts.sndShift
	}
	e.sndWnd, e.sndWl1, e.sndWl2 = w, in.Seq, in.Ack
	e.maxSndWnd = max(e.maxSndWnd, w)
}

// rcvSynchronized handles a segment in SYN-RECEIVED through TIME-WAIT in
// the order of RFC 9293 §3.10.7.4.
func (e *Endpoint) rcvSynchronized(now Time, in *segment.Segment) {
	if e.state == TimeWait && e.rcvTimeWait(now, in) {
		return
	}
	if e.rcvSynReceivedDupSyn(now, in) {
		return
	}
	if e.simultaneousSynAck(in) {
		trimmed := *in
		trimmed.Seq, trimmed.Flags = in.Seq.Add(1), in.Flags&^segment.SYN
		e.synAckWnd = true // a SYN-ACK's window is never scaled
		e.rcvSynchronized(now, &trimmed)
		e.synAckWnd = false
		return
	}
	if paws := e.pawsReject(in); paws || !e.acceptable(in) {
		e.dropUnacceptable(now, in, paws) // first
		return
	}
	e.heardFromPeer(now)
	switch {
	case in.Flags&segment.RST != 0:
		e.rcvReset(now, in) // second
	case in.Flags&segment.SYN != 0:
		e.rcvSyn(now, in) // fourth (no security compartments: third)
	case in.Flags&segment.ACK == 0:
		// fifth: a segment without ACK is dropped
	default:
		e.updateTSRecent(in)
		if e.rcvAck(now, in) {
			e.processText(now, in) // sixth (URG ignored), seventh, eighth
			e.pushData(now, e.cfg.MaxBurst)
		}
	}
}

// acceptable is the four-case test of RFC 9293 §3.10.7.4 first, against
// RCV.NXT and RCV.WND.
func (e *Endpoint) acceptable(in *segment.Segment) bool {
	// RCV.WND is the window last advertised: bytes past that right edge are
	// outside the window even if the buffer has room since (RFC 9293
	// §3.10.7.4 first, RFC 5961 §3.2).
	wnd := e.rcvWnd()
	n := in.SeqLen()
	switch {
	case n == 0 && wnd == 0:
		return in.Seq == e.rcvNxt
	case n == 0:
		return in.Seq.InWindow(e.rcvNxt, wnd)
	case wnd == 0:
		return false
	}
	last := in.Seq.Add(n - 1)
	return in.Seq.InWindow(e.rcvNxt, wnd) || last.InWindow(e.rcvNxt, wnd)
}

// pawsReject applies PAWS (RFC 7323 §5.3): with timestamps in use, a
// non-RST segment whose TSval is older than TS.Recent is dropped (and
// acknowledged by the caller).
func (e *Endpoint) pawsReject(in *segment.Segment) bool {
	if !e.opts.tsOK || in.Flags&segment.RST != 0 {
		return false
	}
	val, _, ok := in.Options.Timestamps()
	return ok && int32(val-e.opts.tsRecent) < 0
}

// updateTSRecent records TSval when the segment covers Last.ACK.sent
// (RFC 7323 §4.3).
func (e *Endpoint) updateTSRecent(in *segment.Segment) {
	val, _, ok := in.Options.Timestamps()
	if ok && e.opts.tsOK && in.Seq.LessThanEq(e.opts.lastAckSnt) && int32(val-e.opts.tsRecent) >= 0 {
		e.opts.tsRecent = val
	}
}
