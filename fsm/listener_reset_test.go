package fsm_test

import (
	"net/netip"
	"reflect"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// handshake runs a passive open on l from peer port 1001 and returns the
// segments the listener sent and the accepted endpoint's state.
func handshake(l *fsm.Listener) ([]segment.Segment, fsm.State) {
	peer := netip.MustParseAddr("192.0.2.9")
	r := l.Input(0, peer, synFrom(1001, 100))
	out := append([]segment.Segment(nil), r.Out...)
	ack := &segment.Segment{SrcPort: 1001, DstPort: 80, Seq: 101, Ack: r.Out[0].Seq + 1, Flags: segment.ACK, Window: 65535}
	r = l.Input(fsm.Millisecond, peer, ack)
	out = append(out, r.Out...)
	ep, why := l.Accept()
	if why != fsm.OK {
		return out, fsm.Closed
	}
	return out, ep.State()
}

// A reset listener behaves as a new one, and resetting it allocates
// nothing when the pool size is unchanged.
func TestListenerResetIsNewListener(t *testing.T) {
	cfg := fsm.Config{ISN: func(fsm.Time, fsm.Tuple) seq.Num { return 5000 }}
	fresh := fsm.NewListener(cfg, tupB, 2, 4)
	want, wantState := handshake(fresh)

	l := fsm.NewListener(fsm.Config{SendBuffer: 100}, tupA, 1, 4)
	handshake(l)
	l.Close(0)
	l.Reset(cfg, tupB, 2, 4)
	got, gotState := handshake(l)
	if !reflect.DeepEqual(got, want) || gotState != wantState || gotState != fsm.Established {
		t.Fatalf("after Reset: %v in %v; a new listener sends %v and reaches %v", got, gotState, want, wantState)
	}
	if syn, acc := l.Pending(); syn != 0 || acc != 0 {
		t.Fatalf("queues after accept: syn %d accept %d", syn, acc)
	}
	syn := synFrom(1001, 100)
	allocs := testing.AllocsPerRun(20, func() {
		l.Reset(cfg, tupB, 2, 4)
		l.Input(0, netip.MustParseAddr("192.0.2.9"), syn)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per Reset and SYN", allocs)
	}
	for _, conns := range []int{7, 1, 5} { // other pool sizes, growing and shrinking
		l.Reset(cfg, tupB, 1, conns)
		if got, st := handshake(l); !reflect.DeepEqual(got, want) || st != fsm.Established {
			t.Fatalf("after Reset to %d connections: %v in %v", conns, got, st)
		}
	}
	l.Reset(cfg, tupB, 1, 1) // a full pool drops the next SYN, as a new one does
	handshake(l)
	if r := l.Input(0, netip.MustParseAddr("192.0.2.8"), synFrom(1002, 7)); len(r.Out) != 0 {
		t.Fatalf("a SYN beyond a pool of one was answered: %v", r.Out)
	}
}
