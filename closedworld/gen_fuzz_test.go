package closedworld

import (
	"slices"
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/sim"
)

// FuzzScenarios stays within its bounds and Scenarios' sets.
func TestFuzzScenariosBounds(t *testing.T) {
	gen := FuzzScenarios()
	rapid.Check(t, func(t *rapid.T) {
		for range 20 {
			sc := gen.Draw(t, "scenario")
			for i, s := range sc.Sides {
				if s.Send > FuzzMaxSend || !slices.Contains(fuzzSendSizes, s.Send) {
					t.Fatalf("side %d sends %d bytes", i, s.Send)
				}
				if !slices.Contains(wscales, s.WScale) || !slices.Contains(fuzzBuffers, [2]int{s.SendBuffer, s.RecvBuffer}) ||
					!slices.Contains(fuzzMSSValues, s.MSS) ||
					!slices.Contains(closeValues, s.Close) || !slices.Contains(triggers, s.When) ||
					!slices.Contains(afters, s.After) {
					t.Fatalf("side %d outside Scenarios' sets: %+v", i, s)
				}
			}
			if sc.Heal <= 0 || sc.Heal > FuzzMaxHeal {
				t.Fatalf("heals at %v", sc.Heal)
			}
			l := sc.Link
			if !slices.Contains(delays, l.Delay) || !slices.Contains(jitters, l.Jitter) || l.ReorderDelay != 0 {
				t.Fatalf("link %+v", l)
			}
			for _, p := range []float64{l.Loss, l.Dup, l.Corrupt, l.Reorder} {
				if p < 0 || p > FuzzMaxChance {
					t.Fatalf("link probability %v", p)
				}
			}
			if len(sc.Faults) > 2*FuzzMaxFaults {
				t.Fatalf("%d fault bytes", len(sc.Faults))
			}
			if random := l != (sim.Link{Delay: l.Delay}); random && sc.Faults != nil {
				t.Fatalf("both a random link %+v and fault bytes", l)
			}
		}
	})
}

// FuzzScenarios draws every value of its sets, and every kind of network.
func TestFuzzScenariosCover(t *testing.T) {
	type key struct {
		what string
		v    any
	}
	seen := map[key]bool{}
	gen := FuzzScenarios()
	for i := range 5000 {
		sc := gen.Example(i)
		l := sc.Link
		for _, k := range []key{{"simultaneous", sc.Simultaneous}, {"delay", l.Delay}, {"jitter", l.Jitter},
			{"heal", sc.Heal}, {"loss", l.Loss}, {"faults", len(sc.Faults) > 0},
			{"random", l.Loss+l.Dup+l.Corrupt+l.Reorder > 0}} {
			seen[k] = true
		}
		for _, s := range sc.Sides {
			for _, k := range []key{{"isn", s.ISN}, {"legacy", s.Legacy}, {"noTimestamp", s.NoTimestamp},
				{"wscale", s.WScale}, {"sendBuffer", s.SendBuffer}, {"recvBuffer", s.RecvBuffer}, {"mss", s.MSS},
				{"send", s.Send}, {"close", s.Close}, {"when", s.When}, {"after", s.After}} {
				seen[k] = true
			}
		}
	}
	check := func(what string, vs ...any) {
		for _, v := range vs {
			if !seen[key{what, v}] {
				t.Errorf("never drew %s %v", what, v)
			}
		}
	}
	for _, what := range []string{"simultaneous", "faults", "random", "legacy", "noTimestamp"} {
		check(what, false, true)
	}
	check("isn", uint32(0), uint32(1<<31-1), uint32(1<<31), uint32(1<<32-1)) // landmarks
	check("delay", anys(delays)...)
	check("jitter", anys(jitters)...)
	check("heal", anys(fuzzHeals)...)
	check("loss", anys(fuzzChances)...)
	check("wscale", anys(wscales)...)
	check("sendBuffer", anys(sendBuffers)...)
	check("recvBuffer", anys(recvBuffers)...)
	check("mss", anys(fuzzMSSValues)...)
	check("send", anys(fuzzSendSizes)...)
	check("close", anys(closeValues)...)
	check("when", anys(triggers)...)
	check("after", anys(afters)...)
}

// A World keeps the simulation of every shape FuzzScenarios draws: after
// the first run of each, runs allocate nothing.
func TestFuzzScenariosShapes(t *testing.T) {
	if n := 2 * len(fuzzBuffers) * len(fuzzBuffers); n > maxShapes {
		t.Fatalf("%d shapes, a World keeps %d", n, maxShapes)
	}
	gen := FuzzScenarios()
	scs := make([]Scenario, 2000)
	var w World
	for i := range scs {
		scs[i] = gen.Example(i)
		w.Run(&scs[i])
	}
	if len(w.shapes) != 2*len(fuzzBuffers)*len(fuzzBuffers) {
		t.Errorf("%d shapes drawn", len(w.shapes))
	}
	i := 0
	n := testing.AllocsPerRun(len(scs), func() {
		w.Run(&scs[i%len(scs)])
		i++
	})
	if n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// TestClosedWorldFuzzRapid is TestClosedWorldRapid over FuzzScenarios:
// what the fuzz target runs.
func TestClosedWorldFuzzRapid(t *testing.T) {
	var w World
	gen := FuzzScenarios()
	rapid.Check(t, func(t *rapid.T) {
		sc := gen.Draw(t, "scenario")
		if f := w.Run(&sc); f != nil {
			t.Fatalf("%v\n%s", f, Script(&sc, f.Endpoint))
		}
	})
}
