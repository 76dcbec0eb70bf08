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
