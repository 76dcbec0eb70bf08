package properties

import (
	"encoding/binary"
	"fmt"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
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
