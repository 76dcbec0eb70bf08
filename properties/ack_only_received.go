package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// AckOnlyReceived: an endpoint never acknowledges sequence numbers it has
// not received. RCV.NXT starts at IRS+1 when the peer's SYN arrives and
// advances only over what arrives after it: in-order text by its length,
// the FIN by one (RFC 9293 §3.3.1, §3.10.7.4 seventh and eighth checks).
// So the ACK field of every segment sent is at most the highest right edge
// (SEG.SEQ + SEG.LEN) of the segments received since the peer's SYN;
// beyond it is a violation, as is an ACK sent before any SYN arrived.
//
// The peer's SYN is the last SYN received before the endpoint first sends
// a segment with ACK: that segment (SYN-ACK or ACK) answers it. A segment
// that starts beyond every window the endpoint offered, or ends before
// what it acknowledged already, counts for nothing (recvBounds.takes): no
// stack takes it, and without that bound a peer could carry the "highest"
// edge around the 2^32 circle with segments 2^31 apart. An RST the endpoint sends may acknowledge the
// segment that provoked it (<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>,
// §3.10.7.1), and one sent as a connection closes may acknowledge what
// that connection received.
type AckOnlyReceived struct {
	v Violation
	stimFollower
	rb boundsRef
	// The previous incarnation's edge, for an RST sent by the stimulus
	// that ended it: the stimulus counted oldAt.
	oldSyn  bool
	oldHigh seq.Num
	oldAt   int
}

// Name implements Monitor.
func (*AckOnlyReceived) Name() string { return "AckOnlyReceived" }

// kinds, shareBounds and shareStimulus: see dispatch.go.
func (m *AckOnlyReceived) kinds() kindSet {
	return kindsOf(observe.Output, observe.Change) | stimKinds(&m.stim, &m.rb)
}
func (m *AckOnlyReceived) shareBounds(b *recvBounds) { m.rb.shared = b }

// Reset implements Monitor.
func (m *AckOnlyReceived) Reset(*Config) {
	*m = AckOnlyReceived{rb: m.rb.keep(), stimFollower: m.keepStim()}
}

// Observe implements Monitor.
func (m *AckOnlyReceived) Observe(ev *observe.Event) *Violation {
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
func (m *AckOnlyReceived) onInput(ev *observe.Event, f *segFacts) *Violation {
	m.rb.input(f)
	m.stim.setInput(ev, f)
	return nil
}

func (m *AckOnlyReceived) onChange(ev *observe.Event) *Violation {
	if newIncarnation(ev.From, ev.To) {
		rb, stim := m.rb.get(), m.stim.get()
		m.oldSyn, m.oldHigh, m.oldAt = rb.peerSyn, rb.high, stim.count
		m.rb.restart(stim) // with the SYN of a new incarnation from TIME-WAIT
	}
	return nil
}

func (m *AckOnlyReceived) onOutput(_ *observe.Event, f *segFacts) *Violation {
	v := m.output(f)
	m.rb.output(f)
	return v
}

func (m *AckOnlyReceived) output(f *segFacts) *Violation {
	if !f.ackBit {
		return nil
	}
	if f.rstBit {
		stim := m.stim.get()
		if in := stim.input(); in != nil && f.ack == in.end() {
			return nil // acknowledges the segment that provoked it
		}
		if m.oldSyn && m.oldAt == stim.count && f.ack.LessThanEq(m.oldHigh) {
			return nil
		}
	}
	switch {
	case !m.rb.get().peerSyn:
		return m.v.set(m.Name(), "acknowledged %d before any SYN arrived", int64(f.ack))
	case m.rb.get().high.LessThan(f.ack):
		return m.v.set(m.Name(), "acknowledged %d, beyond %d, the highest sequence number received (+1)",
			int64(f.ack), int64(m.rb.get().high))
	}
	return nil
}
