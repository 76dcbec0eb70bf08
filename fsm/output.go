package fsm

import (
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// sendKeepAlive sends a keep-alive probe: <SEQ=SND.NXT-1><ACK=RCV.NXT>,
// one already-acknowledged sequence number that draws an ACK (RFC 9293
// §3.8.4).
func (e *Endpoint) sendKeepAlive(now Time) {
	e.emitControl(now, e.sndNxt.Sub(1), segment.ACK)
}

// slot returns the next output segment, zeroed and addressed, or nil when
// this call's burst is full (the rest waits for the next ACK or timer).
func (e *Endpoint) slot() *segment.Segment {
	if e.nOut >= len(e.out) {
		return nil
	}
	s := &e.out[e.nOut]
	e.nOut++
	*s = segment.Segment{SrcPort: e.tuple.LocalPort, DstPort: e.tuple.RemotePort}
	return s
}

// emit queues a segment carrying ACK = RCV.NXT, our window and, when
// negotiated, timestamps (RFC 7323 §3.2: on every non-RST segment).
func (e *Endpoint) emit(now Time, sn seq.Num, flags segment.Flags, payload []byte) *segment.Segment {
	s := e.slot()
	if s == nil {
		return nil
	}
	s.Seq, s.Flags, s.Payload = sn, flags|segment.ACK, payload
	s.Ack = e.rcvNxt
	e.timers.delAck = 0 // this segment carries the acknowledgment
	s.Window = e.windowField()
	e.advertised(s.Window, e.opts.wscaleOK)
	if e.opts.tsOK {
		_ = s.Options.AddNOP()
		_ = s.Options.AddNOP()
		_ = s.Options.AddTimestamps(tsClock(now), e.opts.tsRecent)
	}
	e.opts.lastAckSnt = e.rcvNxt
	return s
}

// emitControl queues a segment without data, typically an ACK.
func (e *Endpoint) emitControl(now Time, sn seq.Num, flags segment.Flags) {
	e.emit(now, sn, flags, nil)
}

// sendAck acknowledges: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
func (e *Endpoint) sendAck(now Time) { e.emitControl(now, e.sndNxt, segment.ACK) }

// sendChallengeAck sends RFC 5961's challenge ACK, within the per-second
// limit of §7.
func (e *Endpoint) sendChallengeAck(now Time) {
	if e.ack.allow(now, e.cfg.ChallengeACKLimit) {
		e.sendAck(now)
	}
}

// windowField is the window we advertise: the free buffer space, scaled
// when window scaling is in use (RFC 7323 §2.3, SEG.WND = RCV.WND >>
// Rcv.Wind.Shift) and capped at the field's 16 bits. Scaling rounds up, as
// Linux does, so that free space smaller than one unit is not announced as
// a zero window: with shift 14 and a buffer under 16 KiB, rounding down
// would never open the window. The window may then reach past the buffer,
// which RFC 7323 §2.4 allows; bytes beyond the buffer are dropped without
// being acknowledged. Either way a right edge can retract by less than one
// unit; the acceptability test keeps the furthest edge (see advertised).
func (e *Endpoint) windowField() uint16 {
	w := e.rcvRoom()
	if e.opts.wscaleOK {
		unit := uint32(1) << e.opts.rcvShift
		w = w>>e.opts.rcvShift + min(w&(unit-1), 1)
	}
	return uint16(min(w, 0xffff))
}

// synWindow is the window of our SYN or SYN-ACK: never scaled (RFC 7323
// §2.2).
func (e *Endpoint) synWindow() uint16 { return uint16(min(e.rcvRoom(), 0xffff)) }

// advertised records the right edge a sent window field announces; the
// edge never moves left (RFC 9293 §3.8.6.2.2: do not shrink the window).
func (e *Endpoint) advertised(field uint16, scaled bool) {
	w := uint32(field)
	if scaled {
		w <<= e.opts.rcvShift
	}
	if edge := e.rcvNxt.Add(seq.Size(w)); edge.GreaterThan(e.rcvAdv) {
		e.rcvAdv = edge
	}
}

// tsClock is the timestamp clock: one tick per millisecond (RFC 7323 §5.4).
func tsClock(now Time) uint32 { return uint32(now / Millisecond) }

// sendRST queues a reset with no options and window 0 (RFC 9293 §3.10.7.1).
func (e *Endpoint) sendRST(sn, ack seq.Num, withAck bool, src, dst uint16) {
	s := e.slot()
	if s == nil {
		return
	}
	s.SrcPort, s.DstPort, s.Seq, s.Flags = src, dst, sn, segment.RST
	if withAck {
		s.Ack, s.Flags = ack, segment.RST|segment.ACK
	}
}

// replyRST answers a segment that belongs to no connection or is not
// acceptable in a non-synchronized state (RFC 9293 §3.5.2, §3.10.7.1):
// <SEQ=SEG.ACK><CTL=RST> if it carried ACK, otherwise
// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Never an RST for an RST.
func (e *Endpoint) replyRST(in *segment.Segment) {
	if in.Flags&segment.RST != 0 {
		return
	}
	if in.Flags&segment.ACK != 0 {
		e.sendRST(in.Ack, 0, false, in.DstPort, in.SrcPort)
		return
	}
	e.sendRST(0, in.Seq.Add(in.SeqLen()), true, in.DstPort, in.SrcPort)
}

// sendSYN queues our SYN (or SYN-ACK) with MSS, SACK-permitted, timestamps
// and window scale (RFC 9293 §3.7.1, RFC 2018 §2, RFC 7323 §2-3). A SYN-ACK
// carries only the options the peer's SYN offered.
func (e *Endpoint) sendSYN(now Time, synAck bool) {
	s := e.slot()
	if s == nil {
		return
	}
	s.Seq, s.Flags = e.iss, segment.SYN|e.ecnSynFlags(synAck)
	if synAck {
		s.Flags |= segment.ACK
		s.Ack = e.rcvNxt
	}
	s.Window = e.synWindow()
	e.advertised(s.Window, false)
	e.synOptions(&s.Options, now, synAck)
	e.opts.lastAckSnt = e.rcvNxt
}

// ecnSynFlags are the ECN bits of our SYN or SYN-ACK (RFC 3168 §6.1.1):
// ECE and CWR on an ECN-setup SYN, sent first and on the first
// ECNSynRetries retransmissions; ECE alone on the ECN-setup SYN-ACK that
// answers an ECN-setup SYN.
func (e *Endpoint) ecnSynFlags(synAck bool) segment.Flags {
	switch {
	case synAck && e.opts.ecnOK:
		return segment.ECE
	case !synAck && e.cfg.ECN == ECNRequest && e.timers.retries <= e.cfg.ECNSynRetries:
		return segment.ECE | segment.CWR
	}
	return 0
}

func (e *Endpoint) synOptions(o *segment.Options, now Time, synAck bool) {
	if !e.cfg.NoOptions {
		_ = o.AddMSS(e.cfg.MSS)
	}
	sack := !e.cfg.NoSACK && (!synAck || e.opts.sackOK)
	ts := !e.cfg.NoTimestamp && (!synAck || e.opts.tsOK)
	switch {
	case sack && ts:
		_ = o.AddSACKPermitted()
	case sack:
		_ = o.AddNOP()
		_ = o.AddNOP()
		_ = o.AddSACKPermitted()
	case ts:
		_ = o.AddNOP()
		_ = o.AddNOP()
	}
	if ts {
		_ = o.AddTimestamps(tsClock(now), e.opts.tsRecent)
	}
	if e.cfg.WScale >= 0 && (!synAck || e.opts.wscaleOK) {
		_ = o.AddNOP()
		_ = o.AddWScale(uint8(e.cfg.WScale))
	}
	o.Pad()
}

// effectiveMSS is the largest payload per segment: the peer's MSS less the
// option bytes every segment carries (RFC 9293 §3.7.1, RFC 6691).
func (e *Endpoint) effectiveMSS() int {
	mss := int(min(e.opts.peerMSS, e.cfg.MSS))
	if e.opts.tsOK {
		mss -= 12
	}
	return max(mss, 1)
}

// pushData transmits from sndPtr what the peer's window allows, in
// segments of at most the effective MSS, then our FIN once every byte is
// out (RFC 9293 §3.8.6.2.1, §3.10.4). limit bounds the segments sent.
func (e *Endpoint) pushData(now Time, limit int) {
	if !e.canSend() {
		return
	}
	for sent := 0; sent < limit; sent++ {
		off := int(e.sndPtr.SizeFrom(e.sndBase))
		n := min(e.sndLen-off, e.usableWindow(), e.effectiveMSS())
		if n <= 0 {
			e.maybeSendFIN(now, off)
			e.armPersist(now, off)
			return
		}
		flags := segment.ACK
		if off+n == e.sndLen {
			flags |= segment.PSH
		}
		if e.emit(now, e.sndPtr, flags, e.sndBuf[off:off+n]) == nil {
			return
		}
		e.advance(now, seq.Size(n))
	}
}

// canSend reports whether data may be transmitted in this state: after the
// handshake and until our FIN is out.
func (e *Endpoint) canSend() bool {
	switch e.state {
	case Established, CloseWait, FinWait1, Closing, LastAck:
		return true
	}
	return false
}

// usableWindow is SND.UNA + SND.WND - sndPtr, never negative.
func (e *Endpoint) usableWindow() int {
	end := e.sndUna.Add(seq.Size(e.sndWnd))
	if end.LessThanEq(e.sndPtr) {
		return 0
	}
	return int(end.SizeFrom(e.sndPtr))
}

// advance moves sndPtr past n sent units, timing new data and keeping the
// retransmission timer running (RFC 6298 §5.1).
func (e *Endpoint) advance(now Time, n seq.Size) {
	fresh := e.sndPtr == e.sndNxt
	e.sndPtr = e.sndPtr.Add(n)
	if e.sndPtr.GreaterThan(e.sndNxt) {
		e.sndNxt = e.sndPtr
	}
	if fresh {
		e.rtt.start(now, e.sndPtr)
	}
	if e.timers.rtx == 0 {
		e.armRtx(now)
	}
}

// maybeSendFIN sends our FIN once the application closed the write half and
// every byte before it has been sent.
func (e *Endpoint) maybeSendFIN(now Time, off int) {
	if !e.finQueued || off != e.sndLen || e.finAcked() || e.sndPtr != e.finSeq {
		return
	}
	if e.emit(now, e.sndPtr, segment.FIN|segment.ACK, nil) == nil {
		return
	}
	e.finSent = true
	e.advance(now, 1)
}

// finAcked reports whether our FIN has been acknowledged.
func (e *Endpoint) finAcked() bool {
	return e.finSent && e.sndUna.GreaterThan(e.finSeq)
}

// armPersist starts the zero-window probe timer when data waits behind a
// closed window and nothing is in flight (RFC 9293 §3.8.6.1).
func (e *Endpoint) armPersist(now Time, off int) {
	if off < e.sndLen && e.sndWnd == 0 && e.sndUna == e.sndNxt && e.timers.rtx == 0 {
		e.armRtx(now)
	}
}

// retransmit resends from SND.UNA after a timeout: the SYN or SYN-ACK, or
// one segment of data or FIN; a closed window gets a one-byte probe.
func (e *Endpoint) retransmit(now Time) {
	switch e.state {
	case SynSent:
		e.sendSYN(now, false)
		return
	case SynReceived:
		e.sendSYN(now, true)
		return
	}
	e.sndPtr = e.sndUna
	if e.sndWnd == 0 && e.sndLen > 0 && e.sndPtr == e.sndBase {
		e.sendProbe(now)
		return
	}
	e.pushData(now, 1)
}

// sendProbe sends one byte past a zero window (RFC 9293 §3.8.6.1).
func (e *Endpoint) sendProbe(now Time) {
	if e.emit(now, e.sndPtr, segment.ACK, e.sndBuf[:1]) != nil {
		e.advance(now, 1)
	}
}
