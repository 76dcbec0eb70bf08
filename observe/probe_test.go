package observe_test

import (
	"net/netip"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

var (
	local  = netip.MustParseAddr("192.0.2.1")
	remote = netip.MustParseAddr("192.0.2.2")
	tuple  = fsm.Tuple{LocalAddr: local, RemoteAddr: remote, LocalPort: 40000, RemotePort: 80}
)

// recorder keeps a one-line summary of each event.
type recorder struct{ lines []string }

func (r *recorder) observe(ev *observe.Event) {
	line := ev.Kind.String()
	switch ev.Kind {
	case observe.Change:
		line += " " + ev.From.String() + ">" + ev.To.String()
	case observe.Input, observe.Output:
		line += " " + ev.Seg.Flags.String()
	case observe.Call:
		line += " " + ev.Op.String()
	}
	r.lines = append(r.lines, line)
}

func isn(fsm.Time, fsm.Tuple) seq.Num { return 1000 }

// The order within a stimulus is the contract: the stimulus, the state
// changes, the segments sent, then what the application was told.
func TestProbeOrdersEventsOfAStimulus(t *testing.T) {
	var r recorder
	p := observe.NewProbe(fsm.Config{ISN: isn}, r.observe)
	p.Connect(0, tuple)
	synAck := segment.Segment{SrcPort: 80, DstPort: 40000, Seq: 5000, Ack: 1001, Flags: segment.SYN | segment.ACK, Window: 1000}
	p.Input(fsm.Millisecond, &synAck)
	got := strings.Join(r.lines, "; ")
	want := "call connect; change CLOSED>SYN-SENT; output SYN; " +
		"input SYN|ACK; change SYN-SENT>ESTABLISHED; output ACK; notify"
	if !strings.HasPrefix(got, want) {
		t.Fatalf("events:\n got %s\nwant %s...", got, want)
	}
}

// Segments sent are also handed over as bytes with a valid checksum over
// the tuple's addresses.
func TestProbeOutputWireVerifies(t *testing.T) {
	var wires int
	p := observe.NewProbe(fsm.Config{ISN: isn}, func(ev *observe.Event) {
		if ev.Kind != observe.Output {
			return
		}
		wires++
		if !segment.VerifyChecksum(ev.Wire, ev.Src, ev.Dst) {
			t.Errorf("checksum of %v does not verify", ev.Seg)
		}
		var s segment.Segment
		if err := s.Decode(ev.Wire); err != nil || s.String() != ev.Seg.String() {
			t.Errorf("wire decodes to %v (%v), want %v", &s, err, ev.Seg)
		}
	})
	p.Connect(0, tuple)
	if wires != 1 {
		t.Fatalf("%d segments reported, want the SYN", wires)
	}
}

func TestProbeAllocatesNothingPerStimulus(t *testing.T) {
	p := observe.NewProbe(fsm.Config{ISN: isn}, func(*observe.Event) {})
	cfg := fsm.Config{ISN: isn}
	if n := testing.AllocsPerRun(100, func() {
		p.Reset(cfg)
		p.Connect(0, tuple)
		p.Tick(fsm.Second)
	}); n != 0 {
		t.Fatalf("%v allocations per connect and retransmission", n)
	}
}

// Wire hands back, after the call, the bytes each segment was reported
// with, for the segment of the last call and nothing else.
func TestProbeWireAfterCall(t *testing.T) {
	var reported [][]byte
	p := observe.NewProbe(fsm.Config{ISN: isn}, func(ev *observe.Event) {
		if ev.Kind == observe.Output {
			reported = append(reported, append([]byte(nil), ev.Wire...))
		}
	})
	p.Connect(0, tuple)
	synAck := segment.Segment{SrcPort: 80, DstPort: 40000, Seq: 5000, Ack: 1001, Flags: segment.SYN | segment.ACK, Window: 65535}
	p.Input(fsm.Millisecond, &synAck)
	n, r := p.Send(fsm.Millisecond, make([]byte, 3000)) // two full segments and a short one
	if n != 3000 || len(r.Out) < 2 {
		t.Fatalf("send took %d bytes and sent %d segments", n, len(r.Out))
	}
	reported = reported[len(reported)-len(r.Out):]
	for i := range r.Out {
		w, src, dst, ok := p.Wire(i, &r.Out[i])
		if !ok || src != local || dst != remote || string(w) != string(reported[i]) {
			t.Fatalf("segment %d: Wire gives %d bytes %v>%v ok=%v; the event had %d bytes", i, len(w), src, dst, ok, len(reported[i]))
		}
	}
	other := r.Out[0]
	if _, _, _, ok := p.Wire(0, &other); ok {
		t.Error("Wire answered for a segment that is not the call's")
	}
	if _, _, _, ok := p.Wire(len(r.Out), &r.Out[0]); ok {
		t.Error("Wire answered for an index past the call's segments")
	}
	p.Tick(2 * fsm.Millisecond) // nothing to send: the bytes are gone
	if _, _, _, ok := p.Wire(0, &r.Out[0]); ok {
		t.Error("Wire answered after a call that sent nothing")
	}
}
