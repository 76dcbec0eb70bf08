package fsm_test

import (
	"net/netip"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// Listener.Watch sees every call the listener makes on a connection, with
// that connection and its own segments: two SYNs reach two connections, a
// stray ACK reaches none, and closing the listener aborts each of its
// pool, the RST going with the connection that sends it. Without Watch a
// step allocates nothing more.
func TestListenerWatch(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{}, tupB, 2, 3)
	type call struct {
		c     *fsm.Endpoint
		port  uint16
		state fsm.State
		out   []segment.Flags
	}
	var calls []call
	l.Watch = func(c *fsm.Endpoint, r fsm.Result) {
		k := call{c: c, port: c.Tuple().RemotePort, state: c.State()}
		for _, g := range r.Out {
			k.out = append(k.out, g.Flags)
		}
		calls = append(calls, k)
	}
	l.Input(0, peer, synFrom(1001, 100))
	l.Input(0, peer, synFrom(1002, 100))
	stray := &segment.Segment{SrcPort: 1003, DstPort: 80, Seq: 1, Ack: 7, Flags: segment.ACK, Window: 65535}
	if r := l.Input(0, peer, stray); len(r.Out) != 1 || len(calls) != 2 {
		t.Fatalf("the stray ACK: %d segments, %d calls watched", len(r.Out), len(calls))
	}
	if calls[0].c == calls[1].c || calls[0].port != 1001 || calls[1].port != 1002 ||
		calls[0].state != fsm.SynReceived || len(calls[0].out) != 1 || calls[0].out[0] != segment.SYN|segment.ACK {
		t.Fatalf("SYNs watched as %+v", calls)
	}
	calls = calls[:0]
	l.Close(1)
	if len(calls) != 3 {
		t.Fatalf("Close watched %d calls, want one per connection of the pool (3)", len(calls))
	}
	rsts := 0
	for _, k := range calls {
		if k.state != fsm.Closed {
			t.Errorf("a connection in %v after Close", k.state)
		}
		if len(k.out) == 1 && k.out[0]&segment.RST != 0 {
			rsts++
		}
	}
	if rsts != 2 {
		t.Errorf("%d connections sent their RST, want 2", rsts)
	}
}

// A connection that gives up is back in LISTEN when Watch sees the call
// that ended it.
func TestListenerWatchRecycled(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{SynRetries: 1}, tupB, 1, 1)
	var last fsm.State
	var changes []fsm.State
	l.Watch = func(c *fsm.Endpoint, r fsm.Result) { last = c.State() }
	r := l.Input(0, peer, synFrom(1001, 100))
	for r.Deadline != fsm.Never {
		r = l.Tick(r.Deadline)
		changes = append(changes, last)
	}
	if len(changes) == 0 || changes[len(changes)-1] != fsm.Listen {
		t.Errorf("states watched after each timer: %v, want LISTEN last", changes)
	}
}

func TestListenerInputAllocsWithoutWatch(t *testing.T) {
	peer := netip.MustParseAddr("192.0.2.9")
	l := fsm.NewListener(fsm.Config{}, tupB, 1, 1)
	stray := &segment.Segment{SrcPort: 1003, DstPort: 80, Seq: 1, Ack: 7, Flags: segment.ACK, Window: 65535}
	syn := synFrom(1001, 100)
	rst := &segment.Segment{SrcPort: 1001, DstPort: 80, Seq: 101, Flags: segment.RST, Window: 65535}
	if n := testing.AllocsPerRun(100, func() {
		l.Input(0, peer, syn)
		l.Input(0, peer, rst)
		l.Input(0, peer, stray)
	}); n != 0 {
		t.Errorf("%v allocations per round", n)
	}
}
