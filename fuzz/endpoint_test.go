package fuzz

import (
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

// seedScenarios are typical open worlds: a passive and an active handshake
// with data and close, and an RST at the window's edge.
func seedScenarios() []properties.Scenario {
	ack := properties.Anchored{Anchor: properties.AtSndNxt}
	at := properties.Anchored{Anchor: properties.AtRcvNxt}
	seg := func(f segment.Flags, sq, ak properties.Anchored, n uint16) properties.Step {
		return properties.Step{Kind: properties.StepSegment, Flags: f, Seq: sq, Ack: ak, Window: 65535, Len: n}
	}
	syn := properties.Step{Kind: properties.StepSegment, Flags: segment.SYN, Seq: properties.Anchored{Anchor: properties.AtPeerISN},
		Window: 65535, Opts: 15, WScale: 7}
	return []properties.Scenario{
		{ISN: 1<<32 - 1, PeerISN: 1 << 31, Passive: true, Steps: []properties.Step{
			syn, seg(segment.ACK, at, ack, 0), seg(segment.ACK|segment.PSH, at, ack, 100),
			{Kind: properties.StepCall, Op: observe.OpRecv, N: 100},
			seg(segment.ACK|segment.FIN, at, ack, 0), {Kind: properties.StepCall, Op: observe.OpClose},
			seg(segment.ACK, at, ack, 0)}},
		{ISN: 5, PeerISN: 1<<32 - 2, Steps: []properties.Step{
			seg(segment.SYN|segment.ACK, properties.Anchored{Anchor: properties.AtPeerISN}, ack, 0),
			{Kind: properties.StepCall, Op: observe.OpSend, N: 1000}, seg(segment.ACK, at, ack, 0),
			{Kind: properties.StepCall, Op: observe.OpShutdown}, seg(segment.ACK|segment.FIN, at, ack, 0),
			{Kind: properties.StepWait, Wait: 3e9}}},
		{ISN: 1 << 31, PeerISN: 0, Passive: true, Steps: []properties.Step{
			syn, seg(segment.ACK, at, ack, 0),
			seg(segment.RST, properties.Anchored{Anchor: properties.AtRcvWndEnd, Delta: -1}, ack, 0),
			seg(segment.RST, properties.Anchored{Anchor: properties.AtRcvWndEnd}, ack, 0)}},
	}
}

// FuzzOpenWorld decodes the input as an open-world scenario (fixed-width
// records, see properties.DecodeScenario) and runs it against the reference
// endpoint with every monitor; a violation fails with the monitor's name
// and the exchange.
func FuzzOpenWorld(f *testing.F) {
	for _, sc := range seedScenarios() {
		f.Add(properties.AppendScenario(nil, &sc))
	}
	var w properties.OpenWorld
	var sc properties.Scenario
	f.Fuzz(func(t *testing.T, b []byte) {
		properties.DecodeScenario(b, &sc)
		if v := w.Run(&sc); v != nil {
			t.Fatalf("%s\n%s", v, properties.Transcript(&sc))
		}
	})
}

// FuzzOpenWorldRapid is the same property driven by rapid's generators, so
// the fuzzer mutates rapid's choices and keeps their bias.
func FuzzOpenWorldRapid(f *testing.F) {
	var w properties.OpenWorld
	gen := properties.Scenarios(40)
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		sc := gen.Draw(t, "scenario")
		if v := w.Run(&sc); v != nil {
			t.Fatalf("%s\n%s", v, properties.Transcript(&sc))
		}
	}))
}

// FuzzEmpty does nothing: its execs/s is the engine's own cost, the yardstick
// for the endpoint targets.
func FuzzEmpty(f *testing.F) {
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, b []byte) {})
}
