package properties

import (
	"tcpcheck/observe"
	"tcpcheck/segment"
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
	v    Violation
	stim stimulus
	rb   boundsRef
	// The previous incarnation's edge, for an RST sent by the stimulus
	// that ended it.
	oldSyn  bool
	oldHigh seq.Num
}

// Name implements Monitor.
func (*AckOnlyReceived) Name() string { return "AckOnlyReceived" }

// kinds and shareBounds: see dispatch.go.
func (*AckOnlyReceived) kinds() kindSet              { return allButNotify }
func (m *AckOnlyReceived) shareBounds(b *recvBounds) { m.rb.shared = b }

// Reset implements Monitor.
func (m *AckOnlyReceived) Reset(*Config) { *m = AckOnlyReceived{rb: m.rb.keep()} }

// Observe implements Monitor.
func (m *AckOnlyReceived) Observe(ev *observe.Event) *Violation {
	facts := eventFacts(ev)
	return m.observeFacts(ev, &facts)
}

// observeFacts is Observe with the facts of ev's segment (dispatch.go).
func (m *AckOnlyReceived) observeFacts(ev *observe.Event, facts *segFacts) *Violation {
	if m.stim.note(ev, facts) {
		m.oldSyn = false
		if f := m.stim.input(); f != nil {
			m.rb.input(f)
		}
		return nil
	}
	switch ev.Kind {
	case observe.Change:
		if newIncarnation(ev.From, ev.To) {
			rb := m.rb.get()
			m.oldSyn, m.oldHigh = rb.peerSyn, rb.high
			m.rb.restart(&m.stim) // with the SYN of a new incarnation from TIME-WAIT
		}
	case observe.Output:
		v := m.output(facts)
		m.rb.output(facts)
		return v
	}
	return nil
}

func (m *AckOnlyReceived) output(f *segFacts) *Violation {
	if !f.has(segment.ACK) {
		return nil
	}
	if f.has(segment.RST) {
		if in := m.stim.input(); in != nil && f.ack == in.end() {
			return nil // acknowledges the segment that provoked it
		}
		if m.oldSyn && f.ack.LessThanEq(m.oldHigh) {
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
