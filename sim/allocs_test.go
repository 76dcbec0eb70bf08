package sim

import (
	"testing"

	"tcpcheck/fsm"
)

// A whole closed-world run (handshake, 1 KB each way, close, TIME-WAIT)
// allocates nothing once the simulator is built and warm: Reset and Run
// reuse every buffer. Recording scripts is off (it builds script lines);
// the trace, when on, reuses its slice too.
func TestRunAllocs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		link  Link
		trace bool
	}{
		{"clean", Link{Delay: 10 * Millisecond}, false},
		{"lossy", lossy, false},
		{"traced", lossy, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := exchange(1024, tc.link, healAt)
			cfg.Trace = tc.trace
			s := New(cfg)
			seed := uint64(0)
			runOnce := func() {
				seed = seed%16 + 1
				s.Reset(seed)
				if err := s.Run(); err != nil {
					t.Fatal(err)
				}
			}
			for range 32 {
				runOnce() // warm up: packet slots, queue, trace
			}
			if n := testing.AllocsPerRun(200, runOnce); n != 0 {
				t.Fatalf("%v allocations per run, want 0", n)
			}
			if err := s.StreamComplete(); err != nil {
				t.Fatal(err)
			}
			if s.State(0) != fsm.Closed || s.State(1) != fsm.Closed {
				t.Fatalf("states %v %v", s.State(0), s.State(1))
			}
		})
	}
}
