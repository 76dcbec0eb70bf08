package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// ValidReset: every RST the endpoint sends has the sequence and
// acknowledgment numbers RFC 9293 prescribes for what provoked it, and
// none answers an RST (§3.5.2, §3.10.7.1-3):
//   - provoked by an arriving segment with ACK: <SEQ=SEG.ACK><CTL=RST>
//     (an ACK bit, if set, must carry SEG.SEQ+SEG.LEN);
//   - provoked by an arriving segment without ACK:
//     <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>;
//   - in a synchronized state, provoked by an arriving segment or by the
//     application's ABORT or CLOSE or a timer: <SEQ=SND.NXT><CTL=RST>,
//     with ACK=RCV.NXT if the ACK bit is set, as stacks send it (§3.10.5);
//   - never in answer to an RST, and never from a call or timer outside
//     SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 and CLOSE-WAIT
//     (§3.10.5: ABORT in LISTEN, SYN-SENT, CLOSING, LAST-ACK or TIME-WAIT
//     sends nothing).
//
// What provoked an RST is the stimulus it follows: an Input, a Call or a
// Tick. SND.NXT is read from the wire as a range: from the highest ACK the
// endpoint certainly accepted to the highest sequence number it sent
// (stacks that rewind SND.NXT after a timeout send less than the highest).
type ValidReset struct {
	v Violation
	viewOnly
}

var (
	vrFromCall = perState("sent an RST from a call or timer in {state}; ABORT sends one only in SYN-RECEIVED through CLOSE-WAIT (SEQ %d)")
	vrSyncSeq  = perState("RST in {state} has SEQ %d; want SND.NXT %d (from %d)")
)

// Name implements Monitor.
func (*ValidReset) Name() string { return "ValidReset" }

// Reset implements Monitor.
func (m *ValidReset) Reset(*Config) { *m = ValidReset{viewOnly: m.keepView()} }

// Observe implements Monitor.
func (m *ValidReset) Observe(ev *observe.Event) *Violation {
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

// kinds and shareView: see dispatch.go. With the view shared, only the
// segments sent are judged.
func (m *ValidReset) kinds() kindSet { return kindsOf(observe.Output) }

// onOutput and the rest: Observe by kind (dispatch.go).
func (m *ValidReset) onOutput(ev *observe.Event, f *segFacts) *Violation {
	var out *Violation
	if f.rstBit {
		out = m.check(f)
	}
	m.view.observe(ev, f)
	return out
}

func (m *ValidReset) check(s *segFacts) *Violation {
	d := m.view.get()
	switch d.stim {
	case observe.Input:
		in := &d.in
		if in.rstBit {
			return m.v.set(m.Name(), "sent an RST (SEQ %d) in answer to an RST (SEQ %d)", int64(s.seq), int64(in.seq))
		}
		if m.replyForm(s) {
			return nil
		}
		if d.synchronized() && m.syncForm(s) {
			return nil
		}
		return m.replyProblem(s)
	case observe.Call, observe.Tick:
		switch d.stimState {
		case observe.SynReceived, observe.Established, observe.FinWait1, observe.FinWait2, observe.CloseWait:
		default:
			return m.v.set(m.Name(), vrFromCall[d.stimState], int64(s.seq))
		}
		if d.haveSnd && !m.syncSeq(s.seq) {
			return m.v.set(m.Name(), vrSyncSeq[d.stimState], int64(s.seq), int64(d.sndMax), int64(d.unaLow))
		}
		if s.ackBit && d.haveRcv && !m.syncAck(s.ack) {
			return m.v.set(m.Name(), "RST with ACK has ACK %d; want RCV.NXT %d", int64(s.ack), int64(d.rcvNxt))
		}
	}
	return nil
}

// replyForm reports whether s is the RST of §3.5.2 for the arriving segment.
func (m *ValidReset) replyForm(s *segFacts) bool {
	in := &m.view.get().in
	end := in.seq.Add(in.seqLen)
	if in.ackBit {
		return s.seq == in.ack && (!s.ackBit || s.ack == end)
	}
	return s.seq == 0 && s.ackBit && s.ack == end
}

// syncForm reports whether s is <SEQ=SND.NXT>[<ACK=RCV.NXT>]<CTL=RST>.
func (m *ValidReset) syncForm(s *segFacts) bool {
	d := m.view.get()
	return d.haveSnd && m.syncSeq(s.seq) && (!s.ackBit || d.haveRcv && m.syncAck(s.ack))
}

func (m *ValidReset) syncSeq(n seq.Num) bool {
	d := m.view.get()
	return n.InRange(d.unaLow, d.sndMax.Add(1))
}

func (m *ValidReset) syncAck(n seq.Num) bool {
	d := m.view.get()
	return n.InRange(d.rcvNxt, d.rcvHi.Add(1))
}

func (m *ValidReset) replyProblem(s *segFacts) *Violation {
	in := &m.view.get().in
	end := in.seq.Add(in.seqLen)
	switch {
	case in.ackBit && s.seq != in.ack:
		return m.v.set(m.Name(), "RST answering a segment with ACK %d has SEQ %d; want SEG.ACK", int64(in.ack), int64(s.seq))
	case in.ackBit:
		return m.v.set(m.Name(), "RST answering SEQ %d LEN %d has ACK %d; want SEG.SEQ+SEG.LEN %d",
			int64(in.seq), int64(in.seqLen), int64(s.ack), int64(end))
	case s.seq != 0:
		return m.v.set(m.Name(), "RST answering a segment without ACK has SEQ %d; want 0", int64(s.seq))
	case !s.ackBit:
		return m.v.set(m.Name(), "RST answering a segment without ACK (SEQ %d LEN %d) lacks the ACK bit; want ACK %d",
			int64(in.seq), int64(in.seqLen), int64(end))
	}
	return m.v.set(m.Name(), "RST answering SEQ %d LEN %d has ACK %d; want SEG.SEQ+SEG.LEN %d",
		int64(in.seq), int64(in.seqLen), int64(s.ack), int64(end))
}
