package properties

import (
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"

	"tcpcheck/fsm"
	"tcpcheck/sim"
)

// Gopter generators of closed worlds, with the same bias as Sides, Links
// and ClosedScenarios.

// GopterSides draws one endpoint's configuration.
func GopterSides() gopter.Gen {
	return gopter.CombineGens(GopterISNs(), gen.IntRange(0, 3), gen.Bool(),
		gen.OneConstOf(int8(0), int8(-1), int8(2), int8(7), int8(14)),
		gen.OneConstOf(uint32(0), uint32(300), uint32(2000), uint32(70000)),
		gen.OneConstOf(uint16(0), uint16(100), uint16(536)),
		gen.OneConstOf(uint16(0), uint16(1), uint16(1024), uint16(5000), uint16(20000)),
	).Map(func(v []any) Side {
		return Side{ISN: v[0].(uint32), Legacy: v[1].(int) == 0, NoTimestamp: v[2].(bool), WScale: v[3].(int8),
			RecvBuffer: v[4].(uint32), MSS: v[5].(uint16), Bytes: v[6].(uint16)}
	})
}

// GopterLinks draws what the network does until it heals.
func GopterLinks() gopter.Gen {
	p := func() gopter.Gen { return gen.OneConstOf(0.0, 0.0, 0.05, 0.2, 0.5) }
	return gopter.CombineGens(p(), p(), p(), p(), gen.OneConstOf(0, 1, 10, 200), gen.OneConstOf(0, 5)).
		Map(func(v []any) sim.Link {
			return sim.Link{Loss: v[0].(float64), Dup: v[1].(float64), Corrupt: v[2].(float64), Reorder: v[3].(float64),
				Delay: fsm.Time(v[4].(int)) * fsm.Millisecond, Jitter: fsm.Time(v[5].(int)) * fsm.Millisecond}
		})
}

// GopterClosedScenarios draws closed worlds.
func GopterClosedScenarios() gopter.Gen {
	return gopter.CombineGens(gen.UInt64(), GopterSides(), GopterSides(), gen.IntRange(0, 4),
		gen.IntRange(0, int(NumClosings)-1), GopterLinks(), gen.OneConstOf(1, 5, 30, 120),
	).Map(func(v []any) ClosedScenario {
		return ClosedScenario{Seed: v[0].(uint64), A: v[1].(Side), B: v[2].(Side), Simultaneous: v[3].(int) == 0,
			Closing: Closing(v[4].(int)), Link: v[5].(sim.Link), Heal: fsm.Time(v[6].(int)) * fsm.Second}
	})
}
