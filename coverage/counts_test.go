package coverage

import (
	"strings"
	"testing"

	"tcpcheck/observe"
	"tcpcheck/segment"
)

func TestKindOf(t *testing.T) {
	const (
		S, A, F, R, P = segment.SYN, segment.ACK, segment.FIN, segment.RST, segment.PSH
	)
	for _, tc := range []struct {
		f    segment.Flags
		data bool
		want Kind
	}{
		{S, false, KindSYN}, {S | F, false, KindSYN}, {S | A, false, KindSYNACK}, {S | A, true, KindSYNACK},
		{A, false, KindACK}, {A | P, true, KindData}, {A, true, KindData}, {A | F, false, KindFIN}, {A | F | P, true, KindFIN},
		{R, false, KindRST}, {R | F, false, KindRST}, {R | A, false, KindRSTACK}, {S | R, false, KindRST}, {S | R | A, false, KindRSTACK},
		{F, false, KindOther}, {P, true, KindOther}, {0, false, KindOther}, {segment.URG, false, KindOther},
	} {
		s := segment.Segment{Flags: tc.f}
		if tc.data {
			s.Payload = []byte{1}
		}
		if got := KindOf(&s); got != tc.want {
			t.Errorf("KindOf(%v, data %v) = %v, want %v", tc.f, tc.data, got, tc.want)
		}
	}
	if Kind(200).String() != "?" || Cause(200).String() != "?" || CauseTimer.String() != "timeout" {
		t.Error("names out of range")
	}
}

// TestTrackerCauses feeds events by hand: each change is counted under the
// stimulus before it, and an Input under the state the last change left.
func TestTrackerCauses(t *testing.T) {
	var c Counts
	tr := NewTracker(&c)
	syn := segment.Segment{Flags: segment.SYN}
	rst := segment.Segment{Flags: segment.RST | segment.ACK}
	for _, ev := range []observe.Event{
		{Kind: observe.Change, From: observe.Closed, To: observe.Listen}, // no stimulus yet
		{Kind: observe.Input, Seg: &syn},
		{Kind: observe.Change, From: observe.Listen, To: observe.SynReceived},
		{Kind: observe.Output, Seg: &syn}, // ignored
		{Kind: observe.Tick},
		{Kind: observe.Change, From: observe.SynReceived, To: observe.Closed},
		{Kind: observe.Input, Seg: &rst},
		{Kind: observe.Call, Op: observe.OpAbort},
		{Kind: observe.Change, From: observe.Closed, To: observe.Unknown}, // not counted
		{Kind: observe.Input, Seg: &rst},                                  // arrives in Unknown: not counted
	} {
		tr.Observe(&ev)
	}
	var want Counts
	want.Edges[observe.Closed][observe.Listen][CauseNone] = 1
	want.Edges[observe.Listen][observe.SynReceived][Cause(KindSYN)] = 1
	want.Edges[observe.SynReceived][observe.Closed][CauseTimer] = 1
	want.Cells[observe.Listen][KindSYN] = 1
	want.Cells[observe.Closed][KindRSTACK] = 1
	if c != want {
		t.Errorf("counts differ:\n%+v", c.Cells)
	}
	if tr.State() != observe.Unknown {
		t.Errorf("state %v", tr.State())
	}
	tr.Reset()
	if tr.State() != observe.Closed {
		t.Errorf("after Reset: %v", tr.State())
	}
	var sum Counts
	sum.Add(&c)
	sum.Add(&c)
	if sum.Edge(observe.Listen, observe.SynReceived) != 2 || sum.Segments() != 4 || sum.Edge(observe.Unknown, observe.Closed) != 0 {
		t.Errorf("Add: edge %d, segments %d", sum.Edge(observe.Listen, observe.SynReceived), sum.Segments())
	}
	if hit, total := sum.CellsHit(); hit != 2 || total != 88 {
		t.Errorf("CellsHit = %d, %d", hit, total)
	}
}

func TestOrigin(t *testing.T) {
	for _, tc := range []struct {
		from, to observe.State
		c        Cause
		want     Origin
	}{
		{observe.Listen, observe.SynReceived, Cause(KindSYN), OriginFigure},
		{observe.FinWait1, observe.TimeWait, Cause(KindFIN), OriginNotes},
		{observe.Established, observe.Closed, Cause(KindRST), OriginNotes},
		{observe.SynReceived, observe.Listen, Cause(KindRSTACK), OriginFigure},
		{observe.Established, observe.Closed, CauseAbort, OriginText},
		{observe.TimeWait, observe.SynReceived, Cause(KindSYN), OriginText},
	} {
		if got := OriginOf(tc.from, tc.to, tc.c); got != tc.want {
			t.Errorf("OriginOf(%v, %v, %v) = %v, want %v", tc.from, tc.to, tc.c, got, tc.want)
		}
	}
}

// TestTableAndEdges checks the text report of a small set of counts.
func TestTableAndEdges(t *testing.T) {
	var c Counts
	c.Cells[observe.Listen][KindSYN] = 3
	c.Cells[observe.Established][KindRST] = 2
	c.Edges[observe.Listen][observe.SynReceived][Cause(KindSYN)] = 3
	c.Edges[observe.Established][observe.Closed][Cause(KindRST)] = 2
	c.Edges[observe.Established][observe.Closed][CauseAbort] = 1
	var b strings.Builder
	if err := WriteReport(&b, &c, []Tally{{Source: "FuzzOpenWorld", Replayed: 4, Skipped: 1, FirstErr: "x: bad"}}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{
		"State coverage: 4 inputs replayed through the reference endpoint, 1 skipped, 5 segments\n",
		"  FuzzOpenWorld               4 replayed      1 skipped\n",
		"first skipped: x: bad\n",
		"state              SYN  SYN-ACK      ACK     data      FIN      RST  RST-ACK    other     total\n",
		"LISTEN               3       --       --       --       --       --       --       --         3\n",
		"ESTABLISHED         --       --       --       --       --        2       --       --         2\n",
		"total                3        0        0        0        0        2        0        0         5\n",
		"cells covered: 2 of 88 (2.3%); -- marks a cell no input reached\n",
		"RFC 9293 Figure 5 transitions covered: 1 of 20 (5.0%)\n",
		"  LISTEN       -> SYN-RECEIVED rcv SYN / snd SYN,ACK                       3\n",
		"  TIME-WAIT    -> CLOSED       Timeout=2MSL / delete TCB                  --  UNCOVERED\n",
		"transitions seen that Figure 5 does not draw: 1\n",
		"  ESTABLISHED  -> CLOSED       rcv RST 2 (note 3), ABORT 1\n",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("report lacks %q:\n%s", s, out)
		}
	}
	if n := strings.Count(out, "UNCOVERED"); n != 19 {
		t.Errorf("%d uncovered edges marked, want 19", n)
	}
}
