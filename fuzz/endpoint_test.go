package fuzz

import (
	"sync"
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/closedworld"
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

// FuzzOpenWorld: OpenWorld. The input is an open-world scenario in
// fixed-width records (properties.DecodeScenario); a violation fails with
// the monitor, its message and the reproducing script.
func FuzzOpenWorld(f *testing.F) {
	for _, sc := range seedScenarios() {
		f.Add(properties.AppendScenario(nil, &sc))
	}
	addCorpus(f, "FuzzOpenWorld")
	f.Fuzz(check(OpenWorld))
}

// FuzzOpenWorldRapid is the same property driven by rapid's generators, so
// the fuzzer mutates rapid's choices and keeps their bias: it draws
// properties.Scenarios(40). Two things keep an input cheap. Each scenario is drawn and run inside a generator that yields it
// only if it fails, as rapid formats every top-level draw with %#v. And
// each input is padded with zeros, rapid's simplest choices, so that one
// which runs out before the draws do still draws a scenario: rapid would
// skip it, after formatting a traceback.
func FuzzOpenWorldRapid(f *testing.F) {
	const target = "FuzzOpenWorldRapid"
	gen := properties.Scenarios(40)
	failing := rapid.Custom(func(t *rapid.T) *properties.Scenario {
		sc := gen.Draw(t, "scenario")
		if OpenWorldScenario(target, &sc) == nil {
			return nil
		}
		return &sc
	})
	run := rapid.MakeFuzz(func(t *rapid.T) {
		if sc := failing.Draw(t, "failing scenario"); sc != nil {
			if err := OpenWorldScenario(target, sc); err != nil {
				t.Fatal(err)
			}
			t.Fatal(target + ": the scenario failed once and passed when run again")
		}
	})
	f.Fuzz(padded(run, 1<<10)) // more than the draws of a step and of a scenario's other fields
}

// seedClosedWorlds are typical closed worlds: a clean exchange, a
// simultaneous open with small buffers, and an exchange over a lossy,
// duplicating network.
func seedClosedWorlds() []closedworld.Scenario {
	clean := closedworld.Scenario{Heal: 5e8, Sides: [2]closedworld.Side{
		{ISN: 1<<32 - 1, Send: 3000, Close: observe.OpClose},
		{ISN: 1 << 31, Send: 100, Close: observe.OpClose, When: closedworld.AfterEOF}}}
	clean.Link.Delay = 10e6
	simul := clean
	simul.Simultaneous = true
	for i := range simul.Sides {
		simul.Sides[i].SendBuffer, simul.Sides[i].RecvBuffer = closedworld.SmallBuffer, closedworld.SmallBuffer
	}
	b := &simul.Sides[1]
	b.Send, b.Close, b.When = 5000, observe.OpShutdown, closedworld.AfterReceived
	lossy := clean
	lossy.Heal, lossy.Faults = 5e9, []byte{4 << 5, 0, 0, 0, 5 << 5, 3, 6 << 5, 9, 7 << 5, 1, 4 << 5, 0}
	return []closedworld.Scenario{clean, simul, lossy}
}

// FuzzClosedWorld: ClosedWorld. The input is a closed world
// (closedworld.Decode: a 19-byte header of applications and network, then
// two fault bytes per segment); a failure prints the script of the
// endpoint that shows it.
func FuzzClosedWorld(f *testing.F) {
	for _, sc := range seedClosedWorlds() {
		f.Add(closedworld.Append(nil, &sc))
	}
	addCorpus(f, "FuzzClosedWorld")
	f.Fuzz(check(ClosedWorld))
}

// FuzzClosedWorldRapid is FuzzClosedWorld over closedworld.FuzzScenarios
// under rapid.MakeFuzz: Scenarios' biases with sizes bounded like the byte
// format's, so that an input costs tens of segments, not hundreds. As in
// FuzzOpenWorldRapid, rapid formats a world only if it fails, and inputs
// are padded with zeros so that every one draws a world.
func FuzzClosedWorldRapid(f *testing.F) {
	const target = "FuzzClosedWorldRapid"
	gen := closedworld.FuzzScenarios()
	failing := rapid.Custom(func(t *rapid.T) *closedworld.Scenario {
		sc := gen.Draw(t, "scenario")
		if ClosedWorldScenario(target, &sc) == nil {
			return nil
		}
		return &sc
	})
	run := rapid.MakeFuzz(func(t *rapid.T) {
		if sc := failing.Draw(t, "failing scenario"); sc != nil {
			if err := ClosedWorldScenario(target, sc); err != nil {
				t.Fatal(err)
			}
			t.Fatal(target + ": the scenario failed once and passed when run again")
		}
	})
	f.Fuzz(padded(run, 1<<10)) // more than the draws of a whole world without faults
}

// FuzzEmpty does nothing: its execs/s is the engine's own cost, the yardstick
// for the endpoint targets.
func FuzzEmpty(f *testing.F) {
	f.Add([]byte{0})
	f.Fuzz(func(t *testing.T, b []byte) {})
}

// padded runs fn on each input followed by n zero bytes, in a buffer
// reused from input to input (the engine runs one input at a time per
// process; the mutex keeps that true for seeds run in parallel).
func padded(fn func(*testing.T, []byte), n int) func(*testing.T, []byte) {
	var mu sync.Mutex
	var buf []byte
	zeros := make([]byte, n)
	return func(t *testing.T, b []byte) {
		mu.Lock()
		defer mu.Unlock()
		buf = append(append(buf[:0], b...), zeros...)
		fn(t, buf)
	}
}
