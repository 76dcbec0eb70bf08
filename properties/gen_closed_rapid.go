package properties

import (
	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/sim"
)

// Rapid generators of closed worlds, biased like the open-world ones:
// ISNs at the landmarks of the sequence space, small buffers (zero
// windows, window-scale rounding), both option sets, and a network that is
// mostly clean and sometimes hostile until it heals.

// Sides draws one endpoint's configuration.
func Sides() *rapid.Generator[Side] {
	return rapid.Custom(func(t *rapid.T) Side {
		return Side{
			ISN:         ISNs().Draw(t, "isn"),
			Legacy:      rapid.IntRange(0, 3).Draw(t, "legacy") == 0,
			NoTimestamp: rapid.Bool().Draw(t, "nots"),
			WScale:      rapid.SampledFrom([]int8{0, -1, 2, 7, 14}).Draw(t, "wscale"),
			RecvBuffer:  rapid.SampledFrom([]uint32{0, 300, 2000, 70000}).Draw(t, "rcvbuf"),
			MSS:         rapid.SampledFrom([]uint16{0, 100, 536}).Draw(t, "mss"),
			Bytes:       rapid.SampledFrom([]uint16{0, 1, 1024, 5000, 20000}).Draw(t, "bytes"),
		}
	})
}

// Links draws what the network does until it heals: nothing, a little, or
// a lot.
func Links() *rapid.Generator[sim.Link] {
	return rapid.Custom(func(t *rapid.T) sim.Link {
		p := rapid.SampledFrom([]float64{0, 0, 0.05, 0.2, 0.5})
		return sim.Link{
			Loss: p.Draw(t, "loss"), Dup: p.Draw(t, "dup"), Corrupt: p.Draw(t, "corrupt"), Reorder: p.Draw(t, "reorder"),
			Delay:  fsm.Time(rapid.SampledFrom([]int{0, 1, 10, 200}).Draw(t, "delay ms")) * fsm.Millisecond,
			Jitter: fsm.Time(rapid.SampledFrom([]int{0, 5}).Draw(t, "jitter ms")) * fsm.Millisecond,
		}
	})
}

// ClosedScenarios draws closed worlds.
func ClosedScenarios() *rapid.Generator[ClosedScenario] {
	return rapid.Custom(func(t *rapid.T) ClosedScenario {
		return ClosedScenario{
			Seed:         rapid.Uint64().Draw(t, "seed"),
			A:            Sides().Draw(t, "A"),
			B:            Sides().Draw(t, "B"),
			Simultaneous: rapid.IntRange(0, 4).Draw(t, "simultaneous") == 0,
			Closing:      Closing(rapid.IntRange(0, int(NumClosings)-1).Draw(t, "closing")),
			Link:         Links().Draw(t, "link"),
			Heal:         fsm.Time(rapid.SampledFrom([]int{1, 5, 30, 120}).Draw(t, "heal s")) * fsm.Second,
		}
	})
}
