package properties

import (
	"testing"

	"tcpcheck/observe"
)

func TestLegalTransitionPassesLifecycles(t *testing.T) {
	legacy := DefaultConfig()
	legacy.Legacy = true
	for name, c := range map[string]struct {
		tr  *trace
		cfg Config
	}{
		"active open, active close": {activeClose(t, activeOpen(t)).at(2100).tick().
			change(observe.TimeWait, observe.Closed), DefaultConfig()},
		"passive open, passive close": {passiveOpen(t).at(50).in(t, "F.", 3001, 9001, 0).
			change(observe.Established, observe.CloseWait).out(t, ".", 9001, 3002, 0).
			at(60).call(observe.OpClose, 0, observe.ErrNone).change(observe.CloseWait, observe.LastAck).
			out(t, "F.", 9001, 3002, 0).at(70).in(t, ".", 3002, 9002, 0).
			change(observe.LastAck, observe.Closed), DefaultConfig()},
		// Figures 7 and 13: simultaneous open, then simultaneous close.
		"simultaneous open and close": {simultaneousOpen(t).at(50).call(observe.OpClose, 0, observe.ErrNone).
			change(observe.Established, observe.FinWait1).out(t, "F.", 1001, 5001, 0).
			at(60).in(t, "F.", 5001, 1001, 0).change(observe.FinWait1, observe.Closing).out(t, ".", 1002, 5002, 0).
			at(70).in(t, ".", 5002, 1002, 0).change(observe.Closing, observe.TimeWait), DefaultConfig()},
		// A FIN that also acknowledges ours: straight to TIME-WAIT, or
		// through FIN-WAIT-2 within the same stimulus.
		"FIN-WAIT-1 to TIME-WAIT": {activeOpen(t).at(50).call(observe.OpShutdown, 0, observe.ErrNone).
			change(observe.Established, observe.FinWait1).out(t, "F.", 1001, 5001, 0).
			at(60).in(t, "F.", 5001, 1002, 0).change(observe.FinWait1, observe.TimeWait), DefaultConfig()},
		"FIN-WAIT-1 to FIN-WAIT-2 to TIME-WAIT": {activeOpen(t).at(50).call(observe.OpShutdown, 0, observe.ErrNone).
			change(observe.Established, observe.FinWait1).out(t, "F.", 1001, 5001, 0).
			at(60).in(t, "F.", 5001, 1002, 0).change(observe.FinWait1, observe.FinWait2).
			change(observe.FinWait2, observe.TimeWait), DefaultConfig()},
		// Figure 9: an RST sends a passive SYN-RECEIVED back to LISTEN.
		"passive SYN-RECEIVED back to LISTEN": {(&trace{}).call(observe.OpListen, 0, observe.ErrNone).
			change(observe.Closed, observe.Listen).in(t, "S", 3000, 0, 0).
			change(observe.Listen, observe.SynReceived).out(t, "S.", 9000, 3001, 0).
			in(t, "R", 3001, 0, 0).change(observe.SynReceived, observe.Listen), DefaultConfig()},
		// CLOSE in SYN-RECEIVED takes effect once the ACK comes.
		"close queued in SYN-RECEIVED": {(&trace{}).call(observe.OpListen, 0, observe.ErrNone).
			change(observe.Closed, observe.Listen).in(t, "S", 3000, 0, 0).
			change(observe.Listen, observe.SynReceived).out(t, "S.", 9000, 3001, 0).
			call(observe.OpClose, 0, observe.ErrNone).
			in(t, ".", 3001, 9001, 0).change(observe.SynReceived, observe.Established).
			change(observe.Established, observe.FinWait1).out(t, "F.", 9001, 3001, 0), DefaultConfig()},
		// A FIN on the peer's SYN in a simultaneous open waits for
		// ESTABLISHED.
		"FIN on the SYN": {(&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
			change(observe.Closed, observe.SynSent).out(t, "S", 1000, 0, 0).
			in(t, "SF", 5000, 0, 0).change(observe.SynSent, observe.SynReceived).out(t, "S.", 1000, 5001, 0).
			in(t, ".", 5002, 1001, 0).change(observe.SynReceived, observe.Established).
			change(observe.Established, observe.CloseWait), DefaultConfig()},
		// RFC 6191: a new incarnation from TIME-WAIT, through LISTEN.
		"new incarnation through LISTEN": {activeClose(t, activeOpen(t)).at(200).in(t, "S", 6000, 0, 0).
			change(observe.TimeWait, observe.Listen).change(observe.Listen, observe.SynReceived).
			out(t, "S.", 70000, 6001, 0), DefaultConfig()},
		"timeouts and aborts": {activeOpen(t).at(9000).tick().change(observe.Established, observe.Closed).
			call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
			call(observe.OpAbort, 0, observe.ErrNone).change(observe.SynSent, observe.Closed), DefaultConfig()},
		// RFC 1122 §4.2.2.13: new data after a close call draws an RST.
		"data after close resets": {activeOpen(t).at(50).call(observe.OpClose, 0, observe.ErrNone).
			change(observe.Established, observe.FinWait1).out(t, "F.", 1001, 5001, 0).
			at(60).in(t, "P.", 5001, 1001, 10).change(observe.FinWait1, observe.Closed).
			out(t, "R", 1001, 0, 0), DefaultConfig()},
		"RFC 793 SYN resets": {activeOpen(t).at(50).in(t, "S", 5001, 0, 0).
			change(observe.Established, observe.Closed).out(t, "R.", 1001, 5001, 0), legacy},
	} {
		t.Run(name, func(t *testing.T) { mustPass(t, c.tr, new(LegalTransition), c.cfg) })
	}
}

func TestLegalTransitionFlagsNonEdge(t *testing.T) {
	tr := (&trace{}).in(t, ".", 5001, 1001, 0).change(observe.Closed, observe.Established)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), 1,
		"CLOSED -> ESTABLISHED is not an edge of the RFC 9293 state diagram")
}

func TestLegalTransitionFlagsWrongCause(t *testing.T) {
	// SYN-SENT -> ESTABLISHED needs the peer's SYN-ACK, not an ACK.
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).in(t, ".", 5001, 1001, 0).change(observe.SynSent, observe.Established)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), 4,
		"SYN-SENT -> ESTABLISHED on an ACK (seq 5001 ack 1001), not an event RFC 9293 names")

	// CLOSE-WAIT needs the peer's FIN.
	tr = activeOpen(t)
	tr.at(50).call(observe.OpRecv, 0, observe.ErrNone).change(observe.Established, observe.CloseWait)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), tr.lastIndex(), "ESTABLISHED -> CLOSE-WAIT on a recv call")

	// TIME-WAIT ends on its timer, an RST or ABORT, not on close.
	tr = activeClose(t, activeOpen(t)).at(200).call(observe.OpClose, 0, observe.ErrNone).
		change(observe.TimeWait, observe.Closed)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), tr.lastIndex(), "TIME-WAIT -> CLOSED on a close call")
}

func TestLegalTransitionFlagsConditions(t *testing.T) {
	// An actively opened SYN-RECEIVED (simultaneous open) does not return
	// to LISTEN on an RST: it never was in LISTEN.
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).in(t, "S", 5000, 0, 0).change(observe.SynSent, observe.SynReceived).
		out(t, "S.", 1000, 5001, 0).in(t, "R", 5001, 0, 0).change(observe.SynReceived, observe.Listen)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), tr.lastIndex(),
		"SYN-RECEIVED -> LISTEN on an RST (seq 5001 ack 0)")

	// Without legacy mode a SYN does not reset an established connection.
	tr = activeOpen(t)
	tr.at(50).in(t, "S", 5001, 0, 0).change(observe.Established, observe.Closed)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), tr.lastIndex(),
		"ESTABLISHED -> CLOSED on a SYN (seq 5001 ack 0)")

	// After shutdown the application still reads: data is no reason to
	// reset (RFC 1122 §4.2.2.13 is about close).
	tr = activeOpen(t)
	tr.at(50).call(observe.OpShutdown, 0, observe.ErrNone).change(observe.Established, observe.FinWait1).
		out(t, "F.", 1001, 5001, 0).at(60).in(t, "P.", 5001, 1001, 10).change(observe.FinWait1, observe.Closed)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), tr.lastIndex(),
		"FIN-WAIT-1 -> CLOSED on an ACK (seq 5001 ack 1001)")

	// ESTABLISHED -> FIN-WAIT-1 on an ACK needs a CLOSE queued.
	tr = passiveOpen(t)
	tr.events = tr.events[:len(tr.events)-1]
	tr.change(observe.Established, observe.FinWait1)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), tr.lastIndex(),
		"ESTABLISHED -> FIN-WAIT-1 on an ACK (seq 3001 ack 9001)")
}

func TestLegalTransitionFlagsHalfANewIncarnation(t *testing.T) {
	tr := activeClose(t, activeOpen(t)).at(200).in(t, "S", 6000, 0, 0).
		change(observe.TimeWait, observe.Listen).out(t, ".", 1002, 5002, 0)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), tr.lastIndex(),
		"TIME-WAIT -> LISTEN on a SYN (seq 6000) did not go on to SYN-RECEIVED")
}

func TestLegalTransitionFlagsDiscontinuity(t *testing.T) {
	tr := activeOpen(t)
	tr.at(50).in(t, "F.", 5001, 1001, 0).change(observe.FinWait1, observe.Closing)
	mustFlag(t, tr, new(LegalTransition), DefaultConfig(), tr.lastIndex(),
		"a change from FIN-WAIT-1 reported while the endpoint was in ESTABLISHED")
}
