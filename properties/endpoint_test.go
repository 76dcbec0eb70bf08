package properties

import (
	"net/netip"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// recorder copies events out of a probe so that a trace can be kept.
type recorder struct{ tr trace }

func (r *recorder) observe(ev *observe.Event) {
	c := *ev
	if ev.Seg != nil {
		s := *ev.Seg
		s.Payload = append([]byte(nil), ev.Seg.Payload...)
		c.Seg = &s
	}
	c.Wire = append([]byte(nil), ev.Wire...)
	r.tr.events = append(r.tr.events, c)
}

var (
	clientAddr = netip.MustParseAddr("192.0.2.1")
	serverAddr = netip.MustParseAddr("192.0.2.2")
)

// exchange runs two reference endpoints through a handshake, 1 KB each way
// and a close initiated by the client, delivering every segment at once, and
// returns each side's trace. isn picks the client's ISN (the server's is
// isn+2^31).
func exchange(t testing.TB, isn seq.Num) (client, server *trace) {
	var rc, rs recorder
	ccfg := fsm.Config{ISN: func(fsm.Time, fsm.Tuple) seq.Num { return isn }, MSL: fsm.Second}
	scfg := fsm.Config{ISN: func(fsm.Time, fsm.Tuple) seq.Num { return isn + 1<<31 }, MSL: fsm.Second}
	c, s := observe.NewProbe(ccfg, rc.observe), observe.NewProbe(scfg, rs.observe)
	now := fsm.Time(0)
	var inbox [2][]segment.Segment
	deliver := func(from int, r fsm.Result) {
		for _, sg := range r.Out {
			sg.Payload = append([]byte(nil), sg.Payload...)
			inbox[1-from] = append(inbox[1-from], sg)
		}
	}
	flush := func() {
		for len(inbox[0])+len(inbox[1]) > 0 {
			now += fsm.Millisecond
			for side, p := range [2]*observe.Probe{c, s} {
				q := inbox[side]
				inbox[side] = nil
				for i := range q {
					deliver(side, p.Input(now, &q[i]))
				}
			}
		}
	}
	deliver(1, s.Listen(now, fsm.Tuple{LocalAddr: serverAddr, LocalPort: 80}))
	deliver(0, c.Connect(now, fsm.Tuple{LocalAddr: clientAddr, RemoteAddr: serverAddr, LocalPort: 4000, RemotePort: 80}))
	flush()
	data := make([]byte, 1024)
	n, r := c.Send(now, data)
	deliver(0, r)
	n2, r := s.Send(now, data)
	deliver(1, r)
	if n != 1024 || n2 != 1024 {
		t.Fatalf("send took %d and %d bytes", n, n2)
	}
	flush()
	buf := make([]byte, 4096)
	for side, p := range [2]*observe.Probe{c, s} {
		got, r := p.Recv(now, buf)
		deliver(side, r)
		if got != 1024 {
			t.Fatalf("side %d read %d bytes", side, got)
		}
	}
	deliver(0, c.Close(now))
	flush()
	deliver(1, s.Close(now))
	flush()
	for now < 3*fsm.Second {
		now += 100 * fsm.Millisecond
		deliver(0, c.Tick(now))
		deliver(1, s.Tick(now))
		flush()
	}
	if c.EP.State() != fsm.Closed || s.EP.State() != fsm.Closed {
		t.Fatalf("states after close: %v, %v", c.EP.State(), s.EP.State())
	}
	return &rc.tr, &rs.tr
}

func endpointConfig() Config {
	c := ConfigFromFSM(fsm.Config{MSL: fsm.Second})
	return c
}

// TestMonitorsPassReferenceEndpoint runs every monitor over both sides of a
// complete connection, also across the 2^32 wrap.
func TestMonitorsPassReferenceEndpoint(t *testing.T) {
	for _, isn := range []seq.Num{0, 1 << 31, 1<<32 - 700} {
		client, server := exchange(t, isn)
		for _, tr := range []*trace{client, server} {
			for _, m := range All() {
				mustPass(t, tr, m, endpointConfig())
			}
		}
	}
}

func TestCheckerAllocatesNothingPerEvent(t *testing.T) {
	client, _ := exchange(t, 1<<32-700)
	c := NewChecker(endpointConfig())
	allocs := testing.AllocsPerRun(20, func() {
		c.Reset()
		for i := range client.events {
			c.Observe(&client.events[i])
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per trace of %d events", allocs, len(client.events))
	}
	if c.Violation() != nil {
		t.Fatal(c.Violation())
	}
}

// Every monitor used on its own, without a Checker, allocates nothing per
// event either.
func TestMonitorsAloneAllocateNothingPerEvent(t *testing.T) {
	client, server := exchange(t, 1<<32-700)
	cfg := endpointConfig()
	for _, m := range All() {
		for _, tr := range []*trace{client, server} {
			allocs := testing.AllocsPerRun(20, func() {
				m.Reset(&cfg)
				for i := range tr.events {
					m.Observe(&tr.events[i])
				}
			})
			if allocs != 0 {
				t.Errorf("%s: %v allocations per trace of %d events", m.Name(), allocs, len(tr.events))
			}
		}
	}
}
