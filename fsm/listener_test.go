package fsm_test

import (
	"net/netip"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

func synFrom(port uint16, isn uint32) *segment.Segment {
	return &segment.Segment{SrcPort: port, DstPort: 80, Seq: segSeq(isn), Flags: segment.SYN, Window: 65535}
}

func segSeq(v uint32) seq.Num { return seq.Num(v) }

func TestListenerBacklogDropsSynWhenQueueFull(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{}, tupB, 2, 4)
	for i, port := range []uint16{1001, 1002} {
		r := l.Input(0, peer, synFrom(port, 100))
		if len(r.Out) != 1 || r.Out[0].Flags != segment.SYN|segment.ACK {
			t.Fatalf("SYN %d: want one SYN-ACK, got %d segments", i, len(r.Out))
		}
	}
	if syn, acc := l.Pending(); syn != 2 || acc != 0 {
		t.Fatalf("queues: syn %d accept %d, want 2 and 0", syn, acc)
	}
	// Third SYN: the SYN queue (backlog 2) is full, so it is dropped silently.
	if r := l.Input(0, peer, synFrom(1003, 100)); len(r.Out) != 0 {
		t.Fatalf("SYN beyond the backlog answered with %d segments", len(r.Out))
	}
}

func TestListenerAcceptAfterHandshake(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{}, tupB, 2, 4)
	r := l.Input(0, peer, synFrom(1001, 100))
	synAck := r.Out[0]
	if _, why := l.Accept(); why != fsm.ErrWouldBlock {
		t.Fatalf("Accept before the handshake: %v, want would block", why)
	}
	ack := &segment.Segment{SrcPort: 1001, DstPort: 80, Seq: 101, Ack: synAck.Seq + 1, Flags: segment.ACK, Window: 65535}
	r = l.Input(0, peer, ack)
	if r.Events&fsm.EvReadable == 0 {
		t.Fatalf("no accept event after the final ACK")
	}
	ep, why := l.Accept()
	if why != fsm.OK || ep.State() != fsm.Established || ep.Tuple().RemotePort != 1001 {
		t.Fatalf("Accept: %v", why)
	}
	if syn, acc := l.Pending(); syn != 0 || acc != 0 {
		t.Fatalf("queues after accept: syn %d accept %d", syn, acc)
	}
}

func TestListenerRSTInSynReceivedFreesChild(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{}, tupB, 1, 1)
	l.Input(0, peer, synFrom(1001, 100))
	rst := &segment.Segment{SrcPort: 1001, DstPort: 80, Seq: 101, Flags: segment.RST}
	if r := l.Input(0, peer, rst); len(r.Out) != 0 {
		t.Fatalf("RST answered with %d segments", len(r.Out))
	}
	if syn, _ := l.Pending(); syn != 0 {
		t.Fatalf("child still half-open after RST")
	}
	// The slot is free again: a new SYN gets a SYN-ACK.
	if r := l.Input(0, peer, synFrom(1002, 500)); len(r.Out) != 1 {
		t.Fatalf("new SYN after RST: %d segments, want a SYN-ACK", len(r.Out))
	}
}

func TestListenerAnswersStrayACKWithRST(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{}, tupB, 1, 1)
	ack := &segment.Segment{SrcPort: 1001, DstPort: 80, Seq: 7, Ack: 12345, Flags: segment.ACK}
	r := l.Input(0, peer, ack)
	if len(r.Out) != 1 || r.Out[0].Flags != segment.RST || r.Out[0].Seq != 12345 {
		t.Fatalf("stray ACK: want <SEQ=12345><CTL=RST>, got %d segments", len(r.Out))
	}
}

func TestListenerRetransmitsSynAckAndGivesUp(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{SynRetries: 2}, tupB, 1, 1)
	r := l.Input(0, peer, synFrom(1001, 100))
	for i := 0; i < 2; i++ {
		r = l.Tick(r.Deadline)
		if len(r.Out) != 1 || r.Out[0].Flags != segment.SYN|segment.ACK {
			t.Fatalf("retransmission %d: want SYN-ACK, got %d segments", i+1, len(r.Out))
		}
	}
	r = l.Tick(r.Deadline)
	if syn, _ := l.Pending(); syn != 0 {
		t.Fatalf("half-open child kept after the retry limit")
	}
}

func TestListenerDropsSynWhenAcceptQueueFull(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{}, tupB, 1, 4)
	r := l.Input(0, peer, synFrom(1001, 100))
	ack := &segment.Segment{SrcPort: 1001, DstPort: 80, Seq: 101, Ack: r.Out[0].Seq + 1, Flags: segment.ACK, Window: 65535}
	l.Input(0, peer, ack)
	if _, acc := l.Pending(); acc != 1 {
		t.Fatalf("accept queue %d, want 1", acc)
	}
	if r := l.Input(0, peer, synFrom(1002, 100)); len(r.Out) != 0 {
		t.Fatalf("SYN with a full accept queue answered with %d segments", len(r.Out))
	}
	if _, why := l.Accept(); why != fsm.OK {
		t.Fatalf("Accept: %v", why)
	}
	if r := l.Input(0, peer, synFrom(1002, 100)); len(r.Out) != 1 {
		t.Fatalf("SYN after Accept answered with %d segments, want a SYN-ACK", len(r.Out))
	}
}
