package properties

import (
	"encoding/binary"

	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
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
		return m.onChange(ev)
	case observe.Output:
		return m.check(ev)
	}
	return nil
}

// onOutput and the rest: Observe by kind (dispatch.go).
func (m *WellFormedOutput) onOutput(ev *observe.Event, _ *segFacts) *Violation { return m.check(ev) }

func (m *WellFormedOutput) onChange(ev *observe.Event) *Violation {
	m.state = ev.To
	return nil
}

func (*WellFormedOutput) onInput(*observe.Event, *segFacts) *Violation { return nil }
func (*WellFormedOutput) onCall(*observe.Event) *Violation             { return nil }
func (*WellFormedOutput) onTick(*observe.Event) *Violation             { return nil }
func (*WellFormedOutput) onNotify(*observe.Event) *Violation           { return nil }

func (m *WellFormedOutput) check(ev *observe.Event) *Violation {
	b := ev.Wire
	if len(b) == 0 {
		m.enc = *ev.Seg
		m.enc.Payload = nil
		b = m.enc.AppendTo(m.buf[:0])
	}
	var h wireHeader
	plain := h.plain(b)
	if !plain {
		if v := m.decode(b); v != nil {
			return v
		}
		s := &m.dec
		h = wireHeader{seq: s.Seq, ack: s.Ack, flags: s.Flags, window: s.Window, n: len(s.Payload)}
	}
	if v := m.checkWire(ev, b, &h); v != nil {
		return v
	}
	if r := h.flags & (segment.Reserved1 | segment.Reserved2 | segment.Reserved3); r != 0 {
		return m.v.set(m.Name(), "reserved control bits %#x set in segment SEQ %d", int64(r), int64(h.seq))
	}
	if !plain {
		if i, c := eolPadding(m.dec.Options.Bytes()); i > 0 {
			return m.v.set(m.Name(), "byte %d after End of Option List is %d; padding is zeros", int64(i), int64(c))
		}
	}
	if c := &ctlOf[h.flags&ctlMask]; synchronized[m.state] && !c.ack && !c.rst {
		return m.v.set(m.Name(), wfoNoAck[m.state], int64(h.seq))
	}
	return nil
}

// wireHeader is what the checks read of a segment's header.
type wireHeader struct {
	seq, ack seq.Num
	flags    segment.Flags
	window   uint16
	n        int // payload bytes
}

// plainTS is the option area of most segments after the handshake: two
// NOPs and timestamps (RFC 7323 Appendix A).
const plainTS = uint32(segment.KindNOP)<<24 | uint32(segment.KindNOP)<<16 | uint32(segment.KindTimestamps)<<8 | 10

// plain reads the header of b, a segment without options or with only
// plainTS, into h and reports whether b is one: such a segment decodes,
// with no warning and no End of Option List, so Decode need not run.
func (h *wireHeader) plain(b []byte) bool {
	if len(b) < segment.HeaderLen {
		return false
	}
	hl := 4 * int(b[12]>>4)
	if hl != segment.HeaderLen && (hl != segment.HeaderLen+12 || len(b) < hl ||
		binary.BigEndian.Uint32(b[segment.HeaderLen:]) != plainTS) {
		return false
	}
	*h = wireHeader{
		seq:    seq.Num(binary.BigEndian.Uint32(b[4:])),
		ack:    seq.Num(binary.BigEndian.Uint32(b[8:])),
		flags:  segment.Flags(binary.BigEndian.Uint16(b[12:])) & segment.FlagMask,
		window: binary.BigEndian.Uint16(b[14:]),
		n:      len(b) - hl,
	}
	return true
}

// decode decodes b into m.dec and reports what keeps it from decoding
// cleanly.
func (m *WellFormedOutput) decode(b []byte) *Violation {
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
	return nil
}

// eolPadding returns the first byte other than zero after End of Option
// List in an option area that decoded, and its place after the EOL (from
// 1), or 0, 0. Every option before the EOL has a valid length.
func eolPadding(o []byte) (i int, c byte) {
	for off := 0; off < len(o); {
		switch segment.OptionKind(o[off]) {
		case segment.KindEOL:
			for i, c := range o[off+1:] {
				if c != 0 {
					return i + 1, c
				}
			}
			return 0, 0
		case segment.KindNOP:
			off++
		default:
			off += int(o[off+1])
		}
	}
	return 0, 0
}

// checkWire compares the bytes sent, whose header is h, with the segment
// reported, and checks their checksum when the addresses are known.
func (m *WellFormedOutput) checkWire(ev *observe.Event, b []byte, s *wireHeader) *Violation {
	if len(ev.Wire) == 0 {
		return nil
	}
	r := ev.Seg
	// Each test differs in one of its fields or none: one comparison for
	// all, which is one call under the fuzzer's instrumentation.
	if uint32(s.seq^r.Seq)|uint32(s.ack^r.Ack) != 0 {
		return m.v.set(m.Name(), "bytes sent have SEQ %d ACK %d; the endpoint reports SEQ %d ACK %d",
			int64(s.seq), int64(s.ack), int64(r.Seq), int64(r.Ack))
	}
	if uint(s.flags^r.Flags&segment.FlagMask)|uint(s.window^r.Window)|uint(s.n^len(r.Payload)) != 0 {
		return m.v.set(m.Name(), "bytes sent have flags %#x, window %d, %d bytes of text; the endpoint reports otherwise (SEQ %d)",
			int64(s.flags), int64(s.window), int64(s.n), int64(s.seq))
	}
	if !ev.Src.IsValid() || !ev.Dst.IsValid() || segment.VerifyChecksum(b, ev.Src, ev.Dst) {
		return nil
	}
	want := segment.Checksum(b, segment.PseudoHeaderSum(ev.Src, ev.Dst, segment.ProtocolTCP, len(b)))
	return m.v.set(m.Name(), "checksum %#04x of segment SEQ %d is wrong; want %#04x",
		int64(binary.BigEndian.Uint16(b[16:])), int64(s.seq), int64(want))
}
