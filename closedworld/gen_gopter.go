package closedworld

import (
	"reflect"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/sim"
)

// Generators for gopter, drawing from the same sets as the rapid ones.

// GopterScenarios draws closed worlds; a network driven by fault bytes has
// up to maxFaults decisions (none are drawn when it is 0).
func GopterScenarios(maxFaults int) gopter.Gen {
	last := netRandom
	if maxFaults > 0 {
		last = netBytes
	}
	faults := gen.IntRange(0, 2*maxFaults).FlatMap(func(n any) gopter.Gen {
		return gen.SliceOfN(n.(int), gopterFaultBytes())
	}, reflect.TypeFor[[]byte]())
	return gopter.CombineGens(GopterSides(), GopterSides(), gen.IntRange(0, 3), GopterLinks(),
		oneOf(heals), gen.UInt64(), gen.IntRange(netClean, last), faults,
	).Map(func(v []any) Scenario {
		sc := Scenario{Sides: [2]Side{v[0].(Side), v[1].(Side)}, Simultaneous: v[2].(int) == 0,
			Link: v[3].(sim.Link), Heal: v[4].(fsm.Time), Seed: v[5].(uint64)}
		if network := v[6].(int); network != netRandom {
			sc.Link = sim.Link{Delay: sc.Link.Delay}
			if network == netBytes {
				sc.Faults = v[7].([]byte)
			}
		}
		return sc
	})
}

// GopterSides draws one endpoint's configuration and application.
func GopterSides() gopter.Gen {
	return gopter.CombineGens(properties.GopterISNs(), gen.IntRange(0, 3), gen.Bool(), oneOf(wscales),
		oneOf(sendBuffers), oneOf(recvBuffers), oneOf(mssValues), oneOf(sendSizes), oneOf(closeValues),
		oneOf(triggers), oneOf(afters),
	).Map(func(v []any) Side {
		return Side{ISN: v[0].(uint32), Legacy: v[1].(int) == 0, NoTimestamp: v[2].(bool), WScale: v[3].(int8),
			SendBuffer: v[4].(int), RecvBuffer: v[5].(int), MSS: v[6].(uint16), Send: v[7].(uint16),
			Close: v[8].(observe.Op), When: v[9].(Trigger), After: v[10].(fsm.Time)}
	})
}

// GopterLinks draws a link: a delay, and what the network does until it
// heals.
func GopterLinks() gopter.Gen {
	p := func() gopter.Gen { return oneOf(chances) }
	return gopter.CombineGens(p(), p(), p(), p(), oneOf(delays), oneOf(jitters)).Map(func(v []any) sim.Link {
		return sim.Link{Loss: v[0].(float64), Dup: v[1].(float64), Corrupt: v[2].(float64), Reorder: v[3].(float64),
			Delay: v[4].(fsm.Time), Jitter: v[5].(fsm.Time)}
	})
}

// gopterFaultBytes leans toward delivery (fates 0-3) and small delays.
func gopterFaultBytes() gopter.Gen {
	return gen.OneGenOf(gen.UInt8(), gen.UInt8Range(0, 9), oneOf(faultFates))
}

// oneOf draws one of vs.
func oneOf[T any](vs []T) gopter.Gen {
	consts := make([]any, len(vs))
	for i, v := range vs {
		consts[i] = v
	}
	return gen.OneConstOf(consts...)
}
