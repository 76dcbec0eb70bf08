package properties

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/sim"
)

// exchangeScenario is the closed world of the benchmarks: handshake, 1 KB
// each way, close through TIME-WAIT, over a clean 10 ms link.
func exchangeScenario() ClosedScenario {
	return ClosedScenario{Seed: 1,
		A:    Side{ISN: 1<<32 - 100, WScale: 7, Bytes: 1024},
		B:    Side{ISN: 1 << 31, WScale: 7, Bytes: 1024},
		Link: sim.Link{Delay: 10 * fsm.Millisecond}}
}

func TestClosedWorldExchangePasses(t *testing.T) {
	var w ClosedWorld
	sc := exchangeScenario()
	for _, c := range []Closing{CloseActiveFirst, ClosePassiveFirst, CloseBoth, CloseAbort} {
		for _, simultaneous := range []bool{false, true} {
			sc.Closing, sc.Simultaneous = c, simultaneous
			if v := w.Run(&sc); v != nil {
				t.Fatalf("%v, simultaneous %v: %v", c, simultaneous, v)
			}
			if st := w.Sim().Stream(1); st.Read != 1024 || !st.Connected {
				t.Fatalf("%v: B read %d bytes, connected %v", c, st.Read, st.Connected)
			}
		}
	}
}

// A broken side A is caught in the closed world too, with its script.
func TestClosedWorldFlagsBrokenEndpoint(t *testing.T) {
	w := ClosedWorld{Record: true, Build: func(c fsm.Config) observe.Endpoint { c.MSL /= 2; return fsm.New(c) }}
	sc := exchangeScenario()
	v := w.Run(&sc)
	if v == nil || v.Side != 0 || v.Monitor == nil || v.Monitor.Monitor != "TimeWait2MSL" {
		t.Fatalf("got %v, want TimeWait2MSL on side A", v)
	}
	if v.Script == "" {
		t.Fatal("no script recorded for the failing side")
	}
}

func TestClosedWorldRunAllocatesNothing(t *testing.T) {
	var w ClosedWorld
	sc := exchangeScenario()
	w.Run(&sc)
	if n := testing.AllocsPerRun(20, func() {
		sc.Seed++
		if v := w.Run(&sc); v != nil {
			t.Fatal(v)
		}
	}); n != 0 {
		t.Fatalf("%v allocations per closed-world run", n)
	}
}

// TestClosedWorldRapid: in every generated closed world, no monitor fires on
// either side, the streams stay intact, and once the network heals both
// sides deliver everything and close.
func TestClosedWorldRapid(t *testing.T) {
	defer atLeastRapidChecks(t, 300)()
	var w ClosedWorld
	gen := ClosedScenarios()
	rapid.Check(t, func(rt *rapid.T) {
		sc := gen.Draw(rt, "scenario")
		if v := w.Run(&sc); v != nil {
			rt.Fatalf("%v\n%s", v, recordScript(&sc))
		}
	})
}

// TestClosedWorldGopter is TestClosedWorldRapid with gopter.
func TestClosedWorldGopter(t *testing.T) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 150
	if testing.Short() {
		params.MinSuccessfulTests = 30
	}
	props := gopter.NewProperties(params)
	var w ClosedWorld
	props.Property("closed worlds keep every property", prop.ForAll(func(sc ClosedScenario) string {
		if v := w.Run(&sc); v != nil {
			return v.Error() + "\n" + recordScript(&sc)
		}
		return ""
	}, GopterClosedScenarios()))
	props.TestingRun(t)
}

// recordScript replays sc with recording on and returns the failing side's
// script, for the report.
func recordScript(sc *ClosedScenario) string {
	w := ClosedWorld{Record: true}
	if v := w.Run(sc); v != nil {
		return v.Script
	}
	return "(the replay passed: not deterministic?)"
}
