package properties

import (
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// SynFinConsumeOne: in what an endpoint sends, SYN and FIN each occupy
// exactly one sequence number and text occupies its length (RFC 9293 §3.4:
// SEG.LEN counts SYN and FIN), new text starts at SND.NXT, and a
// retransmission reuses the numbers it had (§3.8.1). Concretely, within
// one incarnation:
//
//   - every SYN (and SYN-ACK) is at ISS, the first SYN's number;
//   - every other segment starts after ISS (the SYN's number is used up),
//     and none starts beyond SND.NXT, the highest SEG.SEQ+SEG.LEN sent so
//     far: there are no gaps, so after the SYN the next new segment starts
//     at ISS+1;
//   - the first FIN comes after all the text sent (at SND.NXT or later in
//     its own segment), every later FIN is at that same number X, no text
//     reaches X, and no segment starts beyond X+1.
//
// The keep-alive form (§3.8.4: SEG.SEQ = SND.NXT-1 with no text or one
// garbage octet, sent when timers run) is exempt from the first two (right
// after the handshake SND.NXT-1 is ISS itself), as is the zero-window
// probe of that form; a probe of one new octet at SND.NXT, or that octet
// sent again, needs no exemption. RSTs are not
// checked (their numbers answer what provoked them; ValidReset).
type SynFinConsumeOne struct {
	v       Violation
	stim    stimulus
	haveISS bool
	iss     seq.Num
	nxt     seq.Num // highest SEG.SEQ + SEG.LEN sent
	finSent bool
	fin     seq.Num // the number the FIN occupies
}

// Name implements Monitor.
func (*SynFinConsumeOne) Name() string { return "SynFinConsumeOne" }

// kinds: the events Observe reads (dispatch.go).
func (*SynFinConsumeOne) kinds() kindSet { return allButNotify }

// Reset implements Monitor.
func (m *SynFinConsumeOne) Reset(*Config) { *m = SynFinConsumeOne{} }

// Observe implements Monitor.
func (m *SynFinConsumeOne) Observe(ev *observe.Event) *Violation {
	facts := eventFacts(ev)
	return m.observeFacts(ev, &facts)
}

// observeFacts is Observe with the facts of ev's segment (dispatch.go).
func (m *SynFinConsumeOne) observeFacts(ev *observe.Event, facts *segFacts) *Violation {
	if m.stim.note(ev, facts) {
		return nil
	}
	switch ev.Kind {
	case observe.Change:
		if newIncarnation(ev.From, ev.To) {
			*m = SynFinConsumeOne{v: m.v, stim: m.stim}
		}
	case observe.Output:
		if !ev.Seg.Flags.Has(segment.RST) {
			return m.output(ev.Seg)
		}
	}
	return nil
}

func (m *SynFinConsumeOne) output(s *segment.Segment) *Violation {
	end := s.Seq.Add(s.SeqLen())
	syn := s.Flags.Has(segment.SYN)
	if syn && !m.haveISS {
		m.haveISS, m.iss, m.nxt = true, s.Seq, s.Seq.Add(1)
	}
	if !m.haveISS {
		return nil // no SYN seen: the sequence space is unknown
	}
	if syn {
		if s.Seq != m.iss {
			return m.v.set(m.Name(), "SYN at %d, but the ISS is %d", int64(s.Seq), int64(m.iss))
		}
		if v := m.fin1(s, s.Seq.Add(1)); v != nil {
			return v
		}
		m.grow(end)
		return nil
	}
	n := len(s.Payload)
	fin := s.Flags.Has(segment.FIN)
	keepAlive := m.stim.kind == observe.Tick && !fin && n <= 1 && s.Seq == m.nxt.Sub(1)
	if keepAlive {
		return nil
	}
	if !m.iss.LessThan(s.Seq) {
		return m.v.set(m.Name(), "segment at %d, but the SYN occupies ISS %d: the next number is %d",
			int64(s.Seq), int64(m.iss), int64(m.iss.Add(1)))
	}
	if m.nxt.LessThan(s.Seq) {
		return m.v.set(m.Name(), "segment at %d leaves a gap: the next sequence number is %d", int64(s.Seq), int64(m.nxt))
	}
	if v := m.fin1(s, s.Seq); v != nil {
		return v
	}
	m.grow(end)
	return nil
}

// fin1 checks the FIN and text of a segment whose text starts at start.
func (m *SynFinConsumeOne) fin1(s *segment.Segment, start seq.Num) *Violation {
	textEnd := start.Add(seq.Size(len(s.Payload)))
	fin := s.Flags.Has(segment.FIN)
	switch {
	case m.finSent && fin && textEnd != m.fin:
		return m.v.set(m.Name(), "FIN at %d, but the FIN was sent at %d", int64(textEnd), int64(m.fin))
	case m.finSent && len(s.Payload) > 0 && m.fin.LessThan(textEnd):
		return m.v.set(m.Name(), "text up to %d after the FIN at %d", int64(textEnd), int64(m.fin))
	case !m.finSent && fin && textEnd.LessThan(m.nxt):
		return m.v.set(m.Name(), "FIN at %d, but text was sent up to %d", int64(textEnd), int64(m.nxt))
	case !m.finSent && fin:
		m.finSent, m.fin = true, textEnd
	}
	return nil
}

func (m *SynFinConsumeOne) grow(end seq.Num) {
	if m.nxt.LessThan(end) {
		m.nxt = end
	}
}
