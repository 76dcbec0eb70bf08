package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// BlindSynResistance: a SYN that arrives in a synchronized state, whatever
// its sequence number, draws a challenge ACK, <SEQ=SND.NXT><ACK=RCV.NXT>
// <CTL=ACK>, and nothing else: no RST, no SYN-ACK (a new connection), no
// state change (RFC 5961 §4.2, RFC 9293 §3.10.7.4 fourth check). The
// challenge ACK may be missing once Config.ChallengeACKLimit per second is
// spent (RFC 5961 §7). Exceptions, each allowed but not required:
//   - in TIME-WAIT, a SYN without ACK that starts a new incarnation, its
//     sequence number above RCV.NXT or its timestamp newer than the last
//     one the endpoint certainly recorded (RFC 9293 §3.10.7.4, RFC 6191),
//     may take the endpoint to SYN-RECEIVED, through CLOSED or LISTEN;
//   - in SYN-RECEIVED after a passive OPEN, the SYN may return the
//     connection to LISTEN (RFC 9293 §3.10.7.4 fourth check);
//   - in SYN-RECEIVED, a SYN with SEG.SEQ = IRS is the peer's own SYN again
//     (a retransmission, or its SYN-ACK in a simultaneous open), answered
//     as the handshake requires, and not judged here.
//
// A SYN that also carries RST is an RST (BlindResetResistance). A missing
// challenge ACK is reported at the next stimulus. The rules do not apply
// to an endpoint in RFC 793 mode (Config.Legacy).
type BlindSynResistance struct {
	v      Violation
	view   viewRef
	legacy bool
	limit  int

	judging  bool // the current stimulus is a SYN in a synchronized state
	newInc   bool // it may start a new incarnation from TIME-WAIT
	toListen bool // it may return a passive SYN-RECEIVED to LISTEN
	left     bool // the endpoint took one of those exits
	must     bool // the challenge ACK is due
	answered int
	synSeq   seq.Num
	rcvNxt   seq.Num
	state    observe.State
}

var (
	bsrChange      = perState("SYN (SEQ %d, RCV.NXT %d) moved the state to {state}; it may only draw a challenge ACK")
	bsrRST         = perState("answered a SYN in {state} (SEQ %d) with an RST; RFC 5961 §4.2 wants a challenge ACK")
	bsrSynAck      = perState("answered a SYN in {state} (SEQ %d) with a SYN: a new connection; RFC 5961 §4.2 wants a challenge ACK")
	bsrNoChallenge = perState("SYN in {state} (SEQ %d, RCV.NXT %d) drew no challenge ACK")
)

// Name implements Monitor.
func (*BlindSynResistance) Name() string { return "BlindSynResistance" }

// Reset implements Monitor.
func (m *BlindSynResistance) Reset(cfg *Config) {
	*m = BlindSynResistance{view: m.view.keep(), legacy: cfg.Legacy, limit: cfg.ChallengeACKLimit}
}

// Observe implements Monitor.
func (m *BlindSynResistance) Observe(ev *observe.Event) *Violation {
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
func (m *BlindSynResistance) kinds() kindSet {
	if m.legacy {
		return 0
	}
	return allButNotify
}

func (m *BlindSynResistance) shareView(v *defView) { m.view.shared = v }

// onInput and the rest: Observe by kind (dispatch.go). Each judges the
// event against the view from before it, then updates the view.
func (m *BlindSynResistance) onInput(ev *observe.Event, f *segFacts) *Violation {
	if m.legacy {
		return nil
	}
	out := m.finish()
	m.judging = false
	if f.synBit && !f.rstBit {
		m.judge(f, ev.Time)
	}
	m.view.observe(ev, f)
	return out
}

// onCall serves Ticks too: both start a stimulus.
func (m *BlindSynResistance) onCall(ev *observe.Event) *Violation {
	if m.legacy {
		return nil
	}
	out := m.finish()
	m.judging = false
	m.view.observe(ev, nil)
	return out
}

func (m *BlindSynResistance) onTick(ev *observe.Event) *Violation { return m.onCall(ev) }

func (*BlindSynResistance) onNotify(*observe.Event) *Violation { return nil }

func (m *BlindSynResistance) onChange(ev *observe.Event) *Violation {
	if m.legacy {
		return nil
	}
	var out *Violation
	if m.judging {
		out = m.change(ev.From, ev.To)
	}
	m.view.observe(ev, nil)
	return out
}

func (m *BlindSynResistance) onOutput(ev *observe.Event, f *segFacts) *Violation {
	if m.legacy {
		return nil
	}
	var out *Violation
	if m.judging && !m.left {
		out = m.output(f)
	}
	m.view.observe(ev, f)
	return out
}

// judge takes a SYN without RST that arrived.
func (m *BlindSynResistance) judge(f *segFacts, now int64) {
	d := m.view.get()
	st := d.state
	if !synchronized[st] {
		return
	}
	if st == observe.SynReceived && d.haveIRS && f.seq == d.irs {
		return
	}
	m.judging, m.left, m.answered = true, false, 0
	m.synSeq, m.rcvNxt, m.state = f.seq, d.rcvNxt, st
	m.must = !d.challengeSpent(now, m.limit)
	m.toListen = st == observe.SynReceived && d.passive
	m.newInc = st == observe.TimeWait && !f.ackBit && d.haveRcv && m.newerIncarnation(f)
}

// newerIncarnation reports whether a SYN in TIME-WAIT may start a new
// incarnation: a sequence number above RCV.NXT, or a timestamp newer than
// TS.Recent (RFC 6191 §2) as far as the wire shows it.
func (m *BlindSynResistance) newerIncarnation(f *segFacts) bool {
	d := m.view.get()
	if f.seq.GreaterThan(d.rcvNxt) {
		return true
	}
	return f.ts && d.tsInUse() && (!d.haveTSLow || int32(f.tsVal-d.tsLow) > 0)
}

func (m *BlindSynResistance) change(from, to observe.State) *Violation {
	if !m.judging {
		return nil
	}
	switch {
	case m.newInc && (from == observe.TimeWait || m.left) &&
		(to == observe.Closed || to == observe.Listen || to == observe.SynReceived):
		m.left = true
		return nil
	case m.toListen && to == observe.Listen:
		m.left = true
		return nil
	}
	return m.v.set(m.Name(), bsrChange[to], int64(m.synSeq), int64(m.rcvNxt))
}

func (m *BlindSynResistance) output(f *segFacts) *Violation {
	if !m.judging || m.left {
		return nil
	}
	m.answered++
	switch {
	case f.rstBit:
		return m.v.set(m.Name(), bsrRST[m.state], int64(m.synSeq))
	case f.synBit:
		return m.v.set(m.Name(), bsrSynAck[m.state], int64(m.synSeq))
	case m.answered > 1:
		return m.v.set(m.Name(), "sent %d segments in answer to one SYN (SEQ %d); want one challenge ACK",
			int64(m.answered), int64(m.synSeq))
	}
	return m.view.get().challengeProblem(&m.v, m.Name(), f)
}

// finish ends the stimulus of a SYN: the challenge ACK was due.
func (m *BlindSynResistance) finish() *Violation {
	if !m.judging || m.left || !m.must || m.answered > 0 {
		return nil
	}
	return m.v.set(m.Name(), bsrNoChallenge[m.state], int64(m.synSeq), int64(m.rcvNxt))
}
