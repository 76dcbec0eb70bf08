package properties

import (
	"testing"

	"tcpcheck/observe"
	"tcpcheck/segment"
)

// Helpers for the connection monitors' traces: options and windows on the
// segment just appended, and the common openings and closings.

// lastSeg returns the segment of the last event.
func (tr *trace) lastSeg() *segment.Segment { return tr.events[len(tr.events)-1].Seg }

// segWin sets the window field of the last segment.
func (tr *trace) segWin(w uint16) *trace { tr.lastSeg().Window = w; return tr }

// segWScale adds a window scale option to the last segment.
func (tr *trace) segWScale(shift uint8) *trace {
	_ = tr.lastSeg().Options.AddWScale(shift)
	return tr
}

// segTS adds a timestamps option to the last segment.
func (tr *trace) segTS(val, ecr uint32) *trace {
	_ = tr.lastSeg().Options.AddTimestamps(val, ecr)
	return tr
}

// lastIndex returns the index of the last event.
func (tr *trace) lastIndex() int { return len(tr.events) - 1 }

// passiveOpen is a server's handshake: ISS 9000, IRS 3000.
func passiveOpen(t testing.TB) *trace {
	tr := &trace{}
	tr.call(observe.OpListen, 0, observe.ErrNone).change(observe.Closed, observe.Listen).
		at(5).in(t, "S", 3000, 0, 0).change(observe.Listen, observe.SynReceived).out(t, "S.", 9000, 3001, 0).
		at(10).in(t, ".", 3001, 9001, 0).change(observe.SynReceived, observe.Established).
		notify(observe.NoteConnected, observe.ErrNone)
	return tr
}

// simultaneousOpen is Figure 7 of RFC 9293 seen from one side: ISS 1000,
// IRS 5000; the peer's SYN-ACK completes it.
func simultaneousOpen(t testing.TB) *trace {
	tr := &trace{}
	tr.call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(10).in(t, "S", 5000, 0, 0).
		change(observe.SynSent, observe.SynReceived).out(t, "S.", 1000, 5001, 0).
		at(20).in(t, "S.", 5000, 1001, 0).change(observe.SynReceived, observe.Established).
		notify(observe.NoteConnected, observe.ErrNone)
	return tr
}

// activeClose follows activeOpen: our FIN, the peer's ACK and FIN, our ACK;
// TIME-WAIT begins at 100 ms with RCV.NXT 5002.
func activeClose(t testing.TB, tr *trace) *trace {
	return tr.at(50).call(observe.OpClose, 0, observe.ErrNone).change(observe.Established, observe.FinWait1).
		out(t, "F.", 1001, 5001, 0).
		at(60).in(t, ".", 5001, 1002, 0).change(observe.FinWait1, observe.FinWait2).
		at(100).in(t, "F.", 5001, 1002, 0).change(observe.FinWait2, observe.TimeWait).
		out(t, ".", 1002, 5002, 0).notify(observe.NotePeerClosed, observe.ErrNone)
}

// shortMSL is the default configuration with an MSL of one second.
func shortMSL() Config {
	c := DefaultConfig()
	c.MSL = 1e9
	return c
}
