package properties

import (
	"tcpcheck/observe"
)

// TimeWait2MSL: TIME-WAIT lasts at least 2 MSL (RFC 9293 §3.3.2, §3.10.8:
// "Timeout=2MSL"; Config.MSL, less Config.Slack), counted from entering it
// or from the last retransmission of the peer's FIN, which restarts the
// wait (§3.10.7.4 eighth check: "Restart the 2 MSL time-wait timeout").
// Before it ends the endpoint leaves TIME-WAIT only:
//
//   - on ABORT (§3.10.5: in TIME-WAIT "delete the TCB, enter CLOSED");
//   - on an RST with SEG.SEQ = RCV.NXT, or in legacy RFC 793 mode an RST
//     in the receive window. RFC 9293's second check closes on any
//     acceptable RST; RFC 1337 shows how that lets stray or forged RSTs
//     assassinate TIME-WAIT and recommends ignoring RSTs there. Linux
//     closes only on an RST exactly at RCV.NXT, which RFC 5961 §3.2 asks
//     of RSTs in synchronized states; that is the line drawn here: ignoring
//     every RST passes, closing on any other RST is a violation;
//   - in legacy RFC 793 mode, to CLOSED on a SYN (with or without ACK)
//     in the receive window, which RFC 793's fourth check answers with a
//     reset ("enter the CLOSED state");
//   - for a new incarnation of the connection (to SYN-RECEIVED, or to
//     LISTEN on its way there), only on a SYN that RFC 6191 §2 and
//     RFC 9293 §3.10.7.4 (RFC 1122 §4.2.2.13) admit: one with a timestamp
//     greater than the last seen from the peer, if timestamps were in use,
//     or else one whose sequence number is above the last the old
//     incarnation saw (at or above RCV.NXT).
//
// A retransmitted FIN is one ending exactly at RCV.NXT that passes PAWS;
// RCV.NXT, TS.Recent and the receive window are judged from the endpoint's
// own segments (recvBounds), and a FIN, RST or SYN is held against the
// endpoint only when its verdict does not depend on what the segments left
// unknown.
type TimeWait2MSL struct {
	v      Violation
	msl2   int64
	slack  int64
	legacy bool
	stimFollower
	rb boundsRef

	in       bool  // in TIME-WAIT
	start    int64 // when it was entered or last restarted
	deadline int64
}

// Name implements Monitor.
func (*TimeWait2MSL) Name() string { return "TimeWait2MSL" }

// kinds and shareBounds: see dispatch.go.
func (m *TimeWait2MSL) kinds() kindSet {
	ks := kindsOf(observe.Input, observe.Change) | stimKinds(&m.stim, nil)
	if m.rb.shared == nil {
		ks |= kindsOf(observe.Output) // the shared bounds take the segments sent
	}
	return ks
}

func (m *TimeWait2MSL) shareBounds(b *recvBounds) { m.rb.shared = b }

// Reset implements Monitor.
func (m *TimeWait2MSL) Reset(cfg *Config) {
	*m = TimeWait2MSL{rb: m.rb.keep(), stimFollower: m.keepStim(), msl2: 2 * cfg.MSL, slack: cfg.Slack, legacy: cfg.Legacy}
}

// Observe implements Monitor.
func (m *TimeWait2MSL) Observe(ev *observe.Event) *Violation {
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
func (m *TimeWait2MSL) onInput(ev *observe.Event, f *segFacts) *Violation {
	if m.in && m.retransmittedFIN(f) {
		m.start, m.deadline = ev.Time, ev.Time+m.msl2
	}
	m.rb.input(f)
	m.stim.setInput(ev, f)
	return nil
}

func (m *TimeWait2MSL) onOutput(_ *observe.Event, f *segFacts) *Violation {
	m.rb.output(f)
	return nil
}

func (m *TimeWait2MSL) onChange(ev *observe.Event) *Violation {
	var v *Violation
	if m.in && ev.From == observe.TimeWait {
		m.in = false
		v = m.leave(ev.Time, ev.To)
	}
	if newIncarnation(ev.From, ev.To) {
		m.rb.restart(m.stim.get()) // with the SYN of the new incarnation
	}
	if ev.To == observe.TimeWait {
		m.in, m.start, m.deadline = true, ev.Time, ev.Time+m.msl2
	}
	return v
}

// retransmittedFIN reports whether f is surely the peer's FIN again.
func (m *TimeWait2MSL) retransmittedFIN(f *segFacts) bool {
	r := m.rb.get()
	return f.finBit && !f.synBit && !f.rstBit && r.synced &&
		r.ack == r.high && f.end() == r.ack && r.paws(f) == triYes
}

// leave checks a change out of TIME-WAIT at now.
func (m *TimeWait2MSL) leave(now int64, to observe.State) *Violation {
	if now >= m.deadline-m.slack {
		return nil
	}
	ms := func(t int64) int64 { return t / 1e6 }
	stim := m.stim.get()
	f := stim.input()
	switch {
	case to == observe.Closed && stim.kind == observe.Call && stim.op == observe.OpAbort:
		return nil
	case to == observe.Closed && f != nil && f.rstBit:
		return m.reset(f)
	case to == observe.Closed && m.legacy && f != nil && f.synBit &&
		m.rb.get().accept(f.seq, f.seqLen) != triNo:
		return nil // RFC 793 §3.9: an in-window SYN resets the connection
	case to == observe.SynReceived || to == observe.Listen:
		if f == nil || !f.bareSYN {
			return m.v.set(m.Name(), "a new incarnation began %d ms into TIME-WAIT, not on a SYN, before 2 MSL (%d ms)",
				ms(now-m.start), ms(m.msl2))
		}
		return m.newSYN(f, now)
	case stim.kind == observe.Tick:
		return m.v.set(m.Name(), "TIME-WAIT (begun or restarted at %d ms) ended on a timer at %d ms, before 2 MSL (%d ms)",
			ms(m.start), ms(now), ms(m.msl2))
	}
	return m.v.set(m.Name(), "TIME-WAIT (begun or restarted at %d ms) left at %d ms, before 2 MSL (%d ms), on neither its timer, ABORT, an RST nor a new SYN",
		ms(m.start), ms(now), ms(m.msl2))
}

// reset checks an RST that ended TIME-WAIT early.
func (m *TimeWait2MSL) reset(f *segFacts) *Violation {
	r := m.rb.get()
	if m.legacy {
		if r.accept(f.seq, f.seqLen) == triNo {
			return m.v.set(m.Name(), "an RST at %d, outside the receive window (RCV.NXT %d), ended TIME-WAIT",
				int64(f.seq), int64(r.ack))
		}
		return nil
	}
	if r.synced && (f.seq.LessThan(r.ack) || r.high.LessThan(f.seq)) {
		return m.v.set(m.Name(), "an RST at %d ended TIME-WAIT, but RCV.NXT is %d (RFC 1337, RFC 5961 §3.2)",
			int64(f.seq), int64(r.ack))
	}
	return nil
}

// newSYN checks the SYN that began a new incarnation early (RFC 6191 §2).
func (m *TimeWait2MSL) newSYN(f *segFacts, now int64) *Violation {
	r := m.rb.get()
	if !r.synced || !f.seq.LessThan(r.ack) {
		return nil // at or above RCV.NXT: above the old sequence space
	}
	if r.tsOK() && f.ts && (!r.haveEcr || int32(f.tsVal-r.ecr) > 0) {
		return nil // maybe newer than the last timestamp seen
	}
	return m.v.set(m.Name(), "a SYN at %d began a new incarnation %d ms into TIME-WAIT, below RCV.NXT %d and not newer by timestamp (RFC 6191)",
		int64(f.seq), (now-m.start)/1e6, int64(r.ack))
}
