package coverage

import (
	"testing"

	"tcpcheck/closedworld"
	"tcpcheck/observe"
)

// TestReplayClosedWorld counts both endpoints of a clean closed world: a
// connects and closes once connected, b closes at end of stream. Run twice,
// every count doubles: each run starts from CLOSED.
func TestReplayClosedWorld(t *testing.T) {
	r := NewReplayer()
	sc := closedworld.Scenario{Sides: [2]closedworld.Side{
		{ISN: 100, Close: observe.OpClose, When: closedworld.AfterConnected},
		{ISN: 200, Close: observe.OpClose, When: closedworld.AfterEOF}}}
	b := closedworld.Append(nil, &sc)
	for range 2 {
		if err := r.Input("FuzzClosedWorld", b); err != nil {
			t.Fatal(err)
		}
	}
	var want Counts
	for _, c := range []cellCount{
		{observe.SynSent, KindSYNACK, 2}, {observe.FinWait1, KindACK, 2}, {observe.FinWait2, KindFIN, 2}, // a
		{observe.Listen, KindSYN, 2}, {observe.SynReceived, KindACK, 2}, {observe.Established, KindFIN, 2},
		{observe.LastAck, KindACK, 2}, // b
	} {
		want.Cells[c.s][c.k] += c.n
	}
	for _, e := range []edgeCount{
		{observe.Closed, observe.SynSent, CauseConnect, 2}, {observe.SynSent, observe.Established, Cause(KindSYNACK), 2},
		{observe.Established, observe.FinWait1, CauseClose, 2}, {observe.FinWait1, observe.FinWait2, Cause(KindACK), 2},
		{observe.FinWait2, observe.TimeWait, Cause(KindFIN), 2}, {observe.TimeWait, observe.Closed, CauseTimer, 2}, // a
		{observe.Closed, observe.Listen, CauseListen, 2}, {observe.Listen, observe.SynReceived, Cause(KindSYN), 2},
		{observe.SynReceived, observe.Established, Cause(KindACK), 2}, {observe.Established, observe.CloseWait, Cause(KindFIN), 2},
		{observe.CloseWait, observe.LastAck, CauseClose, 2}, {observe.LastAck, observe.Closed, Cause(KindACK), 2}, // b
	} {
		want.Edges[e.from][e.to][e.c] += e.n
	}
	if r.Counts != want {
		t.Errorf("counts differ\n got %v\nwant %v", r.Counts.Cells, want.Cells)
	}
}
