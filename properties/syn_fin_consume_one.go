package properties

import (
	"tcpcheck/observe"
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
	v Violation
	stimFollower
	haveISS bool
	iss     seq.Num
	nxt     seq.Num // highest SEG.SEQ + SEG.LEN sent
	finSent bool
	fin     seq.Num // the number the FIN occupies
}

// Name implements Monitor.
func (*SynFinConsumeOne) Name() string { return "SynFinConsumeOne" }

// kinds and shareStimulus: see dispatch.go.
func (m *SynFinConsumeOne) kinds() kindSet {
	return kindsOf(observe.Output, observe.Change) | stimKinds(&m.stim, nil)
}

// Reset implements Monitor.
func (m *SynFinConsumeOne) Reset(*Config) { *m = SynFinConsumeOne{stimFollower: m.keepStim()} }

// Observe implements Monitor.
func (m *SynFinConsumeOne) Observe(ev *observe.Event) *Violation {
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
func (m *SynFinConsumeOne) onInput(ev *observe.Event, f *segFacts) *Violation {
	m.stim.setInput(ev, f)
	return nil
}

func (m *SynFinConsumeOne) onChange(ev *observe.Event) *Violation {
	if newIncarnation(ev.From, ev.To) {
		*m = SynFinConsumeOne{v: m.v, stimFollower: m.stimFollower}
	}
	return nil
}

func (m *SynFinConsumeOne) onOutput(_ *observe.Event, f *segFacts) *Violation {
	if f.rstBit {
		return nil
	}
	end := f.end()
	if f.synBit && !m.haveISS {
		m.haveISS, m.iss, m.nxt = true, f.seq, f.seq.Add(1)
	}
	if !m.haveISS {
		return nil // no SYN seen: the sequence space is unknown
	}
	if f.synBit {
		if f.seq != m.iss {
			return m.v.set(m.Name(), "SYN at %d, but the ISS is %d", int64(f.seq), int64(m.iss))
		}
		if v := m.fin1(f, f.seq.Add(1)); v != nil {
			return v
		}
		m.grow(end)
		return nil
	}
	if !f.finBit && f.n <= 1 && m.stim.get().kind == observe.Tick && f.seq == m.nxt.Sub(1) {
		return nil // keep-alive
	}
	if !m.iss.LessThan(f.seq) {
		return m.v.set(m.Name(), "segment at %d, but the SYN occupies ISS %d: the next number is %d",
			int64(f.seq), int64(m.iss), int64(m.iss.Add(1)))
	}
	if m.nxt.LessThan(f.seq) {
		return m.v.set(m.Name(), "segment at %d leaves a gap: the next sequence number is %d", int64(f.seq), int64(m.nxt))
	}
	if v := m.fin1(f, f.seq); v != nil {
		return v
	}
	m.grow(end)
	return nil
}

// fin1 checks the FIN and text of a segment whose text starts at start.
func (m *SynFinConsumeOne) fin1(f *segFacts, start seq.Num) *Violation {
	textEnd := start.Add(seq.Size(f.n))
	fin := f.finBit
	switch {
	case m.finSent && fin && textEnd != m.fin:
		return m.v.set(m.Name(), "FIN at %d, but the FIN was sent at %d", int64(textEnd), int64(m.fin))
	case m.finSent && f.n > 0 && m.fin.LessThan(textEnd):
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
