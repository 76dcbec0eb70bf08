package coverage

import "tcpcheck/observe"

// NumStates is the number of RFC 9293 states counted (observe.Closed
// through observe.TimeWait).
const NumStates = int(observe.NumStates)

// Counts tallies what a replay exercised: segments arriving by the state
// they found and their Kind, and state changes by (from, to, cause). The
// zero value is empty; counting allocates nothing.
type Counts struct {
	Cells [NumStates][NumKinds]uint64
	Edges [NumStates][NumStates][NumCauses]uint64
}

// Add adds o's counts to c.
func (c *Counts) Add(o *Counts) {
	for s := range c.Cells {
		for k := range c.Cells[s] {
			c.Cells[s][k] += o.Cells[s][k]
		}
	}
	for f := range c.Edges {
		for t := range c.Edges[f] {
			for k := range c.Edges[f][t] {
				c.Edges[f][t][k] += o.Edges[f][t][k]
			}
		}
	}
}

// Edge returns how often from changed to to, whatever the cause.
func (c *Counts) Edge(from, to observe.State) uint64 {
	if int(from) >= NumStates || int(to) >= NumStates {
		return 0
	}
	var n uint64
	for _, v := range c.Edges[from][to] {
		n += v
	}
	return n
}

// CellsHit returns how many (state, kind) cells were exercised at least
// once, out of all of them.
func (c *Counts) CellsHit() (hit, total int) {
	for s := range c.Cells {
		for k := range c.Cells[s] {
			if c.Cells[s][k] > 0 {
				hit++
			}
		}
	}
	return hit, NumStates * int(NumKinds)
}

// Segments returns the number of segments counted.
func (c *Counts) Segments() uint64 {
	var n uint64
	for s := range c.Cells {
		for _, v := range c.Cells[s] {
			n += v
		}
	}
	return n
}

// Tracker turns one endpoint's observe events into Counts: it follows the
// state the endpoint reports (Change events) and the last stimulus, so that
// an Input is counted under the state it arrived in and a change under the
// stimulus that caused it. Its Observe method is an observe sink.
type Tracker struct {
	C     *Counts
	state observe.State
	cause Cause
}

// NewTracker returns a tracker adding to c, for an endpoint in CLOSED.
func NewTracker(c *Counts) *Tracker {
	return &Tracker{C: c, cause: CauseNone}
}

// Reset starts over for a new endpoint in CLOSED.
func (t *Tracker) Reset() { t.state, t.cause = observe.Closed, CauseNone }

// State returns the state the endpoint last reported.
func (t *Tracker) State() observe.State { return t.state }

// Observe counts ev. Events of other endpoints must not be mixed in.
func (t *Tracker) Observe(ev *observe.Event) {
	switch ev.Kind {
	case observe.Input:
		k := KindOf(ev.Seg)
		t.cause = Cause(k)
		if int(t.state) < NumStates {
			t.C.Cells[t.state][k]++
		}
	case observe.Call:
		t.cause = causeOfOp(ev.Op)
	case observe.Tick:
		t.cause = CauseTimer
	case observe.Change:
		if int(ev.From) < NumStates && int(ev.To) < NumStates {
			t.C.Edges[ev.From][ev.To][t.cause]++
		}
		t.state = ev.To
	}
}
