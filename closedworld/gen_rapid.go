package closedworld

import (
	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/sim"
)

// Generators for rapid, biased where closed-world bugs live: ISNs at the
// landmarks of the sequence space, small buffers (zero windows,
// window-scale rounding) and MSSs, both option sets, sizes around the MSS
// and the buffers, every close and trigger, and a network that is clean,
// random, or driven by fault bytes until it heals. Closes lean toward
// those after which both ends must deliver everything and reach CLOSED,
// so that the liveness checks apply often. The gopter generators
// (gen_gopter.go) draw from the same sets.

var (
	wscales     = []int8{0, -1, 2, 7, 14}
	sendBuffers = []int{0, 0, SmallBuffer}
	recvBuffers = []int{0, 300, 2000, SmallBuffer, 70000}
	mssValues   = []uint16{0, 100, SmallMSS}
	sendSizes   = []uint16{0, 1, 100, 536, 1024, 1460, 3000, MaxSend, 5000, 20000}
	closeValues = []observe.Op{observe.OpClose, observe.OpClose, observe.OpClose, observe.OpShutdown, observe.OpAbort, 0}
	triggers    = []Trigger{AfterReceived, AfterReceived, AfterEOF, AfterEOF, AfterConnected}
	afters      = []fsm.Time{0, 10 * fsm.Millisecond, fsm.Second}
	delays      = []fsm.Time{0, fsm.Millisecond, 10 * fsm.Millisecond, 100 * fsm.Millisecond, 200 * fsm.Millisecond}
	jitters     = []fsm.Time{0, 5 * fsm.Millisecond}
	heals       = []fsm.Time{500 * fsm.Millisecond, fsm.Second, 5 * fsm.Second, 30 * fsm.Second, 120 * fsm.Second}
	chances     = []float64{0, 0, 0.05, 0.2, 0.5}
	faultFates  = []byte{4 << 5, 5 << 5, 6 << 5, 7 << 5}
)

// The networks a generator draws.
const (
	netClean  = iota // delay only
	netRandom        // Link's probabilities, drawn from Seed
	netBytes         // fault bytes
)

// Scenarios draws closed worlds; a network driven by fault bytes has up
// to maxFaults decisions (none are drawn when it is 0).
func Scenarios(maxFaults int) *rapid.Generator[Scenario] {
	return rapid.Custom(func(t *rapid.T) Scenario {
		sc := Scenario{
			Sides:        [2]Side{Sides().Draw(t, "a"), Sides().Draw(t, "b")},
			Simultaneous: rapid.IntRange(0, 3).Draw(t, "simultaneous") == 0,
			Link:         Links().Draw(t, "link"),
			Heal:         rapid.SampledFrom(heals).Draw(t, "heal"),
			Seed:         rapid.Uint64().Draw(t, "seed"),
		}
		last := netRandom
		if maxFaults > 0 {
			last = netBytes
		}
		if network := rapid.IntRange(netClean, last).Draw(t, "network"); network != netRandom {
			sc.Link = sim.Link{Delay: sc.Link.Delay}
			if network == netBytes {
				sc.Faults = rapid.SliceOfN(faultBytes(), 0, 2*maxFaults).Draw(t, "faults")
			}
		}
		return sc
	})
}

// Sides draws one endpoint's configuration and application.
func Sides() *rapid.Generator[Side] {
	return rapid.Custom(func(t *rapid.T) Side {
		return Side{
			ISN:         properties.ISNs().Draw(t, "isn"),
			Legacy:      rapid.IntRange(0, 3).Draw(t, "legacy") == 0,
			NoTimestamp: rapid.Bool().Draw(t, "noTimestamp"),
			WScale:      rapid.SampledFrom(wscales).Draw(t, "wscale"),
			SendBuffer:  rapid.SampledFrom(sendBuffers).Draw(t, "sendBuffer"),
			RecvBuffer:  rapid.SampledFrom(recvBuffers).Draw(t, "recvBuffer"),
			MSS:         rapid.SampledFrom(mssValues).Draw(t, "mss"),
			Send:        rapid.SampledFrom(sendSizes).Draw(t, "send"),
			Close:       rapid.SampledFrom(closeValues).Draw(t, "close"),
			When:        rapid.SampledFrom(triggers).Draw(t, "when"),
			After:       rapid.SampledFrom(afters).Draw(t, "after"),
		}
	})
}

// Links draws a link: a delay, and what the network does until it heals:
// nothing, a little, or a lot.
func Links() *rapid.Generator[sim.Link] {
	return rapid.Custom(func(t *rapid.T) sim.Link {
		p := rapid.SampledFrom(chances)
		return sim.Link{
			Loss: p.Draw(t, "loss"), Dup: p.Draw(t, "dup"), Corrupt: p.Draw(t, "corrupt"), Reorder: p.Draw(t, "reorder"),
			Delay:  rapid.SampledFrom(delays).Draw(t, "delay"),
			Jitter: rapid.SampledFrom(jitters).Draw(t, "jitter"),
		}
	})
}

// faultBytes leans toward delivery (fates 0-3) and small delays.
func faultBytes() *rapid.Generator[byte] {
	return rapid.OneOf(rapid.Byte(), rapid.ByteRange(0, 9), rapid.SampledFrom(faultFates))
}
