package closedworld

import "testing"

// BenchmarkWorldExchange is one closed-world run per iteration with every
// monitor on both endpoints: handshake, 1 KB each way, close through
// TIME-WAIT, over the simulator (every segment encoded, checksummed,
// decoded, verified), then the liveness checks.
func BenchmarkWorldExchange(b *testing.B) {
	var w World
	sc := exchange()
	w.Run(&sc)
	b.ReportAllocs()
	for b.Loop() {
		sc.Seed++
		if f := w.Run(&sc); f != nil {
			b.Fatal(f)
		}
	}
	b.ReportMetric(float64(w.Sim().Stats().Sent), "segments/op")
}
