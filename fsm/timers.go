package fsm

import "tcpcheck/seq"

// timers holds the endpoint's deadlines as virtual times (Never when off).
type timers struct {
	rtx       Time // retransmission or zero-window probe (RFC 6298, RFC 9293 §3.8.6.1)
	timeWait  Time // end of TIME-WAIT (RFC 9293 §3.10.8)
	keepAlive Time // next keep-alive probe (RFC 9293 §3.8.4)
	establish Time // end of connection establishment (Config.ConnectTimeout)
	delAck    Time // a delayed ACK is due (see deliverSynText)
	retries   int  // retransmissions of the current head segment
	probes    int  // keep-alive probes unanswered
	synRtx    bool // a SYN or SYN-ACK was retransmitted (RFC 6298 §5.7)
}

// next returns the earliest deadline.
func (t *timers) next() Time {
	d := Never // straight-line: this runs at the end of every call
	if t.rtx != 0 {
		d = t.rtx
	}
	if t.timeWait != 0 && t.timeWait < d {
		d = t.timeWait
	}
	if t.keepAlive != 0 && t.keepAlive < d {
		d = t.keepAlive
	}
	if t.establish != 0 && t.establish < d {
		d = t.establish
	}
	if t.delAck != 0 && t.delAck < d {
		d = t.delAck
	}
	return d
}

// rttEstimator is RFC 6298's SRTT, RTTVAR and RTO with Karn's algorithm:
// one segment at a time is timed, and a retransmission cancels the sample.
// base is the RTO before any backoff: the estimator's value (§2), or §5.7's
// 3 s.
type rttEstimator struct {
	srtt, rttvar, rto Time
	base              Time
	sampled           bool
	timing            bool
	timedEnd          seq.Num // the sample completes when this is acknowledged
	timedAt           Time
}

func (r *rttEstimator) init(cfg *Config) {
	*r = rttEstimator{rto: cfg.RTOInitial, base: cfg.RTOInitial}
}

// set makes rto the RTO and its un-backed-off base.
func (r *rttEstimator) set(rto Time) { r.rto, r.base = rto, rto }

// restore undoes the backoff: the RTO is the estimator's again.
func (r *rttEstimator) restore() { r.rto = r.base }

// start times the segment ending at end, sent at now, unless one is timed.
func (r *rttEstimator) start(now Time, end seq.Num) {
	if !r.timing {
		r.timing, r.timedEnd, r.timedAt = true, end, now
	}
}

// acked completes the sample when ack covers the timed segment.
func (r *rttEstimator) acked(now Time, ack seq.Num, cfg *Config) {
	if r.timing && ack.GreaterThanEq(r.timedEnd) {
		r.timing = false
		r.sample(now-r.timedAt, cfg)
	}
}

// sample folds a measurement into SRTT and RTTVAR (RFC 6298 §2.2, §2.3).
func (r *rttEstimator) sample(m Time, cfg *Config) {
	if m < 0 {
		return
	}
	if !r.sampled {
		r.srtt, r.rttvar, r.sampled = m, m/2, true
	} else {
		d := r.srtt - m
		if d < 0 {
			d = -d
		}
		r.rttvar = (3*r.rttvar + d) / 4
		r.srtt = (7*r.srtt + m) / 8
	}
	r.set(clampRTO(r.srtt+max(Millisecond, 4*r.rttvar), cfg))
}

// backoff doubles the RTO after a timeout (RFC 6298 §5.5) and cancels the
// sample in flight (Karn).
func (r *rttEstimator) backoff(cfg *Config) {
	r.timing = false
	r.rto = clampRTO(2*r.rto, cfg)
}

func clampRTO(rto Time, cfg *Config) Time {
	return min(max(rto, cfg.RTOMin), cfg.RTOMax)
}

// challengeLimiter bounds challenge ACKs per second (RFC 5961 §7).
type challengeLimiter struct {
	windowStart Time
	sent        int
}

func (c *challengeLimiter) allow(now Time, limit int) bool {
	if limit < 0 {
		return true
	}
	if now-c.windowStart >= Second {
		c.windowStart, c.sent = now, 0
	}
	if c.sent >= limit {
		return false
	}
	c.sent++
	return true
}

// invalidAckLimiter spaces the ACKs that answer unacceptable pure ACKs by
// Config.InvalidAckInterval (see sendInvalidAck).
type invalidAckLimiter struct {
	last Time
	sent bool
}

func (l *invalidAckLimiter) allow(now, interval Time) bool {
	if interval < 0 {
		return true
	}
	if l.sent && now-l.last < interval {
		return false
	}
	l.last, l.sent = now, true
	return true
}

// armRtx (re)starts the retransmission timer (RFC 6298 §5.1, §5.3).
func (e *Endpoint) armRtx(now Time) { e.timers.rtx = now + e.rtt.rto }

// stopRtx stops it when nothing is outstanding (RFC 6298 §5.2).
func (e *Endpoint) stopRtx() { e.timers.rtx, e.timers.retries = 0, 0 }

// Tick handles every timer due at now: connection establishment,
// retransmission, zero-window probe, delayed ACK, keep-alive and the end of
// TIME-WAIT.
func (e *Endpoint) Tick(now Time) Result {
	e.begin()
	t := &e.timers
	if t.timeWait != 0 && now >= t.timeWait {
		e.timeWaitDone(now)
		return e.finish()
	}
	if t.establish != 0 && now >= t.establish {
		e.giveUp(now) // R2 for the SYN, as a time (RFC 9293 §3.8.3)
		return e.finish()
	}
	if t.delAck != 0 && now >= t.delAck {
		e.sendAck(now) // clears delAck
	}
	if t.rtx != 0 && now >= t.rtx {
		e.onRtxTimeout(now)
	}
	if t.keepAlive != 0 && now >= t.keepAlive && e.state != Closed {
		e.onKeepAlive(now)
	}
	return e.finish()
}

// timeWaitDone ends TIME-WAIT after 2 MSL (RFC 9293 §3.10.8).
func (e *Endpoint) timeWaitDone(now Time) {
	e.timers = timers{}
	e.setState(now, Closed)
	e.res.Events |= EvClosed
}

// onRtxTimeout retransmits the earliest unacknowledged segment with the
// RTO doubled (RFC 6298 §5.4-5.6), or gives up after the retry limit.
func (e *Endpoint) onRtxTimeout(now Time) {
	opening := e.state == SynSent || e.state == SynReceived
	limit := e.cfg.Retries
	if opening {
		limit = e.cfg.SynRetries
	}
	// With ConnectTimeout an open is bounded in time, not by a count.
	if e.timers.retries >= limit && !(opening && e.cfg.ConnectTimeout > 0) {
		e.giveUp(now)
		return
	}
	e.timers.retries++
	e.rtt.backoff(&e.cfg)
	if opening {
		e.timers.synRtx = true
	}
	e.retransmit(now)
	e.armRtx(now)
}

// giveUp aborts after too many retransmissions: ETIMEDOUT, no RST
// (RFC 9293 §3.8.3 R2: close the connection).
func (e *Endpoint) giveUp(now Time) {
	e.closeWith(now, ErrTimedOut, EvError)
}

// onKeepAlive sends a probe with SEG.SEQ = SND.NXT-1 (RFC 9293 §3.8.4), or
// aborts after KeepAliveProbes unanswered ones.
func (e *Endpoint) onKeepAlive(now Time) {
	if e.sndUna != e.sndNxt || e.sndLen > 0 {
		// MUST-26: no keep-alive while sent data is outstanding; the
		// retransmission or persist timer watches the peer meanwhile.
		e.timers.keepAlive = now + e.cfg.KeepAlive
		return
	}
	if e.timers.probes >= e.cfg.KeepAliveProbes {
		e.closeWith(now, ErrTimedOut, EvError)
		return
	}
	e.timers.probes++
	e.sendKeepAlive(now)
	e.timers.keepAlive = now + e.cfg.KeepAliveInterval
}

// startEstablishTimer bounds the open that begins now by
// Config.ConnectTimeout, when set.
func (e *Endpoint) startEstablishTimer(now Time) {
	if e.cfg.ConnectTimeout > 0 {
		e.timers.establish = now + e.cfg.ConnectTimeout
	}
}

// heardFromPeer restarts the keep-alive timer on any acceptable segment.
func (e *Endpoint) heardFromPeer(now Time) {
	e.timers.probes = 0
	if e.cfg.KeepAlive > 0 && e.state.Synchronized() && e.state != TimeWait {
		e.timers.keepAlive = now + e.cfg.KeepAlive
	}
}

// closeWith moves to CLOSED, reporting why.
func (e *Endpoint) closeWith(now Time, r Reason, ev Events) {
	e.err = r
	e.res.Err = r
	e.res.Events |= ev | EvClosed
	e.timers = timers{}
	e.setState(now, Closed)
}
