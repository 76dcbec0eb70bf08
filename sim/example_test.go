package sim_test

import (
	"fmt"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/sim"
)

// A lossy network that heals after two minutes: the connection still
// opens, every byte arrives intact, and both ends close, a through
// TIME-WAIT. Each endpoint's events can feed a monitor through its sink.
func Example() {
	cfg := sim.Exchange(fsm.Config{}, fsm.Config{}, 10_000)
	cfg.Link = sim.Link{Loss: 0.1, Dup: 0.05, Reorder: 0.05, Corrupt: 0.02, Delay: 20 * sim.Millisecond}
	cfg.Heal = 120 * sim.Second
	cfg.Seed = 42
	changes := 0
	cfg.Endpoints[0].Sink = func(ev *observe.Event) {
		if ev.Kind == observe.Change {
			changes++
		}
	}
	s := sim.New(cfg)
	if err := s.Run(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.StreamComplete(), s.EventualClose(5*60*sim.Second))
	fmt.Println(s.State(0), s.State(1), changes)
	// Output:
	// <nil> <nil>
	// CLOSED CLOSED 6
}
