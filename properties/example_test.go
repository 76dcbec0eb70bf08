package properties_test

import (
	"fmt"

	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

// An open world: the peer opens a connection to a listening reference
// endpoint, then sends an RST one past RCV.NXT, where a blind attacker
// might guess. Every monitor watches; RFC 5961 §3.2 says the RST draws a
// challenge ACK and changes nothing, so no monitor fires.
func ExampleOpenWorld() {
	at := func(a properties.Anchor, d int32) properties.Anchored {
		return properties.Anchored{Anchor: a, Delta: d}
	}
	sc := properties.Scenario{ISN: 1<<32 - 1, PeerISN: 1 << 31, Passive: true, Steps: []properties.Step{
		{Kind: properties.StepSegment, Flags: segment.SYN, Seq: at(properties.AtPeerISN, 0), Window: 65535},
		{Kind: properties.StepSegment, Flags: segment.ACK, Seq: at(properties.AtRcvNxt, 0), Ack: at(properties.AtSndNxt, 0), Window: 65535},
		{Kind: properties.StepSegment, Flags: segment.RST, Seq: at(properties.AtRcvNxt, 1), Window: 65535},
		{Kind: properties.StepCall, Op: observe.OpClose},
	}}
	var w properties.OpenWorld
	fmt.Println(w.Run(&sc))
	// Output:
	// <nil>
}

// A closed world: two reference endpoints over a network that loses a
// fifth of the segments for its first 30 seconds, 5000 bytes each way,
// both closing at once. Every monitor watches both sides, and the
// simulator checks the streams and the close at the end.
func ExampleClosedWorld() {
	sc := properties.ClosedScenario{Seed: 7,
		A:       properties.Side{ISN: 1<<32 - 10, WScale: 7, Bytes: 5000},
		B:       properties.Side{ISN: 1 << 31, WScale: -1, Bytes: 5000},
		Closing: properties.CloseBoth,
	}
	sc.Link.Loss, sc.Heal = 0.2, 30e9
	var w properties.ClosedWorld
	fmt.Println(w.Run(&sc))
	st := w.Sim().Stream(0)
	fmt.Println(st.Read, w.Sim().State(0), w.Sim().State(1))
	// Output:
	// <nil>
	// 5000 CLOSED CLOSED
}

// A Checker runs monitors over any endpoint's events, here a hand-written
// trace in which an endpoint enters ESTABLISHED without a handshake.
func ExampleChecker() {
	c := properties.NewChecker(properties.Config{}, new(properties.HandshakeBeforeEstablished))
	c.Observe(&observe.Event{Kind: observe.Change, From: observe.Closed, To: observe.Listen})
	c.Observe(&observe.Event{Kind: observe.Change, From: observe.Listen, To: observe.Established, Time: 5e6})
	fmt.Println(c.Violation().Monitor)
	// Output:
	// HandshakeBeforeEstablished
}
