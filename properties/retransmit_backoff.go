package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// RetransmitBackoff: the retransmission timer waits the RTO, doubles it
// after each timeout and gives up after the retry limit (RFC 6298 §5.4-5.6,
// RFC 9293 §3.8.3 and §3.10.8, RFC 1122 §4.2.3.5):
//   - the first timer retransmission of a range (SYN, SYN-ACK, data or FIN)
//     comes at least Config.RTOInitial after its SYN or SYN-ACK was sent,
//     and at least Config.RTOMin after the timer started for data and FIN
//     (RFC 6298 §2.4: the RTO of data depends on measured RTTs, §2.2-2.3,
//     but never goes below the minimum);
//   - each further timer retransmission of the same range (same sequence
//     number and length) waits at least twice the RTO before it, capped at
//     Config.RTOMax (§5.5); the RTO before it is known from below: the
//     first timeout's minimum doubled, or any Tick that passed without a
//     retransmission;
//   - after Config.SynRetries (SYN, SYN-ACK) or Config.Retries (data, FIN)
//     retransmissions the next timeout gives up: the application is told
//     ErrTimedOut, and the range is not sent again; a Tick Config.RTOMax
//     after the last allowed retransmission that leaves the connection
//     open without that error is flagged at the next stimulus. With
//     Config.ConnectTimeout an open is bounded in time instead (RFC 9293
//     §3.8.3: R2 "might be measured in time units"): the SYN or SYN-ACK may
//     be resent any number of times until that long after it was first
//     sent, and a Tick past that moment must have ended the open;
//   - a retransmission provoked by an arriving segment or a call is not
//     the timer's: fast retransmit on the third duplicate ACK (RFC 5681
//     §3.2), early retransmit (RFC 5827), SACK and RACK recovery (RFC 6675,
//     RFC 8985), resending what went past a zero window once it opens (RFC
//     9293 §3.8.6.1) and the rest of the flight after a timeout all do it,
//     by rules that need congestion state and the peer's window as the
//     endpoint saw it, which the wire does not show. Only the timer's
//     retransmissions are judged, and only they count towards the limit.
//
// A retransmission is told from new data by the highest sequence number
// sent; what provoked it is the stimulus it follows. The timer's start is
// estimated from below, as the last moment it certainly (re)started: a
// SYN, data sent with nothing outstanding, a timer retransmission (RFC 6298
// §5.1, §5.6). An ACK advertising a zero window restarts the count, since
// probes answered keep the connection open (RFC 9293 §3.8.6.1). Times are
// judged with Config.Slack of tolerance. A Tick-driven retransmission
// earlier than the RTO, such as a tail loss probe (RFC 8985), is flagged.
type RetransmitBackoff struct {
	v    Violation
	view viewRef
	cfg  Config

	anchor     int64 // when the timer last certainly (re)started
	haveAnchor bool

	active  bool // a range the timer retransmitted, not yet acknowledged
	rSeq    seq.Num
	rLen    seq.Size
	rSyn    bool
	count   int   // its timer retransmissions
	last    int64 // its last timer transmission
	lb      int64 // lower bound of the RTO the next timeout waits
	exact   bool  // the timer restarted at last, for certain
	quiet   int64 // the last Tick after last that did not retransmit it
	hasQ    bool
	gaveUp  bool // the application was told ErrTimedOut
	closed  bool // the connection reached CLOSED
	overdue bool // the current Tick is past the last moment to give up
	dueAt   int64
	synAt   int64 // when the current SYN or SYN-ACK was first sent

	inTick, tickRtx bool
	tickTime        int64
	lastUna         seq.Num
	lastUnaHigh     seq.Num
}

// Name implements Monitor.
func (*RetransmitBackoff) Name() string { return "RetransmitBackoff" }

// Reset implements Monitor.
func (m *RetransmitBackoff) Reset(cfg *Config) {
	*m = RetransmitBackoff{view: m.view.keep(), cfg: *cfg}
}

// Observe implements Monitor.
func (m *RetransmitBackoff) Observe(ev *observe.Event) *Violation {
	switch ev.Kind {
	case observe.Input:
		f := segFactsOf(ev)
		return m.onInput(ev, &f)
	case observe.Output:
		f := segFactsOf(ev)
		return m.onOutput(ev, &f)
	case observe.Change:
		return m.onChange(ev)
	case observe.Call:
		return m.onCall(ev)
	case observe.Tick:
		return m.onTick(ev)
	case observe.Notify:
		return m.onNotify(ev)
	}
	m.ownView(ev, nil)
	return nil
}

// onInput and the rest: Observe by kind (dispatch.go).
func (m *RetransmitBackoff) onInput(ev *observe.Event, f *segFacts) *Violation {
	out := m.endStimulus()
	m.inTick, m.tickRtx = false, false
	m.ownView(ev, f)
	return out
}

func (m *RetransmitBackoff) onCall(ev *observe.Event) *Violation {
	out := m.endStimulus()
	m.inTick, m.tickRtx = false, false
	m.ownView(ev, nil)
	return out
}

func (m *RetransmitBackoff) onTick(ev *observe.Event) *Violation {
	out := m.endStimulus()
	m.inTick, m.tickRtx = true, false
	m.startTick(ev.Time)
	m.ownView(ev, nil)
	return out
}

func (m *RetransmitBackoff) onChange(ev *observe.Event) *Violation {
	m.change(ev.From, ev.To)
	m.ownView(ev, nil)
	return nil
}

func (m *RetransmitBackoff) onNotify(ev *observe.Event) *Violation {
	if ev.Err == observe.ErrTimedOut {
		m.gaveUp = true
	}
	m.ownView(ev, nil)
	return nil
}

func (m *RetransmitBackoff) onOutput(ev *observe.Event, f *segFacts) *Violation {
	out := m.output(f, ev.Time)
	m.ownView(ev, f)
	return out
}

// ownView updates the monitor's own view, when it has one, and follows it.
func (m *RetransmitBackoff) ownView(ev *observe.Event, f *segFacts) {
	if m.view.shared == nil {
		m.view.own.observe(ev, f)
		m.afterView(ev)
	}
}

// shareView: see dispatch.go. The Checker calls afterView once the shared
// view has taken a segment or a state change: other events leave alone
// what afterView reads.
func (m *RetransmitBackoff) shareView(v *defView) { m.view.shared = v }

// afterView follows what the event did to the view.
func (m *RetransmitBackoff) afterView(ev *observe.Event) {
	// Most events move neither bound: one comparison for both.
	if d := m.view.get(); uint32(d.unaLow^m.lastUna)|uint32(d.unaHigh^m.lastUnaHigh) != 0 {
		if d.unaLow != m.lastUna {
			// SND.UNA advanced, here or by the state change that took the ACK.
			m.lastUna = d.unaLow
			if m.active && m.rSeq.LessThan(d.unaLow) {
				m.active = false // acknowledged: the timer is done with it
			}
		}
		if d.unaHigh != m.lastUnaHigh {
			// An ACK of new data may have restarted the timer (RFC 6298
			// §5.3): its start is no longer known exactly.
			m.lastUnaHigh, m.exact, m.hasQ = d.unaHigh, false, false
		}
	}
	if isInput[ev.Kind] {
		m.afterInput(&m.view.get().in)
	}
}

func (m *RetransmitBackoff) limit(syn bool) int {
	switch {
	case syn && m.timedOpen():
		return int(^uint(0) >> 1) // bounded in time, not by a count
	case syn:
		return m.cfg.SynRetries
	}
	return m.cfg.Retries
}

// timedOpen reports whether an open is bounded by Config.ConnectTimeout.
func (m *RetransmitBackoff) timedOpen() bool { return m.cfg.ConnectTimeout > 0 }

// giveUpDue returns the moment by which the tracked range must have been
// given up, if there is one yet.
func (m *RetransmitBackoff) giveUpDue() (int64, bool) {
	switch {
	case m.rSyn && m.timedOpen():
		return m.synAt + m.cfg.ConnectTimeout, true
	case m.count >= m.limit(m.rSyn):
		return m.last + m.cfg.RTOMax, true
	}
	return 0, false
}

// minRTO is the least RTO of a first timeout.
func (m *RetransmitBackoff) minRTO(syn bool) int64 {
	if syn {
		return m.cfg.RTOInitial
	}
	return m.cfg.RTOMin
}

func (m *RetransmitBackoff) capRTO(rto int64) int64 {
	if m.cfg.RTOMax > 0 && rto > m.cfg.RTOMax {
		return m.cfg.RTOMax
	}
	return rto
}

// endStimulus closes the previous stimulus: a Tick that did not retransmit
// the range bounds its RTO from below; one past the give-up moment must
// have ended the connection.
func (m *RetransmitBackoff) endStimulus() *Violation {
	if m.inTick && m.active && !m.tickRtx && m.tickTime > m.last {
		m.quiet, m.hasQ = m.tickTime, true
	}
	if !m.overdue {
		return nil
	}
	m.overdue = false
	if m.gaveUp || m.closed {
		return nil
	}
	if m.rSyn && m.timedOpen() {
		return m.v.set(m.Name(), "no timeout error by %d ms: the open of SEQ %d began at %d ms and may last %d ms",
			m.dueAt/1e6, int64(m.rSeq), m.synAt/1e6, m.cfg.ConnectTimeout/1e6)
	}
	return m.v.set(m.Name(), "no timeout error by %d ms: retransmission %d of SEQ %d at %d ms was the last allowed",
		m.dueAt/1e6, int64(m.count), int64(m.rSeq), m.last/1e6)
}

func (m *RetransmitBackoff) startTick(now int64) {
	m.tickTime = now
	if !m.active || m.closed || m.gaveUp || !m.view.get().unaHigh.LessThanEq(m.rSeq) {
		return
	}
	if due, ok := m.giveUpDue(); ok && now >= due+m.cfg.Slack {
		m.overdue, m.dueAt = true, now
	}
}

func (m *RetransmitBackoff) afterInput(f *segFacts) {
	if m.active && f.ackBit && !f.rstBit && f.window == 0 {
		// A zero window answers our probes: the count starts over, and
		// the timer may have restarted.
		m.count, m.lb, m.exact, m.hasQ = 0, m.minRTO(m.rSyn), false, false
	}
}

func (m *RetransmitBackoff) change(from, to observe.State) {
	switch {
	case to == observe.Closed:
		m.closed = true
	case startsIncarnation(from, to):
		m.active, m.haveAnchor, m.gaveUp, m.closed = false, false, false, false
	case to == observe.Established && m.rSyn:
		m.active = false // the handshake is over: whether it was sound is HandshakeBeforeEstablished's
	}
}

func (m *RetransmitBackoff) output(f *segFacts, now int64) *Violation {
	d := m.view.get()
	n := f.seqLen
	if f.rstBit || !f.occupies {
		return nil
	}
	syn := f.synBit
	if syn && (!d.haveSnd || f.seq != d.iss) {
		m.anchor, m.haveAnchor, m.synAt = now, true, now // a new SYN starts the timer
		return nil
	}
	if !d.haveSnd {
		return nil
	}
	end := f.seq.Add(n)
	if !f.seq.LessThan(d.sndMax) || !d.unaLow.LessThan(end) {
		if d.unaLow == d.sndMax && d.sndMax.LessThan(end) {
			m.anchor, m.haveAnchor = now, true // RFC 6298 §5.1
		}
		return nil
	}
	same := m.active && f.seq == m.rSeq && n == m.rLen && syn == m.rSyn
	if m.gaveUp && same {
		return m.v.set(m.Name(), "sent SEQ %d LEN %d again after giving up", int64(f.seq), int64(n))
	}
	if d.stim != observe.Tick || m.tickRtx && !same {
		return nil // not the timer's, or what follows the timer's in recovery
	}
	m.tickRtx = true
	if same {
		return m.again(f, now)
	}
	return m.first(f, now)
}

// first handles the first timer retransmission of a range.
func (m *RetransmitBackoff) first(f *segFacts, now int64) *Violation {
	syn := f.synBit
	base := m.minRTO(syn)
	gap := now - m.anchor
	m.active, m.rSeq, m.rLen, m.rSyn = true, f.seq, f.seqLen, syn
	m.count, m.last, m.lb, m.exact, m.hasQ = 1, now, m.capRTO(2*base), true, false
	hadAnchor := m.haveAnchor
	m.anchor, m.haveAnchor = now, true
	if hadAnchor && gap < base-m.cfg.Slack {
		return m.v.set(m.Name(), "first retransmission of SEQ %d came %d ms after the timer started; the RTO is at least %d ms",
			int64(f.seq), gap/1e6, base/1e6)
	}
	if lim := m.limit(syn); m.count > lim {
		return m.v.set(m.Name(), "retransmission %d of SEQ %d exceeds the limit of %d", int64(m.count), int64(f.seq), int64(lim))
	}
	return nil
}

// again handles a further timer retransmission of the tracked range.
func (m *RetransmitBackoff) again(f *segFacts, now int64) *Violation {
	m.count++
	gap, lb := now-m.last, m.lb
	rto := lb // the RTO this timeout waited is at least lb, and ...
	if m.exact && m.hasQ && m.quiet-m.last-m.cfg.Slack > rto {
		rto = m.quiet - m.last - m.cfg.Slack // ... longer than a Tick that passed
	}
	m.lb, m.last, m.exact, m.hasQ = m.capRTO(2*rto), now, true, false
	m.anchor, m.haveAnchor = now, true
	if lim := m.limit(m.rSyn); m.count > lim {
		return m.v.set(m.Name(), "retransmission %d of SEQ %d exceeds the limit of %d", int64(m.count), int64(f.seq), int64(lim))
	}
	if gap < lb-m.cfg.Slack {
		return m.v.set(m.Name(), "retransmission %d of SEQ %d came %d ms after the previous; the RTO is at least %d ms by then",
			int64(m.count), int64(f.seq), gap/1e6, lb/1e6)
	}
	return nil
}
