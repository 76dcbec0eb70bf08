package closedworld

import (
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/mutants"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/sim"
)

// exchange is the closed world of the benchmark: handshake, 1 KB each way,
// a closes after reading everything and b at EOF, through TIME-WAIT, over a
// clean 10 ms link.
func exchange() Scenario {
	return Scenario{Seed: 1,
		Sides: [2]Side{
			{ISN: 1<<32 - 100, WScale: 7, Send: 1024, Close: observe.OpClose},
			{ISN: 1 << 31, WScale: 7, Send: 1024, Close: observe.OpClose, When: AfterEOF},
		},
		Link: sim.Link{Delay: 10 * fsm.Millisecond}}
}

// The closings of an exchange: who closes first, both at once, or an
// abort; each with a normal and a simultaneous open.
func TestExchangePasses(t *testing.T) {
	closings := []struct {
		name string
		a, b Side
	}{
		{"a first", Side{Close: observe.OpClose}, Side{Close: observe.OpClose, When: AfterEOF}},
		{"b first", Side{Close: observe.OpClose, When: AfterEOF}, Side{Close: observe.OpClose}},
		{"both", Side{Close: observe.OpClose}, Side{Close: observe.OpClose}},
		{"a aborts", Side{Close: observe.OpAbort}, Side{Close: observe.OpClose, When: AfterEOF}},
	}
	var w World
	for _, c := range closings {
		for _, simultaneous := range []bool{false, true} {
			sc := exchange()
			sc.Simultaneous = simultaneous
			sc.Sides[0].Close, sc.Sides[0].When = c.a.Close, c.a.When
			sc.Sides[1].Close, sc.Sides[1].When = c.b.Close, c.b.When
			if f := w.Run(&sc); f != nil {
				t.Fatalf("%s, simultaneous %v: %v", c.name, simultaneous, f)
			}
			if st := w.Sim().Stream(1); st.Read != 1024 || !st.Connected {
				t.Fatalf("%s: b read %d bytes, connected %v", c.name, st.Read, st.Connected)
			}
		}
	}
}

// A close once connected with the peer's byte still unread resets (RFC
// 2525 §2.17), so a leaves without TIME-WAIT; such a scenario owes neither
// StreamComplete nor EventualClose. The rapid test once reported it as an
// EventualClose failure.
func TestCloseWithUnreadDataResets(t *testing.T) {
	sc := Scenario{Heal: healUnit, Sides: [2]Side{
		{Close: observe.OpClose, When: AfterConnected},
		{Send: 1, Close: observe.OpClose, When: AfterConnected},
	}}
	var w World
	if f := w.Run(&sc); f != nil {
		t.Fatal(f)
	}
	if err := w.Sim().EventualClose(CloseBound); err == nil {
		t.Fatal("a went through TIME-WAIT: no reset")
	}
	if l := sc.Applies(); l.StreamComplete || l.EventualClose {
		t.Fatalf("Applies = %+v", l)
	}
}

// Applies names the liveness properties a scenario's applications make
// certain.
func TestApplies(t *testing.T) {
	closeAll := Side{Close: observe.OpClose, When: AfterReceived}
	for _, tc := range []struct {
		name string
		a, b Side
		want Liveness
	}{
		{"both close after reading", closeAll, closeAll, Liveness{true, true}},
		{"b closes after EOF", closeAll, Side{Close: observe.OpClose, When: AfterEOF}, Liveness{true, true}},
		{"both wait for EOF", Side{Close: observe.OpShutdown, When: AfterEOF}, Side{Close: observe.OpClose, When: AfterEOF}, Liveness{true, false}},
		{"a aborts", Side{Close: observe.OpAbort, When: AfterConnected}, closeAll, Liveness{false, false}},
		{"a closes on a timer", Side{Close: observe.OpClose, When: AfterConnected}, Side{Close: observe.OpShutdown, When: AfterConnected}, Liveness{false, false}},
		{"shutdowns on timers", Side{Close: observe.OpShutdown, When: AfterConnected}, Side{Close: observe.OpShutdown, When: AfterConnected}, Liveness{true, true}},
		{"b never closes", closeAll, Side{}, Liveness{true, false}},
	} {
		sc := Scenario{Sides: [2]Side{tc.a, tc.b}}
		if got := sc.Applies(); got != tc.want {
			t.Errorf("%s: Applies = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// A broken endpoint on either side is caught by the check that owns its
// bug, on its side, and its recorded view names the failure.
func TestFlagsBrokenEndpoint(t *testing.T) {
	for _, tc := range []struct {
		m    mutants.Mutant
		side int
	}{{mutants.ShortTimeWait, 0}, {mutants.Stutter, 1}, {mutants.AckBack, 0}} {
		t.Run(tc.m.Name, func(t *testing.T) {
			var w World
			w.Build[tc.side] = tc.m.Build
			sc := exchange()
			if tc.m.Name == mutants.AckBack.Name {
				sc.Faults = []byte{0, 0, 0, 0, 0, 0, 4 << 5, 0} // the first data segment of a is lost
			}
			f := w.Run(&sc)
			if f == nil || f.Property != tc.m.CaughtBy || f.Endpoint != tc.side {
				t.Fatalf("got %v, want %s at endpoint %c", f, tc.m.CaughtBy, 'a'+tc.side)
			}
			s := w.Script(&sc, f.Endpoint).String()
			if !strings.Contains(s, "// failure: "+f.Property) {
				t.Fatalf("the recorded view does not name the failure:\n%s", s)
			}
			var ref World
			if f := ref.Run(&sc); f != nil {
				t.Fatalf("the reference endpoints fail the same scenario: %v", f)
			}
		})
	}
}

// A side made by World.Build runs with the configuration of the scenario
// being run: its SYN announces that scenario's MSS.
func TestBuildGetsEachScenariosConfig(t *testing.T) {
	var w World
	w.Build[0] = func(c fsm.Config) observe.Endpoint { return fsm.New(c) }
	var announced uint16
	w.SetSink(func(i int, ev *observe.Event) {
		if i == 0 && ev.Kind == observe.Output && ev.Seg.Flags.Has(segment.SYN) {
			announced, _ = ev.Seg.Options.MSS()
		}
	})
	for _, mss := range []uint16{SmallMSS, 100, SmallMSS} {
		sc := exchange()
		sc.Sides[0].MSS = mss
		if f := w.Run(&sc); f != nil {
			t.Fatal(f)
		}
		if announced != mss {
			t.Fatalf("side a announced MSS %d, want %d", announced, mss)
		}
	}
}

// More shapes than a World keeps still run, each with its own buffers.
func TestManyShapes(t *testing.T) {
	var w World
	for i := range 2 * maxShapes {
		sc := exchange()
		sc.Sides[1].RecvBuffer = 1000 + 100*i
		if f := w.Run(&sc); f != nil {
			t.Fatalf("receive buffer %d: %v", sc.Sides[1].RecvBuffer, f)
		}
		if len(w.shapes) > maxShapes {
			t.Fatalf("%d shapes kept", len(w.shapes))
		}
	}
}
