package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// OutputBounded: what an endpoint sends stays proportional to what it is
// given.
//   - Each stimulus (an arriving segment, an application call, timers
//     running) provokes at most Config.MaxBurst segments.
//   - No ACK war: a pure ACK sent in answer to a pure ACK that brought
//     nothing new (the same acknowledgment number and window as the segment
//     before it, no data, no SYN, FIN or RST) is what two endpoints that
//     disagree on the sequence space bounce forever. Such answers are
//     challenge ACKs (RFC 5961 §3-5) or ACKs of unacceptable segments (RFC
//     9293 §3.10.7.4 first check), and must stay within the challenge ACK
//     rate, Config.ChallengeACKLimit per second (RFC 5961 §7). The monitor
//     flags more than twice the limit (at least 2) within one second of the
//     trace's clock, since a limiter counting per fixed one-second interval
//     may send its limit on both sides of an interval boundary. With a
//     negative limit (no limit) the rule does not apply.
type OutputBounded struct {
	v        Violation
	maxBurst int
	limit    int

	sent      int  // segments the current stimulus provoked
	stale     bool // the current stimulus is a pure ACK with nothing new
	haveLast  bool
	lastAck   seq.Num // of the previous arriving segment
	lastWin   uint16
	answers   rateBuckets
	stimTime  int64
	flaggedAt int64 // the second already reported
	flagged   bool
}

// Name implements Monitor.
func (*OutputBounded) Name() string { return "OutputBounded" }

// kinds: the events Observe reads (dispatch.go).
func (*OutputBounded) kinds() kindSet { return stimulusKinds | kindsOf(observe.Output) }

// Reset implements Monitor.
func (m *OutputBounded) Reset(cfg *Config) {
	*m = OutputBounded{maxBurst: cfg.MaxBurst, limit: cfg.ChallengeACKLimit}
}

// Observe implements Monitor.
func (m *OutputBounded) Observe(ev *observe.Event) *Violation {
	switch ev.Kind {
	case observe.Input:
		f := segFactsOf(ev)
		return m.onInput(ev, &f)
	case observe.Output:
		f := segFactsOf(ev)
		return m.onOutput(ev, &f)
	case observe.Call, observe.Tick:
		return m.onCall(ev)
	}
	return nil
}

// onInput and the rest: Observe by kind (dispatch.go).
func (m *OutputBounded) onInput(ev *observe.Event, f *segFacts) *Violation {
	m.sent, m.stimTime = 0, ev.Time
	m.stale = m.haveLast && f.pureAck && f.ack == m.lastAck && f.window == m.lastWin
	m.lastAck, m.lastWin, m.haveLast = f.ack, f.window, true
	return nil
}

// onCall serves Ticks too: both start a stimulus.
func (m *OutputBounded) onCall(ev *observe.Event) *Violation {
	m.sent, m.stale, m.stimTime = 0, false, ev.Time
	return nil
}

func (m *OutputBounded) onTick(ev *observe.Event) *Violation { return m.onCall(ev) }
func (*OutputBounded) onChange(*observe.Event) *Violation    { return nil }
func (*OutputBounded) onNotify(*observe.Event) *Violation    { return nil }
func (m *OutputBounded) onOutput(ev *observe.Event, f *segFacts) *Violation {
	return m.output(f, ev.Time)
}

func (m *OutputBounded) output(f *segFacts, now int64) *Violation {
	m.sent++
	if m.sent == m.maxBurst+1 && m.maxBurst > 0 {
		return m.v.set(m.Name(), "one stimulus at %d ms provoked more than %d segments", m.stimTime/1e6, int64(m.maxBurst))
	}
	if !m.stale || !f.pureAck || m.limit < 0 {
		return nil
	}
	bound := 2 * max(m.limit, 1)
	n := m.answers.add(now)
	if n <= bound || m.flagged && m.flaggedAt == m.answers.bucket {
		return nil
	}
	m.flagged, m.flaggedAt = true, m.answers.bucket
	return m.v.set(m.Name(), "ACK war: %d ACKs within one second in answer to ACKs that brought nothing new (ACK %d); the limit is %d a second",
		int64(n), int64(m.lastAck), int64(m.limit))
}
