package properties

import (
	"tcpcheck/observe"
	"tcpcheck/segment"
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
		m.state = ev.To
		if newIncarnation(ev.From, ev.To) {
			m.haveAck, m.haveSeq = false, false
		}
	case observe.Input:
		m.input(ev.Seg)
	case observe.Output:
		return m.output(ev.Seg)
	}
	return nil
}

func (m *MonotonicAck) input(s *segment.Segment) {
	if !m.haveSeq || !s.Flags.Has(segment.ACK) || s.Flags.Has(segment.RST) {
		return
	}
	if m.state == observe.SynSent {
		if !s.Flags.Has(segment.SYN) {
			return // RFC 9293 §3.10.7.3: without SYN the segment is dropped
		}
	} else if s.Flags.Has(segment.SYN) || !m.haveAck || s.Seq != m.ackSent {
		// A SYN in a synchronized state is not processed (RFC 5961 §4);
		// otherwise count only segments surely acceptable (§3.10.7.4
		// first check): those at the RCV.NXT the endpoint announced.
		return
	}
	// Only an acceptable ACK moves SND.UNA: SND.UNA < SEG.ACK =< SND.NXT.
	// An ACK exactly 2^31 from either end is both before and after it
	// (RFC 1982 §3.2 leaves the comparison undefined): an endpoint may
	// take it either way, so it is not judged.
	if s.Ack.Diff(m.una) == -1<<31 || s.Ack.Diff(m.max) == -1<<31 {
		return
	}
	if m.una.LessThan(s.Ack) && s.Ack.LessThanEq(m.max) {
		m.una = s.Ack
	}
}

func (m *MonotonicAck) output(s *segment.Segment) *Violation {
	if s.Flags.Has(segment.RST) {
		return nil // an RST's fields answer what provoked it (ValidReset)
	}
	if s.Flags.Has(segment.SYN) && !m.haveSeq {
		m.una, m.max, m.haveSeq = s.Seq, s.Seq.Add(s.SeqLen()), true
	} else if m.haveSeq {
		if v := m.checkResend(s); v != nil {
			return v
		}
	}
	if !s.Flags.Has(segment.ACK) {
		return nil
	}
	if m.haveAck && s.Ack.LessThan(m.ackSent) {
		return m.v.set(m.Name(), "ACK field went back from %d to %d", int64(m.ackSent), int64(s.Ack))
	}
	m.ackSent, m.haveAck = s.Ack, true
	return nil
}

// checkResend flags data entirely below the highest cumulative ACK accepted.
func (m *MonotonicAck) checkResend(s *segment.Segment) *Violation {
	end := s.Seq.Add(s.SeqLen())
	if m.max.LessThan(end) {
		m.max = end
	}
	if s.SeqLen() == 0 || m.una.LessThan(end) {
		return nil
	}
	if s.Seq == m.una.Sub(1) && len(s.Payload) <= 1 && s.Flags&(segment.SYN|segment.FIN) == 0 {
		return nil // keep-alive probe, RFC 9293 §3.8.4
	}
	return m.v.set(m.Name(), "sent %d..%d although the peer acknowledged up to %d",
		int64(s.Seq), int64(end), int64(m.una))
}

// newIncarnation reports whether a state change starts a new connection
// (and sequence space) on the endpoint.
func newIncarnation(from, to observe.State) bool {
	switch to {
	case observe.Closed, observe.Listen, observe.SynSent:
		return true
	case observe.SynReceived:
		return from == observe.TimeWait || from == observe.Closed
	}
	return false
}
