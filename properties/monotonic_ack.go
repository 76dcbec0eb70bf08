package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// MonotonicAck: within one incarnation the ACK field of the segments an
// endpoint sends never moves backward (RCV.NXT never regresses, RFC 9293
// §3.3.1), and it never retransmits data that the peer has acknowledged
// (SND.UNA never regresses, §3.10.7.4 fifth check), except a keep-alive
// probe at SND.UNA-1 (§3.8.4).
type MonotonicAck struct {
	v        Violation
	ackSent  seq.Num // highest ACK field sent
	haveAck  bool
	una, max seq.Num // highest cumulative ACK accepted; highest sequence sent
	haveSeq  bool
	state    observe.State
}

// Name implements Monitor.
func (*MonotonicAck) Name() string { return "MonotonicAck" }

// kinds: the events Observe reads (dispatch.go).
func (*MonotonicAck) kinds() kindSet { return kindsOf(observe.Change, observe.Input, observe.Output) }

// Reset implements Monitor.
func (m *MonotonicAck) Reset(*Config) { *m = MonotonicAck{} }

// Observe implements Monitor.
func (m *MonotonicAck) Observe(ev *observe.Event) *Violation {
	switch ev.Kind {
	case observe.Change:
		return m.onChange(ev)
	case observe.Input:
		f := segFactsOf(ev)
		return m.onInput(ev, &f)
	case observe.Output:
		f := segFactsOf(ev)
		return m.onOutput(ev, &f)
	}
	return nil
}

// onInput and the rest: Observe by kind (dispatch.go).
func (m *MonotonicAck) onChange(ev *observe.Event) *Violation {
	m.state = ev.To
	if newIncarnation(ev.From, ev.To) {
		m.haveAck, m.haveSeq = false, false
	}
	return nil
}

func (*MonotonicAck) onCall(*observe.Event) *Violation   { return nil }
func (*MonotonicAck) onTick(*observe.Event) *Violation   { return nil }
func (*MonotonicAck) onNotify(*observe.Event) *Violation { return nil }

func (m *MonotonicAck) onInput(_ *observe.Event, f *segFacts) *Violation {
	if !m.haveSeq || !f.ackBit || f.rstBit {
		return nil
	}
	if m.state == observe.SynSent {
		if !f.synBit {
			return nil // RFC 9293 §3.10.7.3: without SYN the segment is dropped
		}
	} else if f.synBit || !m.haveAck || f.seq != m.ackSent {
		// A SYN in a synchronized state is not processed (RFC 5961 §4);
		// otherwise count only segments surely acceptable (§3.10.7.4
		// first check): those at the RCV.NXT the endpoint announced.
		return nil
	}
	// Only an acceptable ACK moves SND.UNA: SND.UNA < SEG.ACK =< SND.NXT.
	// An ACK exactly 2^31 from either end is both before and after it
	// (RFC 1982 §3.2 leaves the comparison undefined): an endpoint may
	// take it either way, so it is not judged.
	// One comparison for both: a product of two 32-bit values is zero,
	// without overflow, only when one of them is.
	if uint64(uint32(f.ack-m.una)^1<<31)*uint64(uint32(f.ack-m.max)^1<<31) == 0 {
		return nil
	}
	if m.una.LessThan(f.ack) && leq(f.ack, m.max) {
		m.una = f.ack
	}
	return nil
}

func (m *MonotonicAck) onOutput(_ *observe.Event, f *segFacts) *Violation {
	if f.rstBit {
		return nil // an RST's fields answer what provoked it (ValidReset)
	}
	if f.synBit && !m.haveSeq {
		m.una, m.max, m.haveSeq = f.seq, f.end(), true
	} else if m.haveSeq {
		if v := m.checkResend(f); v != nil {
			return v
		}
	}
	if !f.ackBit {
		return nil
	}
	if m.haveAck && f.ack.LessThan(m.ackSent) {
		return m.v.set(m.Name(), "ACK field went back from %d to %d", int64(m.ackSent), int64(f.ack))
	}
	m.ackSent, m.haveAck = f.ack, true
	return nil
}

// checkResend flags data entirely below the highest cumulative ACK accepted.
func (m *MonotonicAck) checkResend(f *segFacts) *Violation {
	end := f.end()
	if m.max.LessThan(end) {
		m.max = end
	}
	if !f.occupies || m.una.LessThan(end) {
		return nil
	}
	if f.seq == m.una.Sub(1) && f.n <= 1 && !f.synBit && !f.finBit {
		return nil // keep-alive probe, RFC 9293 §3.8.4
	}
	return m.v.set(m.Name(), "sent %d..%d although the peer acknowledged up to %d",
		int64(f.seq), int64(end), int64(m.una))
}

// newIncarnation reports whether a state change starts a new connection
// (and sequence space) on the endpoint.
func newIncarnation(from, to observe.State) bool {
	return restarts[to] || to == observe.SynReceived && reopens[from]
}

// restarts: the states entered only by a new connection, or at its end.
var restarts = stateSet(observe.Closed, observe.Listen, observe.SynSent)
