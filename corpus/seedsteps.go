package corpus

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

// Building blocks of the seeds' scenarios: the peer's segments, anchored
// where the endpoint's own numbers put them, and the application's calls.

// Peer ISNs and endpoint ISNs of the seeds, away from the wrap unless a
// seed is about it.
const (
	seedISN     = 0x10000000
	seedPeerISN = 0x20000000
	peerWindow  = 65535
)

func at(a properties.Anchor, d int32) properties.Anchored {
	return properties.Anchored{Anchor: a, Delta: d}
}

// seg is a peer segment with the given flags, sequence and ACK numbers and
// payload length, and a full window.
func seg(f segment.Flags, sq, ack properties.Anchored, n uint16) properties.Step {
	return properties.Step{Kind: properties.StepSegment, Flags: f, Seq: sq, Ack: ack, Window: peerWindow, Len: n}
}

// inOrder is a segment at RCV.NXT acknowledging everything sent.
func inOrder(f segment.Flags, n uint16) properties.Step {
	return seg(f, at(properties.AtRcvNxt, 0), at(properties.AtSndNxt, 0), n)
}

var (
	// peerSYN opens from the peer: its ISN, MSS 536 + 64*14 = 1432.
	peerSYN = properties.Step{Kind: properties.StepSegment, Flags: segment.SYN, Seq: at(properties.AtPeerISN, 0),
		Ack: at(properties.AtZero, 0), Window: peerWindow, Opts: properties.OptMSS, WScale: 14}
	// peerSYNACK answers the endpoint's SYN.
	peerSYNACK = properties.Step{Kind: properties.StepSegment, Flags: segment.SYN | segment.ACK, Seq: at(properties.AtPeerISN, 0),
		Ack: at(properties.AtSndNxt, 0), Window: peerWindow, Opts: properties.OptMSS, WScale: 14}
	ack = inOrder(segment.ACK, 0)
	fin = inOrder(segment.FIN|segment.ACK, 0)
	// finNotAckingOurs crosses the endpoint's FIN: it acknowledges
	// everything but that FIN.
	finNotAckingOurs = seg(segment.FIN|segment.ACK, at(properties.AtRcvNxt, 0), at(properties.AtSndNxt, -1), 0)
)

func call(op observe.Op, n uint16) properties.Step {
	return properties.Step{Kind: properties.StepCall, Op: op, N: n}
}

func wait(d fsm.Time) properties.Step { return properties.Step{Kind: properties.StepWait, Wait: d} }

// scenario is an open world with the seeds' ISNs.
func scenario(passive bool, steps ...properties.Step) properties.Scenario {
	return properties.Scenario{ISN: seedISN, PeerISN: seedPeerISN, Passive: passive, Steps: steps}
}

// join concatenates step lists into a new one.
func join(parts ...[]properties.Step) []properties.Step {
	var out []properties.Step
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
