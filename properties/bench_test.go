package properties

import "testing"

// BenchmarkOpenWorldScenario runs one open-world scenario of 40 steps with
// every monitor: the cost of a property case without the engine.
func BenchmarkOpenWorldScenario(b *testing.B) {
	scs := make([]Scenario, 64)
	for i := range scs {
		scs[i] = Scenarios(40).Example(i)
	}
	var w OpenWorld
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		w.Run(&scs[i%len(scs)])
	}
}

// BenchmarkClosedWorldExchange is one closed-world run per iteration with
// every monitor on both sides: handshake, 1 KB each way, close through
// TIME-WAIT, over the simulator (every segment encoded, checksummed,
// decoded, verified), then the liveness checks.
func BenchmarkClosedWorldExchange(b *testing.B) {
	var w ClosedWorld
	sc := exchangeScenario()
	w.Run(&sc)
	b.ReportAllocs()
	for b.Loop() {
		sc.Seed++
		if v := w.Run(&sc); v != nil {
			b.Fatal(v)
		}
	}
	b.ReportMetric(float64(w.Sim().Stats().Sent), "segments/op")
}
