package closedworld

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// After the first run of each shape, a run allocates nothing: with fault
// bytes, with the link's probabilities, and switching between them and
// between legacy modes.
func TestRunAllocs(t *testing.T) {
	bytesWorld := Scenario{Sides: [2]Side{
		{ISN: 1, Send: 3000, Close: observe.OpClose},
		{ISN: 2, Send: 100, Close: observe.OpClose, When: AfterEOF},
	}, Heal: fsm.Second, Faults: []byte{4 << 5, 0, 0, 0, 5 << 5, 3}}
	bytesWorld.Link.Delay = 10 * fsm.Millisecond
	random := bytesWorld
	random.Faults, random.Link.Loss, random.Link.Dup = nil, 0.2, 0.1
	legacy := random
	legacy.Sides[0].Legacy, legacy.Sides[1].Legacy = true, true
	var w World
	for _, sc := range []*Scenario{&bytesWorld, &random, &legacy} {
		if f := w.Run(sc); f != nil {
			t.Fatal(f)
		}
	}
	n := testing.AllocsPerRun(20, func() {
		for _, sc := range []*Scenario{&bytesWorld, &random, &legacy} {
			sc.Seed++
			if f := w.Run(sc); f != nil {
				t.Fatal(f)
			}
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per three runs", n)
	}
}
