package sim

import (
	"os"
	"strconv"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// scenario builds a varied closed-world scenario from a seed.
func scenario(seed uint64) (Config, string) {
	var r Rand
	r.Seed(seed * 7919)
	pickCfg := func() fsm.Config {
		var c fsm.Config
		switch r.Below(8) {
		case 1:
			c.SendBuffer, c.RecvBuffer = 1000+int(r.Below(4000)), 1000+int(r.Below(4000))
		case 2:
			c.MSS = 536
		case 3:
			c.NoTimestamp = true
		case 4:
			c.NoSACK, c.WScale = true, -1
		case 5:
			c.Legacy = true
		case 6:
			c.NoOptions = true
		case 7:
			c.MSL = Second
		}
		return c
	}
	n := []int{0, 1, 1460, 5000, 70000}[r.Below(5)]
	cfg := Exchange(pickCfg(), pickCfg(), n)
	name := "exchange"
	switch r.Below(6) {
	case 1: // simultaneous close
		name = "simultaneous close"
		cfg.Endpoints[1].Actions[2] = Action{Op: observe.OpClose, On: OnReceived, Bytes: n}
	case 2: // simultaneous open
		name = "simultaneous open"
		cfg.Endpoints[1].Actions[0] = Action{Op: observe.OpConnect}
	case 3: // half-close: a shuts down first, b writes more then closes
		name = "half close"
		cfg.Endpoints[0].Actions = []Action{{Op: observe.OpConnect}, {Op: observe.OpSend, N: n, On: OnConnected},
			{Op: observe.OpShutdown, On: OnConnected, At: Millisecond}, {Op: observe.OpClose, On: OnEOF}}
		cfg.Endpoints[1].Actions = []Action{{Op: observe.OpListen}, {Op: observe.OpSend, N: n, On: OnEOF},
			{Op: observe.OpClose, On: OnEOF, At: 100 * Millisecond}}
	case 4: // one side aborts
		name = "abort"
		cfg.Endpoints[int(r.Below(2))].Actions[2] = Action{Op: observe.OpAbort, On: OnConnected, At: Time(r.Below(200)) * Millisecond}
	case 5: // closes at fixed times, maybe before connecting
		name = "timed close"
		cfg.Endpoints[0].Actions[2] = Action{Op: observe.OpClose, At: Time(r.Below(3000)) * Millisecond}
	}
	cfg.Link = Link{
		Loss: float64(r.Below(25)) / 100, Dup: float64(r.Below(20)) / 100, Corrupt: float64(r.Below(10)) / 100,
		Reorder: float64(r.Below(20)) / 100, Delay: Time(r.Below(50)) * Millisecond, Jitter: Time(r.Below(30)) * Millisecond,
	}
	cfg.Heal, cfg.Seed, cfg.Record = healAt, seed, true
	cfg.Until = 3600 * Second // a peer that closed may leave the other probing a zero window forever
	return cfg, name
}

// TestStress runs varied scenarios and checks every property and the
// replay of every recorded script; TCPCHECK_SIM_STRESS sets how many
// (default 300). Larger counts find the ACK war of TestACKWarAtRightEdge
// (about 6 scenarios in 1000).
func TestStress(t *testing.T) {
	count := 300
	if testing.Short() {
		count = 50
	}
	if v, err := strconv.Atoi(os.Getenv("TCPCHECK_SIM_STRESS")); err == nil {
		count = v
	}
	for seed := uint64(1); seed <= uint64(count); seed++ {
		cfg, name := scenario(seed)
		s := New(cfg)
		if err := s.Run(); err != nil {
			t.Errorf("seed %d (%s): %v", seed, name, err)
			continue
		}
		if err := s.StreamIntegrity(); err != nil {
			t.Fatalf("seed %d (%s): %v", seed, name, err)
		}
		// A peer with a 1 s MSL may leave TIME-WAIT while the network
		// still loses a FIN, and legitimately reset the other end: the
		// close check then does not apply (see EventualClose).
		shortMSL := cfg.Endpoints[0].Config.MSL != 0 || cfg.Endpoints[1].Config.MSL != 0
		if (name == "exchange" || name == "simultaneous close" || name == "half close") && !shortMSL {
			if err := s.StreamComplete(); err != nil {
				t.Errorf("seed %d (%s): %v", seed, name, err)
			}
			if err := s.EventualClose(closeBound); err != nil {
				t.Errorf("seed %d (%s): %v", seed, name, err)
			}
		}
		for i := 0; i < 2; i++ {
			replay(t, s, i, cfg.Endpoints[i].Config, true)
		}
	}
}
