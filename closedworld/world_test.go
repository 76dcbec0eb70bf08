package closedworld

import (
	"bytes"
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/runner"
)

// Decode reads back what Append writes, for scenarios within the format's
// ranges, and every byte string decodes.
func TestCodecRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := Scenarios(8).Draw(t, "scenario")
		b := Append(nil, &sc)
		var got Scenario
		Decode(b, &got)
		if !bytes.Equal(Append(nil, &got), b) || got.Ends != sc.Ends || got.ISN != sc.ISN ||
			got.Delay != sc.Delay || got.Heal != sc.Heal || !bytes.Equal(got.Faults, sc.Faults) {
			t.Fatalf("decoded %+v from %x, appended %+v", got, b, sc)
		}
	})
	var sc Scenario
	for _, b := range [][]byte{nil, {0xff}, bytes.Repeat([]byte{0xff}, 40)} {
		Decode(b, &sc)
		if sc.Heal < healUnit || sc.Ends[0].Send > MaxSend {
			t.Errorf("Decode(%x) = %+v", b, sc)
		}
	}
}

// The reference endpoints meet every property in drawn closed worlds.
func TestReferencePasses(t *testing.T) {
	var w World
	rapid.Check(t, func(t *rapid.T) {
		sc := Scenarios(32).Draw(t, "scenario")
		if f := w.Run(&sc); f != nil {
			t.Fatalf("%v\n%s", f, Script(&sc, f.Endpoint))
		}
	})
}

// Applies names the liveness properties a scenario's applications make
// certain.
func TestApplies(t *testing.T) {
	closeAll := End{Close: observe.OpClose, When: AfterReceived}
	for _, tc := range []struct {
		name string
		a, b End
		want Liveness
	}{
		{"both close after reading", closeAll, closeAll, Liveness{true, true}},
		{"b closes after EOF", closeAll, End{Close: observe.OpClose, When: AfterEOF}, Liveness{true, true}},
		{"both wait for EOF", End{Close: observe.OpShutdown, When: AfterEOF}, End{Close: observe.OpClose, When: AfterEOF}, Liveness{true, false}},
		{"a aborts", End{Close: observe.OpAbort, When: AfterConnected}, closeAll, Liveness{false, false}},
		{"a closes on a timer", End{Close: observe.OpClose, When: AfterConnected}, End{Close: observe.OpShutdown, When: AfterConnected}, Liveness{false, false}},
		{"shutdowns on timers", End{Close: observe.OpShutdown, When: AfterConnected}, End{Close: observe.OpShutdown, When: AfterConnected}, Liveness{true, true}},
		{"b never closes", closeAll, End{}, Liveness{true, false}},
	} {
		sc := Scenario{Ends: [2]End{tc.a, tc.b}}
		if got := sc.Applies(); got != tc.want {
			t.Errorf("%s: Applies = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// A Scenario's recorded views replay with runner.Run, the configuration
// coming from the scripts' directives.
func TestScriptsReplay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := Scenarios(16).Draw(t, "scenario")
		for i := range 2 {
			s := Script(&sc, i)
			if res := runner.Run(s, runner.Options{}); !res.Passed {
				t.Fatalf("endpoint %d: %v\n%s", i, res.Failure, s)
			}
		}
	})
}

// After the first runs of a shape, a run allocates nothing.
func TestRunAllocs(t *testing.T) {
	var w World
	sc := Scenario{ISN: [2]uint32{1, 2}, Ends: [2]End{{Send: 3000, Close: observe.OpClose}, {Send: 100, Close: observe.OpClose, When: AfterEOF}},
		Delay: 10 * fsm.Millisecond, Heal: fsm.Second, Faults: []byte{4 << 5, 0, 0, 0, 5 << 5, 3}}
	if f := w.Run(&sc); f != nil {
		t.Fatal(f)
	}
	if n := testing.AllocsPerRun(20, func() { w.Run(&sc) }); n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}
