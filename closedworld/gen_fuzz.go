package closedworld

import (
	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
)

// A generator for fuzzing. Scenarios draws large worlds for the property
// tests (sends of 20000 bytes, heals after 120 s, loss of one segment in
// two, 128 fault bytes): a few hundred segments per world. A fuzzer runs
// many more inputs, each cheap, so FuzzScenarios bounds sizes like the
// byte format does (codec.go) and keeps the rest of Scenarios' biases: ISN
// landmarks, small buffers, the byte format's MSSs, every window scale (0-byte windows
// from rounding included), sizes around the MSSs and the small buffers,
// every close and trigger, and clean, random or fault-byte networks.
//
// It also draws a side's buffers as one of four pairs (fuzzBuffers), not
// each of Scenarios' sizes apart: with 2 x 4 x 4 shapes (shape.go), a
// World keeps every simulation it builds (maxShapes), where Scenarios'
// 2 x 8 x 8 make it drop them all and build them again, at more than a
// run's cost each time.

// The bounds of FuzzScenarios.
const (
	FuzzMaxSend   = MaxSend         // bytes a side writes, as in the byte format
	FuzzMaxHeal   = 30 * fsm.Second // when faults stop
	FuzzMaxChance = 0.2             // a random link's loss, duplication, corruption and reordering
	FuzzMaxFaults = 32              // fault decisions (two bytes each): about a whole world's segments
)

var (
	fuzzSendSizes = []uint16{0, 1, 100, SmallMSS, 1024, 1460, SmallBuffer, FuzzMaxSend}
	fuzzHeals     = []fsm.Time{500 * fsm.Millisecond, fsm.Second, 5 * fsm.Second, FuzzMaxHeal}
	fuzzChances   = []float64{0, 0, 0.05, FuzzMaxChance}
	// The byte format's MSSs: Scenarios' 100 turns 2 KB into 20 segments
	// each way, three times a world's cost, and stays in the property tests.
	fuzzMSSValues = []uint16{0, SmallMSS}
	// Every size of sendBuffers and recvBuffers: the small buffers alone
	// and with a window beyond 64 KB, a tiny receive buffer (zero windows,
	// window-scale rounding), fsm's defaults.
	fuzzBuffers = [][2]int{{0, 0}, {0, 300}, {SmallBuffer, SmallBuffer}, {SmallBuffer, 70000}}
)

// FuzzScenarios draws closed worlds within the bounds above, from the same
// sets as Scenarios otherwise, buffers in fuzzBuffers' pairs. Its
// generators are built once, not once per draw, and a link's
// probabilities, jitter and seed are drawn only for the random network,
// the one that uses them.
func FuzzScenarios() *rapid.Generator[Scenario] {
	g := fuzzGens{
		isn:     properties.ISNs(),
		oneIn4:  rapid.IntRange(0, 3),
		boolean: rapid.Bool(),
		wscale:  rapid.SampledFrom(wscales),
		buffers: rapid.SampledFrom(fuzzBuffers),
		mss:     rapid.SampledFrom(fuzzMSSValues),
		send:    rapid.SampledFrom(fuzzSendSizes),
		close:   rapid.SampledFrom(closeValues),
		when:    rapid.SampledFrom(triggers),
		after:   rapid.SampledFrom(afters),
		delay:   rapid.SampledFrom(delays),
		jitter:  rapid.SampledFrom(jitters),
		chance:  rapid.SampledFrom(fuzzChances),
		heal:    rapid.SampledFrom(fuzzHeals),
		seed:    rapid.Uint64(),
		network: rapid.IntRange(netClean, netBytes),
		faults:  rapid.SliceOfN(faultBytes(), 0, 2*FuzzMaxFaults),
	}
	return rapid.Custom(g.scenario)
}

// fuzzGens are FuzzScenarios' generators.
type fuzzGens struct {
	isn                        *rapid.Generator[uint32]
	oneIn4, network            *rapid.Generator[int]
	boolean                    *rapid.Generator[bool]
	wscale                     *rapid.Generator[int8]
	buffers                    *rapid.Generator[[2]int]
	mss, send                  *rapid.Generator[uint16]
	close                      *rapid.Generator[observe.Op]
	when                       *rapid.Generator[Trigger]
	after, delay, jitter, heal *rapid.Generator[fsm.Time]
	chance                     *rapid.Generator[float64]
	seed                       *rapid.Generator[uint64]
	faults                     *rapid.Generator[[]byte]
}

func (g *fuzzGens) scenario(t *rapid.T) Scenario {
	var sc Scenario
	for i := range sc.Sides {
		g.side(t, &sc.Sides[i])
	}
	sc.Simultaneous = g.oneIn4.Draw(t, "simultaneous") == 0
	sc.Link.Delay = g.delay.Draw(t, "delay")
	sc.Heal = g.heal.Draw(t, "heal")
	switch g.network.Draw(t, "network") {
	case netRandom:
		l := &sc.Link
		l.Loss, l.Dup = g.chance.Draw(t, "loss"), g.chance.Draw(t, "dup")
		l.Corrupt, l.Reorder = g.chance.Draw(t, "corrupt"), g.chance.Draw(t, "reorder")
		l.Jitter = g.jitter.Draw(t, "jitter")
		sc.Seed = g.seed.Draw(t, "seed")
	case netBytes:
		sc.Faults = g.faults.Draw(t, "faults")
	}
	return sc
}

func (g *fuzzGens) side(t *rapid.T, s *Side) {
	s.ISN = g.isn.Draw(t, "isn")
	s.Legacy = g.oneIn4.Draw(t, "legacy") == 0
	s.NoTimestamp = g.boolean.Draw(t, "noTimestamp")
	s.WScale = g.wscale.Draw(t, "wscale")
	b := g.buffers.Draw(t, "buffers")
	s.SendBuffer, s.RecvBuffer = b[0], b[1]
	s.MSS = g.mss.Draw(t, "mss")
	s.Send = g.send.Draw(t, "send")
	s.Close = g.close.Draw(t, "close")
	s.When = g.when.Draw(t, "when")
	s.After = g.after.Draw(t, "after")
}
