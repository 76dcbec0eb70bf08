package sim

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// The closed-world scenario on a clean network: handshake, 1 KB each way,
// close; a passes through TIME-WAIT for 2 MSL, b closes from LAST-ACK.
func TestExchangeClean(t *testing.T) {
	cfg := exchange(1024, Link{Delay: 10 * Millisecond}, 0)
	cfg.Trace = true
	s := run(t, cfg, 1)
	if err := s.StreamComplete(); err != nil {
		t.Fatal(err)
	}
	if err := s.EventualClose(2*30*Second + Second); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Sent != 11 || st.Delivered != 11 || st.Lost+st.Duplicated+st.Corrupted+st.Unroutable != 0 {
		t.Errorf("stats %+v, want 11 segments each way with no fault", st)
	}
	for i := 0; i < 2; i++ {
		if got := s.Stream(i); got.Written != 1024 || got.Read != 1024 || !got.EOF && i == 1 {
			t.Errorf("endpoint %s: %+v", s.Name(i), got)
		}
	}
	// TIME-WAIT: entered when b's FIN arrives at 60 ms, left 2 MSL later.
	if h := s.nodes[0].hist; !h.viaTimeWait || h.twTime != 60*Second || h.closedAt != 60*Second+60*Millisecond {
		t.Errorf("a's history %+v", h)
	}
	if h := s.nodes[1].hist; h.activeClose || h.closedAt != 70*Millisecond {
		t.Errorf("b's history %+v", h)
	}
}

// Every event reaches the sink of its endpoint, in observe's order, so a
// monitor (a properties.Checker) can watch a simulated endpoint.
func TestSinks(t *testing.T) {
	cfg := exchange(100, Link{Delay: Millisecond}, 0)
	var kinds [2][8]int
	for i := range cfg.Endpoints {
		cfg.Endpoints[i].Sink = func(ev *observe.Event) { kinds[i][ev.Kind]++ }
	}
	s := run(t, cfg, 1)
	st := s.Stats()
	in := kinds[0][observe.Input] + kinds[1][observe.Input]
	out := kinds[0][observe.Output] + kinds[1][observe.Output]
	if in != st.Delivered || out != st.Sent {
		t.Errorf("sinks saw %d inputs and %d outputs; stats %+v", in, out, st)
	}
	if kinds[0][observe.Call] == 0 || kinds[1][observe.Change] == 0 {
		t.Errorf("calls or changes missing: %v", kinds)
	}
	// SetSink replaces a sink for the next run.
	var n int
	s.SetSink(0, func(*observe.Event) { n++ })
	s.Reset(2)
	if err := s.Run(); err != nil || n == 0 {
		t.Errorf("SetSink: %d events, %v", n, err)
	}
}

// A large transfer fills the send buffer: the application writes again
// each time the endpoint reports room (EvWritable).
func TestExchangeLarge(t *testing.T) {
	small := fsm.Config{SendBuffer: 4096, RecvBuffer: 4096}
	cfg := Exchange(small, small, 200_000)
	cfg.Link = Link{Delay: 5 * Millisecond}
	s := run(t, cfg, 1)
	if err := s.StreamComplete(); err != nil {
		t.Fatal(err)
	}
	if err := s.EventualClose(closeBound); err != nil {
		t.Fatal(err)
	}
}

// More than two endpoints: two independent pairs share the network, the
// clock and the generator.
func TestTwoPairs(t *testing.T) {
	base := Exchange(fsm.Config{}, fsm.Config{}, 3000)
	c, d := base.Endpoints[0], base.Endpoints[1]
	c.Name, c.Port, c.Peer, c.ISN = "c", 40001, 3, 0xfffff000
	d.Name, d.Addr, d.Port, d.Peer, d.ISN = "d", AddrB, 8081, 2, 0x7ffff000
	base.Endpoints = append(base.Endpoints, c, d)
	base.Link, base.Heal = lossy, healAt
	for seed := uint64(1); seed <= 20; seed++ {
		s := run(t, base, seed)
		if err := s.StreamComplete(); err != nil {
			t.Fatal(err)
		}
		if err := s.EventualClose(closeBound); err != nil {
			t.Fatal(err)
		}
	}
}
