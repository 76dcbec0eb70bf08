package properties

import (
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"

	"tcpcheck/observe"
	"tcpcheck/segment"
)

// Generators for gopter, with the same bias as the rapid ones.

// GopterISNs draws initial sequence numbers near 0, 2^31 and the 2^32 wrap,
// or anywhere.
func GopterISNs() gopter.Gen {
	return gen.OneGenOf(
		gen.OneConstOf(uint32(0), uint32(1), uint32(1<<31-1), uint32(1<<31), uint32(1<<31+1), uint32(1<<32-1), uint32(1<<32-2)),
		gen.UInt32Range(1<<32-70000, 1<<32-1),
		gen.UInt32(),
	)
}

func gopterFlags() gopter.Gen {
	vals := make([]any, len(meaningfulFlags))
	for i, f := range meaningfulFlags {
		vals[i] = f
	}
	return gen.OneGenOf(gen.OneConstOf(vals...),
		gen.UInt8().Map(func(b uint8) segment.Flags { return segment.Flags(b) }))
}

func gopterDeltas() gopter.Gen {
	return gen.OneGenOf(
		gen.OneConstOf(int32(0), int32(0), int32(0), int32(-1), int32(1), int32(-2), int32(2), int32(65535), int32(-65535), int32(65536), int32(1<<30), int32(-1<<31)),
		gen.Int32Range(-70000, 70000),
		gen.Int32(),
	)
}

func gopterAnchored() gopter.Gen {
	return gopter.CombineGens(gen.IntRange(0, int(NumAnchors)-1), gopterDeltas()).Map(func(v []any) Anchored {
		return Anchored{Anchor: Anchor(v[0].(int)), Delta: v[1].(int32)}
	})
}

func oneOfConst[T any](vals ...T) gopter.Gen {
	anys := make([]any, len(vals))
	for i, v := range vals {
		anys[i] = v
	}
	return gen.OneConstOf(anys...)
}

// GopterSteps draws one open-world step: mostly segments.
func GopterSteps() gopter.Gen {
	segments := gopter.CombineGens(gopterFlags(), gopterAnchored(), gopterAnchored(),
		oneOfConst[uint16](65535, 0, 1, 1000, 29200), oneOfConst[uint16](0, 0, 1, 10, 536, 1460),
		gen.UInt8Range(0, 15), oneOfConst[uint8](0, 1, 7, 14, 15)).Map(func(v []any) Step {
		return Step{Kind: StepSegment, Flags: v[0].(segment.Flags), Seq: v[1].(Anchored), Ack: v[2].(Anchored),
			Window: v[3].(uint16), Len: v[4].(uint16), Opts: v[5].(uint8), WScale: v[6].(uint8)}
	})
	callOps := make([]any, len(calls))
	for i, c := range calls {
		callOps[i] = c
	}
	callSteps := gopter.CombineGens(gen.OneConstOf(callOps...), oneOfConst[uint16](0, 1, 100, 1460, 4000)).Map(func(v []any) Step {
		return Step{Kind: StepCall, Op: v[0].(observe.Op), N: v[1].(uint16)}
	})
	waitSteps := gen.IntRange(0, len(waits)-1).Map(func(i int) Step { return Step{Kind: StepWait, Wait: waits[i]} })
	return gen.Weighted([]gen.WeightedGen{{Weight: 8, Gen: segments}, {Weight: 1, Gen: callSteps}, {Weight: 1, Gen: waitSteps}})
}

// GopterScenarios draws open-world scenarios of up to maxSteps steps.
func GopterScenarios(maxSteps int) gopter.Gen {
	return gopter.CombineGens(GopterISNs(), GopterISNs(), gen.Bool(), gen.SliceOfN(maxSteps, GopterSteps())).Map(func(v []any) Scenario {
		return Scenario{ISN: v[0].(uint32), PeerISN: v[1].(uint32), Passive: v[2].(bool), Steps: v[3].([]Step)}
	})
}
