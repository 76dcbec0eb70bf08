package coverage

import (
	"testing"

	"tcpcheck/closedworld"
	"tcpcheck/observe"
	"tcpcheck/properties"
)

// The cost of replaying one stored input of each kind, for the coverage
// report's running time: b.N inputs replayed.

func BenchmarkReplayOpenWorld(b *testing.B) {
	r := NewReplayer()
	in := properties.AppendScenario(nil, &passiveClose)
	b.ReportAllocs()
	for b.Loop() {
		r.OpenWorldBytes(in)
	}
}

func BenchmarkReplayClosedWorld(b *testing.B) {
	r := NewReplayer()
	sc := closedworld.Scenario{Sides: [2]closedworld.Side{
		{Send: 3000, Close: observe.OpClose, When: closedworld.AfterReceived},
		{Send: 3000, Close: observe.OpClose, When: closedworld.AfterEOF}}}
	in := closedworld.Append(nil, &sc)
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Input("FuzzClosedWorld", in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReplayScript(b *testing.B) {
	r := NewReplayer()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Input("FuzzRun", []byte(activeClose)); err != nil {
			b.Fatal(err)
		}
	}
}
