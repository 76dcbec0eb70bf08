package properties

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// wiredTrace is a reference endpoint's connection, every segment sent with its
// bytes and addresses: ESTABLISHED with timestamps, 100 bytes sent, closed.
func wiredTrace(t *testing.T) *trace {
	r := newFSMRun(t, fsm.Config{})
	r.established(true).at(20).send(100).at(30).in(".", 5001, 1101, 0, optTS(30, 20)).at(40).close()
	return r.trace()
}

// nthOutput returns the n-th event (from 1) that is a segment sent.
func nthOutput(t *testing.T, tr *trace, n int) (int, *observe.Event) {
	for i := range tr.events {
		if tr.events[i].Kind == observe.Output {
			if n--; n == 0 {
				return i, &tr.events[i]
			}
		}
	}
	t.Fatal("no such output")
	return 0, nil
}

func TestWellFormedOutputPassesReferenceEndpoint(t *testing.T) {
	tr := wiredTrace(t)
	_, ev := nthOutput(t, tr, 1)
	if len(ev.Wire) == 0 || !ev.Src.IsValid() {
		t.Fatal("the probe gave no bytes or addresses")
	}
	mustPass(t, tr, new(WellFormedOutput), DefaultConfig())
	mustPass(t, activeOpen(t), new(WellFormedOutput), DefaultConfig()) // encoded by the monitor
}

func TestWellFormedOutputFlagsBadChecksum(t *testing.T) {
	tr := wiredTrace(t)
	at, ev := nthOutput(t, tr, 2) // the ACK of the handshake
	sum := binary.BigEndian.Uint16(ev.Wire[16:])
	binary.BigEndian.PutUint16(ev.Wire[16:], sum^0x0101)
	mustFlag(t, tr, new(WellFormedOutput), DefaultConfig(), at,
		fmt.Sprintf("checksum %#04x of segment SEQ 1001 is wrong; want %#04x", sum^0x0101, sum))
}

func TestWellFormedOutputFlagsMalformedHeader(t *testing.T) {
	tr := wiredTrace(t)
	at, ev := nthOutput(t, tr, 1) // the SYN: <mss 1460,...>
	ev.Wire[21] = 3
	mustFlag(t, tr, new(WellFormedOutput), DefaultConfig(), at, "MSS option length is not 4 at byte 21 (found 3)")

	tr = wiredTrace(t)
	at, ev = nthOutput(t, tr, 3)
	ev.Wire[12] = 4 << 4
	mustFlag(t, tr, new(WellFormedOutput), DefaultConfig(), at, "TCP data offset below 5 words at byte 12 (found 4)")
}

// outWire appends a segment sent as the given bytes, without addresses.
func (tr *trace) outWire(s *segment.Segment, wire []byte) *trace {
	tr.events = append(tr.events, observe.Event{Kind: observe.Output, Time: tr.now, Seg: s, Wire: wire})
	return tr
}

func TestWellFormedOutputFlagsPaddingAfterEOL(t *testing.T) {
	s := &segment.Segment{SrcPort: 1, DstPort: 2, Seq: 1001, Ack: 5001, Flags: segment.ACK, Window: 65535}
	for i := 0; i < 4; i++ {
		_ = s.Options.AddNOP()
	}
	wire := s.AppendTo(nil)
	copy(wire[20:], []byte{0, 5, 0, 0})
	tr := activeOpen(t)
	at := tr.nextIndex()
	tr.outWire(s, wire)
	mustFlag(t, tr, new(WellFormedOutput), DefaultConfig(), at, "byte 1 after End of Option List is 5; padding is zeros")
}

func TestWellFormedOutputFlagsHeaderFields(t *testing.T) {
	tr := activeOpen(t)
	at := tr.nextIndex()
	tr.out(t, ".", 1001, 5001, 0).dSeg().Flags |= segment.Reserved1
	mustFlag(t, tr, new(WellFormedOutput), DefaultConfig(), at, "reserved control bits 0x200 set in segment SEQ 1001")

	tr = activeOpen(t)
	at = tr.nextIndex()
	tr.out(t, "P", 1001, 0, 10)
	mustFlag(t, tr, new(WellFormedOutput), DefaultConfig(), at,
		"segment SEQ 1001 sent in ESTABLISHED without ACK")

	tr = &trace{}
	tr.call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent)
	at = tr.nextIndex()
	tr.out(t, "S", 1000, 0, 0)
	_ = tr.dSeg().Options.AddWScale(15)
	mustFlag(t, tr, new(WellFormedOutput), DefaultConfig(), at, "window scale shift 15 sent; RFC 7323 §2.3 allows at most 14")
}

func TestWellFormedOutputFlagsWireMismatch(t *testing.T) {
	tr := wiredTrace(t)
	at, ev := nthOutput(t, tr, 2)
	ev.Seg.Seq++
	mustFlag(t, tr, new(WellFormedOutput), DefaultConfig(), at,
		"bytes sent have SEQ 1001 ACK 5001; the endpoint reports SEQ 1002 ACK 5001")
}

// wfoReference is WellFormedOutput's check decoding every segment in full,
// as it did before it read plain headers (no options, or two NOPs and
// timestamps) without Decode: the fast path must agree with it.
func wfoReference(state observe.State, ev *observe.Event) string {
	var dec segment.Segment
	b := ev.Wire
	if len(b) == 0 {
		enc := *ev.Seg
		enc.Payload = nil
		b = enc.AppendTo(nil)
	}
	if err := dec.Decode(b); err != nil {
		if e, ok := err.(*segment.Error); ok && int(e.Code) < len(wfoDecode) {
			return fmt.Sprintf(wfoDecode[e.Code], e.Offset, e.Value)
		}
		return fmt.Sprintf("sent segment of %d bytes does not decode", len(b))
	}
	if err := dec.Warning(); err != nil {
		shift, _ := dec.Options.WScaleRaw()
		return fmt.Sprintf("window scale shift %d sent; RFC 7323 §2.3 allows at most 14", shift)
	}
	if len(ev.Wire) > 0 {
		r := ev.Seg
		switch {
		case dec.Seq != r.Seq || dec.Ack != r.Ack:
			return fmt.Sprintf("bytes sent have SEQ %d ACK %d; the endpoint reports SEQ %d ACK %d", dec.Seq, dec.Ack, r.Seq, r.Ack)
		case dec.Flags != r.Flags&segment.FlagMask || dec.Window != r.Window || len(dec.Payload) != len(r.Payload):
			return fmt.Sprintf("bytes sent have flags %#x, window %d, %d bytes of text; the endpoint reports otherwise (SEQ %d)",
				int64(dec.Flags), dec.Window, len(dec.Payload), dec.Seq)
		}
		if ev.Src.IsValid() && ev.Dst.IsValid() && !segment.VerifyChecksum(b, ev.Src, ev.Dst) {
			want := segment.Checksum(b, segment.PseudoHeaderSum(ev.Src, ev.Dst, segment.ProtocolTCP, len(b)))
			return fmt.Sprintf("checksum %#04x of segment SEQ %d is wrong; want %#04x", binary.BigEndian.Uint16(b[16:]), dec.Seq, want)
		}
	}
	if r := dec.Flags & (segment.Reserved1 | segment.Reserved2 | segment.Reserved3); r != 0 {
		return fmt.Sprintf("reserved control bits %#x set in segment SEQ %d", int64(r), dec.Seq)
	}
	for opt, next := dec.Options.Next(0); next >= 0; opt, next = dec.Options.Next(next) {
		if opt.Kind != segment.KindEOL {
			continue
		}
		for i, c := range opt.Data {
			if c != 0 {
				return fmt.Sprintf("byte %d after End of Option List is %d; padding is zeros", i+1, c)
			}
		}
	}
	if state.Synchronized() && dec.Flags&(segment.ACK|segment.RST) == 0 {
		return fmt.Sprintf(wfoNoAck[state], dec.Seq)
	}
	return ""
}

// WellFormedOutput says what the full decode says of segments near the
// plain forms, their bytes changed at random: data offsets, option bytes,
// flags, lengths, checksums; with and without the bytes sent.
func TestWellFormedOutputPlainHeadersAgreeWithDecode(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var m WellFormedOutput
	m.Reset(nil)
	plain, flagged := 0, 0
	for i := range 20000 {
		flags := segment.Flags(r.IntN(1<<6)) | segment.ACK
		if r.IntN(4) == 0 {
			flags = segment.Flags(r.IntN(1 << 12))
		}
		s := segment.Segment{SrcPort: 80, DstPort: 4000, Seq: seq.Num(r.Uint32()), Ack: seq.Num(r.Uint32()),
			Flags: flags, Window: uint16(r.Uint32())}
		switch r.IntN(4) {
		case 0, 1:
			_ = s.Options.AddNOP()
			_ = s.Options.AddNOP()
			_ = s.Options.AddTimestamps(r.Uint32(), r.Uint32())
		case 2:
			addOptions(r, &s)
		}
		s.Payload = make([]byte, r.IntN(3)*r.IntN(30))
		ev := observe.Event{Kind: observe.Output, Seg: &s, Src: clientAddr, Dst: serverAddr}
		if r.IntN(8) > 0 {
			wire := s.AppendTo(nil)
			_ = segment.FillChecksum(wire, ev.Src, ev.Dst)
			for range r.IntN(3) {
				if len(wire) == 0 {
					break
				}
				switch at := r.IntN(len(wire)); r.IntN(4) {
				case 0:
					if len(wire) > 12 {
						wire[12] = byte(r.IntN(16))<<4 | wire[12]&0x0f // data offset
					}
				case 1:
					if len(wire) > 20 {
						wire[20+r.IntN(min(len(wire)-20, 12))] = byte(r.IntN(12)) // option bytes
					}
				case 2:
					wire[at] ^= byte(1 << r.IntN(8))
				case 3:
					wire = wire[:r.IntN(len(wire)+1)]
				}
			}
			ev.Wire = wire
			if r.IntN(4) == 0 {
				ev.Src, ev.Dst = netip.Addr{}, netip.Addr{}
			}
		}
		m.state = observe.State(r.IntN(int(observe.NumStates) + 1))
		want := wfoReference(m.state, &ev)
		got := ""
		if v := m.Observe(&ev); v != nil {
			got = v.Message()
			flagged++
		}
		if got != want {
			t.Fatalf("case %d, wire % x: got %q, want %q", i, ev.Wire, got, want)
		}
		var h wireHeader
		if len(ev.Wire) > 0 && h.plain(ev.Wire) {
			plain++
		}
	}
	if plain < 1000 || flagged < 1000 || flagged > 19000 {
		t.Fatalf("%d plain segments, %d flagged: the comparison missed a path", plain, flagged)
	}
	t.Logf("%d plain segments, %d flagged", plain, flagged)
}
