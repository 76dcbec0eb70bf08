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
