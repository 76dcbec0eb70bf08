package properties

import (
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// OptionsNegotiated: options are sent only as far as they were offered and
// agreed.
//   - MSS, window scale and SACK-permitted appear only on segments with SYN
//     (RFC 9293 §3.2 and §3.7.1, RFC 7323 §2.2, RFC 2018 §2).
//   - A SYN-ACK carries window scale or timestamps only if the peer's SYN
//     did (RFC 7323 §2.2, §3.2).
//   - Timestamps appear on segments without SYN only if both SYNs carried
//     them, and then on every one but an RST (RFC 7323 §3.2). An RST sent
//     in CLOSED or LISTEN, where no connection exists, is not judged.
//   - SACK blocks appear only if both SYNs carried SACK-permitted (RFC 2018
//     §2).
//
// The SYNs are the last one the endpoint sent and the peer's SYN that
// opened the connection, read from the trace, which starts with the
// endpoint.
type OptionsNegotiated struct {
	v Violation
	viewOnly
}

// Name implements Monitor.
func (*OptionsNegotiated) Name() string { return "OptionsNegotiated" }

// Reset implements Monitor.
func (m *OptionsNegotiated) Reset(*Config) { *m = OptionsNegotiated{viewOnly: m.keepView()} }

// Observe implements Monitor.
func (m *OptionsNegotiated) Observe(ev *observe.Event) *Violation {
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
func (m *OptionsNegotiated) kinds() kindSet { return kindsOf(observe.Output) }

// onOutput and the rest: Observe by kind (dispatch.go).
func (m *OptionsNegotiated) onOutput(ev *observe.Event, f *segFacts) *Violation {
	out := m.check(ev.Seg, f)
	m.view.observe(ev, f)
	return out
}

func (m *OptionsNegotiated) check(s *segment.Segment, f *segFacts) *Violation {
	d := m.view.get()
	o := &s.Options
	ts := f.ts
	if f.synBit {
		if !f.ackBit || !d.havePeers {
			return nil
		}
		if f.ws && !d.peers.ws {
			return m.v.set(m.Name(), "SYN-ACK (SEQ %d) carries window scale although the peer's SYN did not", int64(s.Seq))
		}
		if ts && !d.peers.ts {
			return m.v.set(m.Name(), "SYN-ACK (SEQ %d) carries timestamps although the peer's SYN did not", int64(s.Seq))
		}
		return nil
	}
	if o.Len() > 0 { // an empty option area has none of them
		if v := m.synOnly(s, d); v != nil {
			return v
		}
	}
	rst := f.rstBit
	if rst && (d.stimState == observe.Closed || d.stimState == observe.Listen) {
		return nil
	}
	switch {
	case ts && !d.tsInUse():
		return m.v.set(m.Name(), "timestamps sent (SEQ %d) although both SYNs did not carry them", int64(s.Seq))
	case !ts && !rst && d.tsInUse():
		return m.v.set(m.Name(), "segment SEQ %d ACK %d lacks timestamps, negotiated by both SYNs: they go on every segment but an RST",
			int64(s.Seq), int64(s.Ack))
	}
	return nil
}

// synOnly checks the options of a segment without SYN for those that go
// only on a SYN, and for SACK blocks.
func (m *OptionsNegotiated) synOnly(s *segment.Segment, d *defView) *Violation {
	o := &s.Options
	if mss, ok := o.MSS(); ok {
		return m.v.set(m.Name(), "MSS %d sent on a segment without SYN (SEQ %d)", int64(mss), int64(s.Seq))
	}
	if shift, ok := o.WScaleRaw(); ok {
		return m.v.set(m.Name(), "window scale %d sent on a segment without SYN (SEQ %d)", int64(shift), int64(s.Seq))
	}
	if o.SACKPermitted() {
		return m.v.set(m.Name(), "SACK-permitted sent on a segment without SYN (SEQ %d)", int64(s.Seq))
	}
	if n := len(o.SACK()); n > 0 && !(d.haveOurs && d.havePeers && d.ours.sack && d.peers.sack) {
		return m.v.set(m.Name(), "%d SACK blocks sent (SEQ %d) although both SYNs did not carry SACK-permitted", int64(n), int64(s.Seq))
	}
	return nil
}
