package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// SendWithinWindow: an endpoint sends no octet beyond SND.UNA + SND.WND,
// the right edge of the window its peer offered (RFC 9293 §3.8.6.1,
// §3.10.7.4 fifth check), except a one-octet zero-window probe at SND.UNA
// (§3.8.6.1: "send at least one octet of new data even if the send window
// is zero"). A FIN occupies a sequence number but is no octet and is not
// counted.
//
// SND.UNA and SND.WND are tracked as the endpoint must track them: the
// peer's SYN sets SND.WND; the segment that completes the handshake sets
// SND.UNA, SND.WND, SND.WL1 and SND.WL2 (§3.10.7.3, §3.10.7.4 fifth check
// in SYN-RECEIVED); later an acceptable segment with SND.UNA =< SEG.ACK =<
// SND.NXT moves SND.UNA and, when SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ
// and SND.WL2 =< SEG.ACK), takes SND.WND from it. The window field is
// scaled by the peer's shift when both SYNs carried the window scale
// option, and never in a segment with SYN (RFC 7323 §2.2, §2.3), including
// the peer's SYN-ACK in a simultaneous open.
//
// Whether the endpoint accepted a segment (sequence number in its receive
// window, RFC 9293 §3.10.7.4 first check; PAWS, RFC 7323 §5.3) is judged
// from its own segments (recvBounds). When that cannot be decided and the
// segment would move the window, the monitor stops checking until a
// segment arrives that every possible state of the endpoint must take as
// a window update; it never guesses.
type SendWithinWindow struct {
	v Violation
	stimFollower
	rb boundsRef

	ourSyn  bool
	bareSyn bool // we sent a SYN without ACK: an active or simultaneous open
	iss     seq.Num
	sent    bool    // nxt is set
	nxt     seq.Num // highest SEG.SEQ + SEG.LEN sent
	peerSyn bool
	irs     seq.Num

	// The peer's window. When known, una, wnd, wl1 and wl2 are the
	// endpoint's SND.UNA, SND.WND, SND.WL1 and SND.WL2; when not, una,
	// wl1 and wl2 are upper bounds of them and nothing is checked.
	haveWnd  bool
	known    bool
	una      seq.Num
	wnd      seq.Size
	wl1, wl2 seq.Num
}

// Name implements Monitor.
func (*SendWithinWindow) Name() string { return "SendWithinWindow" }

// kinds, shareBounds and shareStimulus: see dispatch.go.
func (m *SendWithinWindow) kinds() kindSet {
	return kindsOf(observe.Input, observe.Output, observe.Change) | stimKinds(&m.stim, nil)
}
func (m *SendWithinWindow) shareBounds(b *recvBounds) { m.rb.shared = b }

// Reset implements Monitor.
func (m *SendWithinWindow) Reset(*Config) {
	*m = SendWithinWindow{rb: m.rb.keep(), stimFollower: m.keepStim()}
}

// Observe implements Monitor.
func (m *SendWithinWindow) Observe(ev *observe.Event) *Violation {
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
	}
	return nil
}

// onInput and the rest: Observe by kind (dispatch.go).
func (m *SendWithinWindow) onInput(ev *observe.Event, f *segFacts) *Violation {
	m.input(f)
	m.stim.setInput(ev, f)
	return nil
}

func (m *SendWithinWindow) onChange(ev *observe.Event) *Violation {
	if newIncarnation(ev.From, ev.To) {
		*m = SendWithinWindow{v: m.v, stimFollower: m.stimFollower, rb: m.rb.keep()}
		stim := m.stim.get()
		if f := stim.input(); f != nil && f.bareSYN {
			m.peerSYN(f) // of a new incarnation from TIME-WAIT: the bounds are fresh
		}
		m.rb.restart(stim)
	}
	return nil
}

func (m *SendWithinWindow) onOutput(_ *observe.Event, f *segFacts) *Violation { return m.output(f) }

func (m *SendWithinWindow) input(f *segFacts) {
	if f.rstBit || !f.synBit && !f.ackBit {
		// An RST moves no window; a segment without ACK is dropped.
		m.rb.input(f)
		return
	}
	m.judge(f)
	m.rb.input(f) // after judging f against what the endpoint showed before it
}

// judge takes a segment with SYN or ACK, and without RST, that arrived.
func (m *SendWithinWindow) judge(f *segFacts) {
	rb := m.rb.get()
	switch {
	case f.bareSYN:
		if !rb.synced {
			m.peerSYN(f)
		}
	case f.synBit:
		switch {
		case !rb.synced:
			// SYN-SENT: a SYN-ACK is taken if it acknowledges our SYN.
			if m.ourSyn && m.sent && m.iss.LessThan(f.ack) && leq(f.ack, m.nxt) {
				m.peerSyn, m.irs = true, f.seq
				m.setWindow(f.ack, seq.Size(f.window), f.seq, f.ack)
			}
		case m.bareSyn && m.peerSyn && f.seq == m.irs:
			// The peer's SYN-ACK in a simultaneous open (Figure 7): its
			// SYN lies left of the window, trimmed off; the ACK completes
			// the handshake if we are still in SYN-RECEIVED. In any other
			// state it is a SYN in a synchronized state: not processed.
			pending := m.known && m.una == m.iss
			if pending || !m.known {
				m.synchronized(f, f.seq.Add(1), f.seqLen-1, seq.Size(f.window), !pending)
			}
		}
	case rb.synced:
		w := seq.Size(f.window)
		if rb.wsOK() {
			w <<= rb.peerShift
		}
		m.synchronized(f, f.seq, f.seqLen, w, false)
	}
}

// peerSYN takes the peer's SYN, in LISTEN or in SYN-SENT in a
// simultaneous open: before the endpoint synchronized.
func (m *SendWithinWindow) peerSYN(f *segFacts) {
	m.peerSyn, m.irs = true, f.seq
	m.setWindow(m.una, seq.Size(f.window), f.seq, f.ack)
	if m.ourSyn {
		m.una = m.iss
	}
}

func (m *SendWithinWindow) setWindow(una seq.Num, wnd seq.Size, wl1, wl2 seq.Num) {
	m.haveWnd, m.known = true, true
	m.una, m.wnd, m.wl1, m.wl2 = una, wnd, wl1, wl2
}

// synchronized applies the fifth check of RFC 9293 §3.10.7.4 to a segment
// with ACK at sq of length n offering window w (scaled). uncertain says the
// endpoint may not process it at all.
func (m *SendWithinWindow) synchronized(f *segFacts, sq seq.Num, n seq.Size, w seq.Size, uncertain bool) {
	if !m.haveWnd || m.nxt.LessThan(f.ack) {
		return // it acknowledges something not yet sent
	}
	rb := m.rb.get()
	acc := rb.accept(sq, n)
	if acc == triNo {
		return // dropped
	}
	paws := rb.paws(f)
	if paws == triNo {
		return
	}
	sure := acc&paws == triYes && !uncertain // neither is triNo, 0, here: both triYes
	ack := f.ack
	if !m.known {
		// una, wl1, wl2 bound every state the endpoint may be in: a sure
		// update from all of them brings the window back.
		if sure && leq(m.una, ack) && (m.wl1.LessThan(sq) || m.wl1 == sq && leq(m.wl2, ack)) {
			m.setWindow(ack, w, sq, ack)
			return
		}
		m.raise(sq, ack)
		return
	}
	if m.una == m.iss {
		// SYN-RECEIVED: SND.UNA < SEG.ACK =< SND.NXT completes the
		// handshake and sets the window; any other ACK is answered by RST.
		switch {
		case !m.iss.LessThan(ack):
		case sure:
			m.setWindow(ack, w, sq, ack)
		default:
			m.known = false
			m.raise(sq, ack)
		}
		return
	}
	if ack.LessThan(m.una) {
		return // a duplicate ACK: no update
	}
	update := m.wl1.LessThan(sq) || m.wl1 == sq && leq(m.wl2, ack)
	switch {
	case sure:
		m.una = ack
		if update {
			m.wnd, m.wl1, m.wl2 = w, sq, ack
		}
	case ack != m.una || update:
		m.known = false
		m.raise(sq, ack)
	}
}

// raise widens the bounds by a segment the endpoint may have taken.
func (m *SendWithinWindow) raise(sq, ack seq.Num) {
	m.una = seq.Max(m.una, ack)
	m.wl1 = seq.Max(m.wl1, sq)
	m.wl2 = seq.Max(m.wl2, ack)
}

func (m *SendWithinWindow) output(f *segFacts) *Violation {
	v := m.checkSent(f)
	m.rb.output(f)
	return v
}

// checkSent judges a segment sent against the window, before the bounds take it.
func (m *SendWithinWindow) checkSent(f *segFacts) *Violation {
	if f.rstBit {
		return nil
	}
	if f.synBit {
		if !m.ourSyn {
			m.ourSyn, m.iss = true, f.seq
			if m.haveWnd {
				m.una = f.seq // the window came first, on the peer's SYN
			}
		}
		if !f.ackBit {
			m.bareSyn = true
		}
	}
	if end := f.end(); !m.sent || m.nxt.LessThan(end) {
		m.nxt, m.sent = end, true
	}
	if !f.text || !m.known {
		return nil
	}
	start := f.seq
	if f.synBit {
		start = start.Add(1)
	}
	end, limit := start.Add(seq.Size(f.n)), m.una.Add(m.wnd)
	if leq(end, limit) || f.n == 1 && m.wnd == 0 && start == m.una {
		return nil
	}
	return m.v.set(m.Name(), "sent %d..%d, beyond SND.UNA %d + SND.WND %d",
		int64(start), int64(end), int64(m.una), int64(m.wnd))
}
