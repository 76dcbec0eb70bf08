package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// HandshakeBeforeEstablished: an endpoint enters ESTABLISHED only at the
// end of a three-way exchange seen on the wire, with matching numbers
// (RFC 9293 §3.5, Figures 6 and 7; §3.10.7.3 and §3.10.7.4 fifth check):
//
//   - active open: it sent SYN <SEQ=ISS>, and the segment that moves it from
//     SYN-SENT is a SYN-ACK with SEG.ACK = ISS+1 (SND.UNA < SEG.ACK =<
//     SND.NXT; more only if the SYN carried data);
//   - passive open: it received SYN <SEQ=IRS>, answered SYN-ACK <SEQ=ISS>
//     <ACK=IRS+1>, and the segment that moves it from SYN-RECEIVED is an ACK
//     (no SYN, no RST) with SEG.ACK = ISS+1 and a sequence number in the
//     receive window (§3.10.7.4 first check with RCV.NXT = IRS+1 and the
//     right edge the endpoint offered, in its SYN-ACK or a later ACK: a
//     peer that sent nothing after its SYN sends exactly IRS+1);
//   - simultaneous open: it sent SYN <SEQ=ISS>, received SYN <SEQ=IRS>, sent
//     SYN-ACK <SEQ=ISS><ACK=IRS+1>, and then received the peer's SYN-ACK
//     <SEQ=IRS><ACK=ISS+1> or an ACK as in the passive case.
//
// The segment must be the stimulus of the change: observe reports it just
// before the change it caused. A change to ESTABLISHED on a call, a timer,
// or a segment that does not complete the exchange is a violation, as is a
// second entry into ESTABLISHED without a new exchange.
type HandshakeBeforeEstablished struct {
	v Violation
	stimFollower

	synSent   bool // our bare SYN: ISS and the right edge of what it occupies
	iss       seq.Num
	synEnd    seq.Num
	synIn     bool // the last bare SYN received
	synInSeq  seq.Num
	synAck    bool // our SYN-ACK, answering the SYN at irs
	saISS     seq.Num
	saEnd     seq.Num
	irs       seq.Num
	completed bool // ESTABLISHED was entered in this incarnation
	rb        boundsRef
}

// Name implements Monitor.
func (*HandshakeBeforeEstablished) Name() string { return "HandshakeBeforeEstablished" }

// kinds, shareBounds and shareStimulus: see dispatch.go.
func (m *HandshakeBeforeEstablished) kinds() kindSet {
	return kindsOf(observe.Input, observe.Output, observe.Change) | stimKinds(&m.stim, &m.rb)
}
func (m *HandshakeBeforeEstablished) shareBounds(b *recvBounds) { m.rb.shared = b }

// Reset implements Monitor.
func (m *HandshakeBeforeEstablished) Reset(*Config) {
	*m = HandshakeBeforeEstablished{rb: m.rb.keep(), stimFollower: m.keepStim()}
}

// Observe implements Monitor.
func (m *HandshakeBeforeEstablished) Observe(ev *observe.Event) *Violation {
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
func (m *HandshakeBeforeEstablished) onInput(ev *observe.Event, f *segFacts) *Violation {
	if f.bareSYN {
		m.synIn, m.synInSeq = true, f.seq
	}
	m.rb.input(f)
	m.stim.setInput(ev, f)
	return nil
}

func (m *HandshakeBeforeEstablished) onOutput(_ *observe.Event, f *segFacts) *Violation {
	m.output(f)
	m.rb.output(f)
	return nil
}

func (m *HandshakeBeforeEstablished) onChange(ev *observe.Event) *Violation {
	if newIncarnation(ev.From, ev.To) {
		m.newIncarnation()
	}
	if ev.To == observe.Established {
		return m.established()
	}
	return nil
}

// newIncarnation forgets the exchange, except the SYN that is the stimulus
// of the change (a SYN that opens a new incarnation from TIME-WAIT).
func (m *HandshakeBeforeEstablished) newIncarnation() {
	*m = HandshakeBeforeEstablished{v: m.v, stimFollower: m.stimFollower, rb: m.rb.keep()}
	if f := m.stim.get().input(); f != nil && f.bareSYN {
		m.synIn, m.synInSeq = true, f.seq
		m.rb.input(f)
	}
}

func (m *HandshakeBeforeEstablished) output(f *segFacts) {
	if !f.synBit || f.rstBit {
		return
	}
	end := f.end()
	if !f.ackBit {
		m.synSent, m.iss, m.synEnd = true, f.seq, end
		return
	}
	switch {
	case m.synAck && f.seq == m.saISS && f.ack == m.irs.Add(1):
		// a retransmission
	case m.synIn && f.ack == m.synInSeq.Add(1) && (!m.synSent || f.seq == m.iss):
		m.synAck, m.saISS, m.saEnd, m.irs = true, f.seq, end, m.synInSeq
	default:
		// A SYN-ACK that answers no SYN received (or, in a simultaneous
		// open, carries another ISS than our SYN): no exchange it starts
		// is valid.
		m.synAck = false
	}
}

func (m *HandshakeBeforeEstablished) established() *Violation {
	if m.completed {
		return m.v.set(m.Name(), "ESTABLISHED entered again without a new handshake")
	}
	f := m.stim.get().input()
	switch {
	case f == nil:
		return m.v.set(m.Name(), "ESTABLISHED entered on a call or a timer, not on a segment arriving")
	case f.rstBit:
		return m.v.set(m.Name(), "ESTABLISHED entered on an RST (seq %d)", int64(f.seq))
	case !f.ackBit:
		return m.v.set(m.Name(), "ESTABLISHED entered on a segment without ACK (seq %d)", int64(f.seq))
	case m.synAck:
		if v := m.thirdStep(f); v != nil {
			return v
		}
	case m.synSent:
		if !f.synBit {
			return m.v.set(m.Name(), "ESTABLISHED entered from SYN-SENT on a segment without SYN (seq %d ack %d)",
				int64(f.seq), int64(f.ack))
		}
		if !(m.iss.LessThan(f.ack) && f.ack.LessThanEq(m.synEnd)) {
			return m.v.set(m.Name(), "ESTABLISHED entered on a SYN-ACK acknowledging %d, but our SYN was %d (ACK %d due)",
				int64(f.ack), int64(m.iss), int64(m.iss.Add(1)))
		}
	default:
		return m.v.set(m.Name(), "ESTABLISHED entered with neither a SYN sent nor a SYN-ACK sent for a SYN received (seq %d ack %d)",
			int64(f.seq), int64(f.ack))
	}
	m.completed = true
	return nil
}

// thirdStep checks the segment that completes a passive or simultaneous
// open.
func (m *HandshakeBeforeEstablished) thirdStep(f *segFacts) *Violation {
	if !(m.saISS.LessThan(f.ack) && f.ack.LessThanEq(m.saEnd)) {
		return m.v.set(m.Name(), "ESTABLISHED entered on a segment acknowledging %d, but our SYN-ACK was %d (ACK %d due)",
			int64(f.ack), int64(m.saISS), int64(m.saISS.Add(1)))
	}
	if f.synBit {
		// Only the peer's own SYN-ACK in a simultaneous open (Figure 7):
		// its SYN is the one we answered.
		if !m.synSent || f.seq != m.irs {
			return m.v.set(m.Name(), "ESTABLISHED entered on a SYN-ACK at %d, which is not the simultaneous open's SYN at %d",
				int64(f.seq), int64(m.irs))
		}
		return nil
	}
	// In SYN-RECEIVED RCV.NXT is IRS+1 (text on the SYN waits, §3.10.7.3);
	// the window is the largest the endpoint offered since.
	nxt, wnd := m.irs.Add(1), seq.Size(0)
	if rb := m.rb.get(); rb.synced && nxt.LessThan(rb.maxEdge) {
		wnd = rb.maxEdge.SizeFrom(nxt)
	}
	if !acceptableAt(f.seq, f.seqLen, nxt, wnd) {
		return m.v.set(m.Name(), "ESTABLISHED entered on a segment at %d, outside the window %d..%d after the peer's SYN at %d",
			int64(f.seq), int64(nxt), int64(nxt.Add(wnd)), int64(m.irs))
	}
	return nil
}

// acceptableAt is the four-case acceptability test of RFC 9293 §3.10.7.4
// for a segment at sq of length n, with RCV.NXT nxt and RCV.WND wnd.
func acceptableAt(sq seq.Num, n seq.Size, nxt seq.Num, wnd seq.Size) bool {
	switch {
	case n == 0 && wnd == 0:
		return sq == nxt
	case n == 0:
		return sq.InWindow(nxt, wnd)
	case wnd == 0:
		return false
	}
	return sq.InWindow(nxt, wnd) || sq.Add(n-1).InWindow(nxt, wnd)
}
