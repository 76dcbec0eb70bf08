package properties

import (
	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// Generators for rapid. Values lean toward where TCP bugs live: window
// edges, SND.UNA and SND.NXT plus or minus one, ISNs near 2^31 and 2^32-1,
// meaningful flag combinations (yet all 256 of the classic eight occur),
// and odd options.

// ISNs draws initial sequence numbers near 0, 2^31 and the 2^32 wrap, or
// anywhere.
func ISNs() *rapid.Generator[uint32] {
	return rapid.OneOf(
		rapid.SampledFrom([]uint32{0, 1, 1<<31 - 1, 1 << 31, 1<<31 + 1, 1<<32 - 1, 1<<32 - 2}),
		rapid.Uint32Range(1<<32-70000, 1<<32-1),
		rapid.Uint32(),
	)
}

var meaningfulFlags = []segment.Flags{
	segment.SYN, segment.SYN | segment.ACK, segment.ACK, segment.ACK | segment.PSH,
	segment.FIN | segment.ACK, segment.FIN | segment.PSH | segment.ACK, segment.RST,
	segment.RST | segment.ACK, segment.SYN | segment.FIN, segment.SYN | segment.RST, 0,
}

// FlagSets draws control bits: mostly the combinations stacks send, else any
// of the 256 values of the classic eight bits.
func FlagSets() *rapid.Generator[segment.Flags] {
	return rapid.OneOf(
		rapid.SampledFrom(meaningfulFlags),
		rapid.Map(rapid.Uint8(), func(b uint8) segment.Flags { return segment.Flags(b) }),
	)
}

// Deltas draws offsets from an anchor: on it, one either side, a window
// away, half the sequence space away, or anything.
func Deltas() *rapid.Generator[int32] {
	return rapid.OneOf(
		rapid.SampledFrom([]int32{0, 0, 0, -1, 1, -2, 2, 65535, -65535, 65536, 1 << 30, -1 << 31}),
		rapid.Int32Range(-70000, 70000),
		rapid.Int32(),
	)
}

// Anchoreds draws anchored sequence numbers.
func Anchoreds() *rapid.Generator[Anchored] {
	anchor, delta := rapid.IntRange(0, int(NumAnchors)-1), Deltas()
	return rapid.Custom(func(t *rapid.T) Anchored {
		return Anchored{Anchor: Anchor(anchor.Draw(t, "anchor")), Delta: delta.Draw(t, "delta")}
	})
}

var waits = []fsm.Time{0, fsm.Millisecond, 200 * fsm.Millisecond, fsm.Second, 2 * fsm.Second,
	3 * fsm.Second, 2*fsm.Second + fsm.Millisecond, 10 * fsm.Second, 60 * fsm.Second}

var calls = []observe.Op{observe.OpSend, observe.OpRecv, observe.OpShutdown, observe.OpClose, observe.OpAbort}

// What a step's call, window, payload and window-scale option take.
var (
	stepCallSizes = []uint16{0, 1, 100, 1460, 4000}
	stepWindows   = []uint16{65535, 0, 1, 1000, 29200}
	stepLengths   = []uint16{0, 0, 1, 10, 536, 1460}
	stepWScales   = []uint8{0, 1, 7, 14, 15}
)

// Steps draws one open-world step: mostly segments. Its generators, like
// those of the other generators here, are built once, not on every draw:
// under rapid.MakeFuzz, where each input is drawn and run once, building
// them cost more than running an open world.
func Steps() *rapid.Generator[Step] {
	var (
		kind     = rapid.IntRange(0, 9)
		op       = rapid.SampledFrom(calls)
		n        = rapid.SampledFrom(stepCallSizes)
		wait     = rapid.SampledFrom(waits)
		flags    = FlagSets()
		anchored = Anchoreds()
		window   = rapid.SampledFrom(stepWindows)
		length   = rapid.SampledFrom(stepLengths)
		opts     = rapid.Uint8Range(0, 15)
		wscale   = rapid.SampledFrom(stepWScales)
	)
	return rapid.Custom(func(t *rapid.T) Step {
		switch kind.Draw(t, "kind") {
		case 0:
			return Step{Kind: StepCall, Op: op.Draw(t, "op"), N: n.Draw(t, "n")}
		case 1:
			return Step{Kind: StepWait, Wait: wait.Draw(t, "wait")}
		}
		return Step{
			Kind:   StepSegment,
			Flags:  flags.Draw(t, "flags"),
			Seq:    anchored.Draw(t, "seq"),
			Ack:    anchored.Draw(t, "ack"),
			Window: window.Draw(t, "win"),
			Len:    length.Draw(t, "len"),
			Opts:   opts.Draw(t, "opts"),
			WScale: wscale.Draw(t, "wscale"),
		}
	})
}

// Scenarios draws open-world scenarios of up to maxSteps steps.
func Scenarios(maxSteps int) *rapid.Generator[Scenario] {
	isn, passive, steps := ISNs(), rapid.Bool(), rapid.SliceOfN(Steps(), 1, maxSteps)
	return rapid.Custom(func(t *rapid.T) Scenario {
		return Scenario{
			ISN:     isn.Draw(t, "isn"),
			PeerISN: isn.Draw(t, "peerISN"),
			Passive: passive.Draw(t, "passive"),
			Steps:   steps.Draw(t, "steps"),
		}
	})
}
