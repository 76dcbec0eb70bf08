package shrink

import (
	"net/netip"
	"time"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

// Scenario building blocks.
var (
	atRcvNxt  = properties.Anchored{Anchor: properties.AtRcvNxt}
	atSndNxt  = properties.Anchored{Anchor: properties.AtSndNxt}
	atPeerISN = properties.Anchored{Anchor: properties.AtPeerISN}
)

func segStep(f segment.Flags, sq, ak properties.Anchored, n uint16) properties.Step {
	return properties.Step{Kind: properties.StepSegment, Flags: f, Seq: sq, Ack: ak, Window: 65535, Len: n}
}

func waitStep(d fsm.Time) properties.Step {
	return properties.Step{Kind: properties.StepWait, Wait: d}
}

func callStep(op observe.Op, n uint16) properties.Step {
	return properties.Step{Kind: properties.StepCall, Op: op, N: n}
}

// passiveSYN is a peer's SYN with every option.
func passiveSYN() properties.Step {
	st := segStep(segment.SYN, atPeerISN, properties.Anchored{}, 0)
	st.Opts, st.WScale = properties.OptMSS|properties.OptWScale|properties.OptSACKPermitted|properties.OptTimestamps, 7
	return st
}

// resetScenario is a passive open with n stimuli in all: harmless ones
// (waits, RSTs and reads in LISTEN, reads in SYN-RECEIVED, duplicate ACKs,
// waits and reads in ESTABLISHED) around three that matter: the SYN, the
// ACK that completes the handshake, and an RST one past RCV.NXT, which
// mutants.RSTAnywhere takes for exact.
func resetScenario(n int) properties.Scenario {
	sc := properties.Scenario{ISN: 0x7fff_fff0, PeerISN: 1 << 31, Passive: true}
	filler := n - 3
	part := [4]int{filler * 3 / 10, filler / 10, filler * 4 / 10, 0}
	part[3] = filler - part[0] - part[1] - part[2]
	harmless := func(phase, i int) properties.Step {
		switch phase {
		case 0: // LISTEN
			switch i % 3 {
			case 0:
				return waitStep(fsm.Time(i%7+1) * fsm.Millisecond)
			case 1:
				return segStep(segment.RST, properties.Anchored{Anchor: properties.AtZero, Delta: int32(i)}, properties.Anchored{}, 0)
			}
			return callStep(observe.OpRecv, 100)
		case 1: // SYN-RECEIVED
			return callStep(observe.OpRecv, uint16(i%50))
		}
		switch i % 3 { // ESTABLISHED
		case 0:
			return waitStep(fsm.Time(i%5+1) * fsm.Millisecond)
		case 1:
			return segStep(segment.ACK, atRcvNxt, atSndNxt, 0)
		}
		return callStep(observe.OpRecv, 1000)
	}
	causes := []properties.Step{
		passiveSYN(),
		segStep(segment.ACK, atRcvNxt, atSndNxt, 0),
		segStep(segment.RST|segment.ACK, properties.Anchored{Anchor: properties.AtRcvNxt, Delta: 1}, atSndNxt, 0),
	}
	for phase := 0; phase < 4; phase++ {
		for i := 0; i < part[phase]; i++ {
			sc.Steps = append(sc.Steps, harmless(phase, i))
		}
		if phase < 3 {
			sc.Steps = append(sc.Steps, causes[phase])
		}
	}
	return sc
}

// panicOnRST is a runner capture hook that panics on an RST the stack
// sends: a crash in the code under test for the FuzzRun kind of crasher.
func panicOnRST(_ time.Duration, src, _ netip.AddrPort, g *segment.Segment) {
	if g.Flags.Has(segment.RST) && src.Addr() == netip.MustParseAddr("192.168.0.1") {
		var none *segment.Segment
		_ = none.Window // nil dereference
	}
}
