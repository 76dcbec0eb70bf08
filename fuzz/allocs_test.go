package fuzz

import (
	"testing"

	"tcpcheck/closedworld"
	"tcpcheck/properties"
)

// sampleInputs are one typical input per target of All.
func sampleInputs() map[string][]byte {
	segs := seedSegments()
	ow := seedScenarios()[0]
	cw := seedClosedWorlds()[2]
	return map[string][]byte{
		"FuzzSegmentDecode":    segs[1],
		"FuzzSegmentRoundTrip": segs[2],
		"FuzzChecksum":         append([]byte{1}, segs[1]...),
		"FuzzIPDecode":         wrapIP(nil, segs[1], true),
		"FuzzParse":            []byte("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < S 0:0(0) win 100 <mss 1460>\n"),
		"FuzzRun":              []byte("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n+0 < S 0:0(0) win 100\n+0 > S. 0:0(0) ack 1\n"),
		"FuzzOpenWorld":        properties.AppendScenario(nil, &ow),
		"FuzzClosedWorld":      closedworld.Append(nil, &cw),
	}
}

// allocating targets build what they check (a parsed script, a runner's
// stack), so they allocate per input by nature.
var allocating = map[string]bool{"FuzzParse": true, "FuzzRun": true}

// The targets reuse their state: after the first input, one input costs no
// allocation, except in the targets that parse scripts.
func TestTargetsAllocs(t *testing.T) {
	in := sampleInputs()
	for _, e := range All {
		b, ok := in[e.Name]
		if !ok {
			t.Fatalf("no sample input for %s", e.Name)
		}
		if err := e.Check(b); err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		n := testing.AllocsPerRun(50, func() { _ = e.Check(b) })
		switch {
		case allocating[e.Name]:
			t.Logf("%s: %.0f allocations per input (parses a script)", e.Name, n)
		case n != 0:
			t.Errorf("%s: %.1f allocations per input, want 0", e.Name, n)
		}
	}
}

// BenchmarkTargets runs each target of All on its sample input.
func BenchmarkTargets(b *testing.B) {
	in := sampleInputs()
	for _, e := range All {
		data := in[e.Name]
		b.Run(e.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := e.Check(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
