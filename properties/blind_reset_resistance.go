package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// BlindResetResistance: an arriving RST changes the state only if it
// could not have been guessed (RFC 5961 §3.2, RFC 9293 §3.10.7.4 second
// check):
//   - in a synchronized state, only if SEG.SEQ = RCV.NXT; an RST with
//     SEG.SEQ inside the window but not RCV.NXT draws one challenge ACK,
//     <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, and nothing else (none once
//     Config.ChallengeACKLimit per second is spent, RFC 5961 §7; in
//     TIME-WAIT the endpoint may also ignore it, RFC 1337); an RST outside
//     the window is dropped silently;
//   - in SYN-SENT, only if it acknowledges the SYN, ISS < SEG.ACK =< SND.NXT
//     (RFC 9293 §3.10.7.3); otherwise it is dropped silently;
//   - in LISTEN, never: it is ignored (§3.10.7.2).
//
// RCV.NXT and the window are read from the wire: the ACK field and window
// of the segments the endpoint sent, scaled when both SYNs offered window
// scaling. Where data arrived that the endpoint has not acknowledged yet,
// or the window edge is unsure, the monitor does not judge. A missing
// challenge ACK is reported at the next stimulus. The rules do not apply
// to an endpoint in RFC 793 mode (Config.Legacy).
type BlindResetResistance struct {
	v      Violation
	view   viewRef
	legacy bool
	limit  int

	mode     rstMode // how the current stimulus, an RST, must be answered
	must     bool    // rstChallenge: the challenge ACK is due
	answered int     // segments sent in answer
	rstSeq   seq.Num
	rstAck   seq.Num
	rcvNxt   seq.Num
	edge     seq.Num
	state    observe.State
}

// rstMode is what an arriving RST allows.
type rstMode uint8

const (
	rstUnjudged  rstMode = iota // not an RST, or the wire leaves it open
	rstMayReset                 // acceptable: a state change is allowed
	rstChallenge                // in window, not RCV.NXT: a challenge ACK, no state change
	rstDrop                     // dropped silently: no segment, no state change
)

var (
	brrChangeChallenge = perState("RST with SEQ %d in the window but not RCV.NXT %d moved the state to {state}; it may only draw a challenge ACK")
	brrChangeOut       = perState("RST with SEQ %d outside the window [%d, %d) moved the state to {state}")
	brrChangeIgnored   = perState("RST (SEQ %d ACK %d) that must be ignored moved the state to {state}")
	brrAnswerIgnored   = perState("answered an RST in {state} (SEQ %d ACK %d) that must be dropped silently")
	brrNoChallenge     = perState("in-window RST in {state} (SEQ %d, RCV.NXT %d, window edge %d) drew no challenge ACK")
)

// Name implements Monitor.
func (*BlindResetResistance) Name() string { return "BlindResetResistance" }

// Reset implements Monitor.
func (m *BlindResetResistance) Reset(cfg *Config) {
	*m = BlindResetResistance{view: m.view.keep(), legacy: cfg.Legacy, limit: cfg.ChallengeACKLimit}
}

// Observe implements Monitor.
func (m *BlindResetResistance) Observe(ev *observe.Event) *Violation {
	switch ev.Kind {
	case observe.Input:
		f := segFactsOf(ev)
		return m.onInput(ev, &f)
	case observe.Output:
		f := segFactsOf(ev)
		return m.onOutput(ev, &f)
	case observe.Change:
		return m.onChange(ev)
	case observe.Call, observe.Tick:
		return m.onCall(ev)
	}
	return nil // nothing else changes the view
}

// kinds and shareView: see dispatch.go. Nothing the application is told
// matters, and in RFC 793 mode nothing at all.
func (m *BlindResetResistance) kinds() kindSet {
	if m.legacy {
		return 0
	}
	return allButNotify
}

func (m *BlindResetResistance) shareView(v *defView) { m.view.shared = v }

// onInput and the rest: Observe by kind (dispatch.go). Each judges the
// event against the view from before it, then updates the view.
func (m *BlindResetResistance) onInput(ev *observe.Event, f *segFacts) *Violation {
	if m.legacy {
		return nil
	}
	out := m.finish()
	m.mode = rstUnjudged
	if f.rstBit {
		m.judge(f, ev.Time)
	}
	m.view.observe(ev, f)
	return out
}

// onCall serves Ticks too: both start a stimulus.
func (m *BlindResetResistance) onCall(ev *observe.Event) *Violation {
	if m.legacy {
		return nil
	}
	out := m.finish()
	m.mode = rstUnjudged
	m.view.observe(ev, nil)
	return out
}

func (m *BlindResetResistance) onTick(ev *observe.Event) *Violation { return m.onCall(ev) }

func (*BlindResetResistance) onNotify(*observe.Event) *Violation { return nil }

func (m *BlindResetResistance) onChange(ev *observe.Event) *Violation {
	if m.legacy {
		return nil
	}
	out := m.change(ev.To)
	m.view.observe(ev, nil)
	return out
}

func (m *BlindResetResistance) onOutput(ev *observe.Event, f *segFacts) *Violation {
	if m.legacy {
		return nil
	}
	out := m.output(f)
	m.view.observe(ev, f)
	return out
}

// judge decides what the arriving RST f allows, from the view before it.
func (m *BlindResetResistance) judge(f *segFacts, now int64) {
	d := m.view.get()
	m.rstSeq, m.rstAck, m.rcvNxt, m.edge, m.state = f.seq, f.ack, d.rcvNxt, d.lastEdge, d.state
	m.answered = 0
	switch st := d.state; {
	case st == observe.Listen:
		m.mode = rstDrop
	case st == observe.SynSent:
		m.mode = rstDrop
		if f.ackBit && (!d.haveSnd || d.iss.LessThan(f.ack) && f.ack.LessThanEq(d.sndMax)) {
			m.mode = rstMayReset
		}
	case synchronized[st]:
		m.mode = m.judgeSynchronized(f)
		m.must = st != observe.TimeWait && !d.challengeSpent(now, m.limit)
	}
}

func (m *BlindResetResistance) judgeSynchronized(f *segFacts) rstMode {
	d := m.view.get()
	switch d.zoneOf(f.seq) {
	case zoneExact:
		return rstMayReset
	case zoneIn:
		return rstChallenge
	case zoneOut:
		// With text (or SYN, FIN), the RST is acceptable if its last
		// sequence number is in the window (the four cases of §3.10.7.4).
		if n := f.seqLen; n > 0 && d.zoneOf(f.seq.Add(n-1)) != zoneOut {
			return rstUnjudged
		}
		return rstDrop
	}
	return rstUnjudged
}

func (m *BlindResetResistance) change(to observe.State) *Violation {
	if m.mode == rstUnjudged {
		return nil
	}
	switch {
	case m.mode == rstChallenge:
		return m.v.set(m.Name(), brrChangeChallenge[to], int64(m.rstSeq), int64(m.rcvNxt))
	case m.mode == rstDrop && synchronized[m.state]:
		return m.v.set(m.Name(), brrChangeOut[to], int64(m.rstSeq), int64(m.rcvNxt), int64(m.edge))
	case m.mode == rstDrop:
		return m.v.set(m.Name(), brrChangeIgnored[to], int64(m.rstSeq), int64(m.rstAck))
	}
	return nil
}

func (m *BlindResetResistance) output(f *segFacts) *Violation {
	if m.mode == rstUnjudged {
		return nil
	}
	switch m.mode {
	case rstDrop:
		if synchronized[m.state] {
			return m.v.set(m.Name(), "answered an RST with SEQ %d outside the window [%d, %d); it must be dropped silently",
				int64(m.rstSeq), int64(m.rcvNxt), int64(m.edge))
		}
		return m.v.set(m.Name(), brrAnswerIgnored[m.state], int64(m.rstSeq), int64(m.rstAck))
	case rstChallenge:
		m.answered++
		if m.answered > 1 {
			return m.v.set(m.Name(), "sent %d segments in answer to one in-window RST (SEQ %d); want one challenge ACK",
				int64(m.answered), int64(m.rstSeq))
		}
		return m.view.get().challengeProblem(&m.v, m.Name(), f)
	}
	return nil
}

// finish ends the stimulus of an in-window RST: the challenge ACK was due.
func (m *BlindResetResistance) finish() *Violation {
	if m.mode != rstChallenge || !m.must || m.answered > 0 {
		return nil
	}
	return m.v.set(m.Name(), brrNoChallenge[m.state], int64(m.rstSeq), int64(m.rcvNxt), int64(m.edge))
}
