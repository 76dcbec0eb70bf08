package properties

import (
	"encoding/binary"

	"tcpcheck/observe"
	"tcpcheck/segment"
)

// WellFormedOutput: every segment the endpoint sends is a well-formed TCP
// segment (RFC 9293 §3.1-3.2).
//   - It decodes: a data offset of at least 5 words within the segment,
//     every option with a valid length for its kind (MSS 4, window scale 3,
//     SACK-permitted 2, SACK 2+8n with n in 1..4, timestamps 10; RFC 7323,
//     RFC 2018), zeros after End of Option List, and a window scale shift
//     of at most 14 (RFC 7323 §2.3).
//   - Its checksum is right over the pseudo-header (RFC 9293 §3.1), when
//     the bytes sent (Event.Wire) and the addresses are known.
//   - The reserved control bits are zero (RFC 9293 §3.1: "must be zero in
//     generated segments").
//   - Every segment but an RST carries ACK once the connection is
//     synchronized (RFC 9293 §3.1: "once a connection is established, this
//     is always sent").
//   - The bytes sent say what the endpoint reports it sent.
//
// An RST may carry text: RFC 9293 §3.5.3 lets it explain the reset. When
// Event.Wire is absent the reported segment's header is encoded into the
// monitor's own buffer and decoded from there.
type WellFormedOutput struct {
	v     Violation
	state observe.State
	dec   segment.Segment
	enc   segment.Segment
	buf   [segment.MaxHeaderLen]byte
}

// wfoDecode is, for each decode error code, its message.
var wfoDecode = func() (t [64]string) {
	for c := range t {
		t[c] = "sent segment does not decode: " + segment.ErrorCode(c).String() + " at byte %d (found %d)"
	}
	return t
}()

var wfoNoAck = perState("segment SEQ %d sent in {state} without ACK; every segment but an RST carries it once synchronized")

// Name implements Monitor.
func (*WellFormedOutput) Name() string { return "WellFormedOutput" }

// kinds: the events Observe reads (dispatch.go).
func (*WellFormedOutput) kinds() kindSet { return kindsOf(observe.Change, observe.Output) }

// Reset implements Monitor.
func (m *WellFormedOutput) Reset(*Config) { m.state = observe.Closed }

// Observe implements Monitor.
func (m *WellFormedOutput) Observe(ev *observe.Event) *Violation {
	switch ev.Kind {
	case observe.Change:
		m.state = ev.To
	case observe.Output:
		return m.check(ev)
	}
	return nil
}

func (m *WellFormedOutput) check(ev *observe.Event) *Violation {
	b := ev.Wire
	if len(b) == 0 {
		m.enc = *ev.Seg
		m.enc.Payload = nil
		b = m.enc.AppendTo(m.buf[:0])
	}
	if err := m.dec.Decode(b); err != nil {
		if e, ok := err.(*segment.Error); ok && int(e.Code) < len(wfoDecode) {
			return m.v.set(m.Name(), wfoDecode[e.Code], int64(e.Offset), int64(e.Value))
		}
		return m.v.set(m.Name(), "sent segment of %d bytes does not decode", int64(len(b)))
	}
	if err := m.dec.Warning(); err != nil {
		shift, _ := m.dec.Options.WScaleRaw()
		return m.v.set(m.Name(), "window scale shift %d sent; RFC 7323 §2.3 allows at most 14", int64(shift))
	}
	if v := m.checkWire(ev, b); v != nil {
		return v
	}
	s := &m.dec
	if r := s.Flags & (segment.Reserved1 | segment.Reserved2 | segment.Reserved3); r != 0 {
		return m.v.set(m.Name(), "reserved control bits %#x set in segment SEQ %d", int64(r), int64(s.Seq))
	}
	for opt, next := s.Options.Next(0); next >= 0; opt, next = s.Options.Next(next) {
		if opt.Kind != segment.KindEOL {
			continue
		}
		for i, c := range opt.Data {
			if c != 0 {
				return m.v.set(m.Name(), "byte %d after End of Option List is %d; padding is zeros", int64(i+1), int64(c))
			}
		}
	}
	if m.state.Synchronized() && s.Flags&(segment.ACK|segment.RST) == 0 {
		return m.v.set(m.Name(), wfoNoAck[m.state], int64(s.Seq))
	}
	return nil
}

// checkWire compares the bytes sent with the segment reported, and checks
// their checksum when the addresses are known.
func (m *WellFormedOutput) checkWire(ev *observe.Event, b []byte) *Violation {
	if len(ev.Wire) == 0 {
		return nil
	}
	s, r := &m.dec, ev.Seg
	switch {
	case s.Seq != r.Seq || s.Ack != r.Ack:
		return m.v.set(m.Name(), "bytes sent have SEQ %d ACK %d; the endpoint reports SEQ %d ACK %d",
			int64(s.Seq), int64(s.Ack), int64(r.Seq), int64(r.Ack))
	case s.Flags != r.Flags&segment.FlagMask || s.Window != r.Window || len(s.Payload) != len(r.Payload):
		return m.v.set(m.Name(), "bytes sent have flags %#x, window %d, %d bytes of text; the endpoint reports otherwise (SEQ %d)",
			int64(s.Flags), int64(s.Window), int64(len(s.Payload)), int64(s.Seq))
	}
	if !ev.Src.IsValid() || !ev.Dst.IsValid() || segment.VerifyChecksum(b, ev.Src, ev.Dst) {
		return nil
	}
	want := segment.Checksum(b, segment.PseudoHeaderSum(ev.Src, ev.Dst, segment.ProtocolTCP, len(b)))
	return m.v.set(m.Name(), "checksum %#04x of segment SEQ %d is wrong; want %#04x",
		int64(binary.BigEndian.Uint16(b[16:])), int64(s.Seq), int64(want))
}
