package properties

import (
	"testing"

	"tcpcheck/observe"
)

// timeWait is activeOpen and activeClose: TIME-WAIT from 100 ms, RCV.NXT
// 5002. With shortMSL it must last until 2100 ms.
func timeWait(t testing.TB) *trace { return activeClose(t, activeOpen(t)) }

// timeWaitAtWrap reaches TIME-WAIT with the peer's FIN at 2^32-1, so that
// RCV.NXT is 0.
func timeWaitAtWrap(t testing.TB) *trace {
	return (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(10).in(t, "S.", 1<<32-2, 1001, 0).
		change(observe.SynSent, observe.Established).out(t, ".", 1001, 1<<32-1, 0).
		at(50).call(observe.OpClose, 0, observe.ErrNone).change(observe.Established, observe.FinWait1).
		out(t, "F.", 1001, 1<<32-1, 0).
		at(100).in(t, "F.", 1<<32-1, 1002, 0).change(observe.FinWait1, observe.TimeWait).
		out(t, ".", 1002, 0, 0)
}

// timeWaitTS is timeWait with timestamps: the last TSval seen from the
// peer is 310.
func timeWaitTS(t testing.TB) *trace {
	return (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).segTS(200, 0).
		at(10).in(t, "S.", 5000, 1001, 0).segTS(300, 200).change(observe.SynSent, observe.Established).
		out(t, ".", 1001, 5001, 0).segTS(210, 300).
		at(50).call(observe.OpClose, 0, observe.ErrNone).change(observe.Established, observe.FinWait1).
		out(t, "F.", 1001, 5001, 0).segTS(220, 300).
		at(100).in(t, "F.", 5001, 1002, 0).segTS(310, 220).change(observe.FinWait1, observe.TimeWait).
		out(t, ".", 1002, 5002, 0).segTS(230, 310)
}

func TestTimeWait2MSLPassesLawfulEnds(t *testing.T) {
	slack := shortMSL()
	slack.Slack = 10e6
	for name, c := range map[string]struct {
		tr  *trace
		cfg Config
	}{
		"timer at 2 MSL":         {timeWait(t).at(2100).tick().change(observe.TimeWait, observe.Closed), shortMSL()},
		"timer within the slack": {timeWait(t).at(2095).tick().change(observe.TimeWait, observe.Closed), slack},
		// RFC 9293 §3.10.7.4 eighth check: the FIN again restarts 2 MSL.
		"FIN restarts": {timeWait(t).at(1500).in(t, "F.", 5001, 1002, 0).out(t, ".", 1002, 5002, 0).
			at(2100).tick().at(3500).tick().change(observe.TimeWait, observe.Closed), shortMSL()},
		// An ACK is not a FIN: it restarts nothing.
		"ACK does not restart": {timeWait(t).at(1500).in(t, ".", 5002, 1002, 0).
			at(2100).tick().change(observe.TimeWait, observe.Closed), shortMSL()},
		"RST at RCV.NXT": {timeWait(t).at(500).in(t, "R", 5002, 0, 0).change(observe.TimeWait, observe.Closed), shortMSL()},
		"abort":          {timeWait(t).at(500).call(observe.OpAbort, 0, observe.ErrNone).change(observe.TimeWait, observe.Closed), shortMSL()},
		// RFC 6191: a SYN above the old sequence space, through LISTEN.
		"new SYN above RCV.NXT": {timeWait(t).at(500).in(t, "S", 6000, 0, 0).
			change(observe.TimeWait, observe.Listen).change(observe.Listen, observe.SynReceived).
			out(t, "S.", 70000, 6001, 0), shortMSL()},
		"new SYN across the wrap": {timeWaitAtWrap(t).at(500).in(t, "S", 5, 0, 0).
			change(observe.TimeWait, observe.SynReceived).out(t, "S.", 70000, 6, 0), shortMSL()},
		// RFC 6191: a SYN below RCV.NXT but with a newer timestamp.
		"new SYN with a newer timestamp": {timeWaitTS(t).at(500).in(t, "S", 10, 0, 0).segTS(400, 0).
			change(observe.TimeWait, observe.SynReceived), shortMSL()},
		// RFC 793 §3.9 fourth check: in legacy mode an in-window SYN (here
		// a SYN-ACK) draws a reset and closes.
		"legacy in-window SYN-ACK": {timeWait(t).at(500).in(t, "S.", 5002, 1002, 0).out(t, "R", 1002, 0, 0).
			change(observe.TimeWait, observe.Closed), legacyMSL()},
	} {
		t.Run(name, func(t *testing.T) { mustPass(t, c.tr, new(TimeWait2MSL), c.cfg) })
	}
}

func legacyMSL() Config { c := shortMSL(); c.Legacy = true; return c }

// Under RFC 5961 the same SYN-ACK may not end TIME-WAIT (it draws a
// challenge ACK).
func TestTimeWait2MSLFlagsSecureSYNClose(t *testing.T) {
	tr := timeWait(t).at(500).in(t, "S.", 5002, 1002, 0).out(t, "R", 1002, 0, 0).change(observe.TimeWait, observe.Closed)
	mustFlag(t, tr, new(TimeWait2MSL), shortMSL(), tr.lastIndex(),
		"TIME-WAIT (begun or restarted at 100 ms) left at 500 ms, before 2 MSL (2000 ms), on neither its timer, ABORT, an RST nor a new SYN")
}

func TestTimeWait2MSLFlagsShortTimeWait(t *testing.T) {
	tr := timeWait(t).at(1100).tick().change(observe.TimeWait, observe.Closed)
	mustFlag(t, tr, new(TimeWait2MSL), shortMSL(), tr.lastIndex(),
		"TIME-WAIT (begun or restarted at 100 ms) ended on a timer at 1100 ms, before 2 MSL (2000 ms)")
}

func TestTimeWait2MSLFlagsFINNotRestarting(t *testing.T) {
	tr := timeWait(t).at(1500).in(t, "F.", 5001, 1002, 0).out(t, ".", 1002, 5002, 0).
		at(2100).tick().change(observe.TimeWait, observe.Closed)
	mustFlag(t, tr, new(TimeWait2MSL), shortMSL(), tr.lastIndex(),
		"TIME-WAIT (begun or restarted at 1500 ms) ended on a timer at 2100 ms, before 2 MSL (2000 ms)")
}

func TestTimeWait2MSLFlagsAssassination(t *testing.T) {
	// RFC 1337: an RST not at RCV.NXT may not end TIME-WAIT.
	tr := timeWait(t).at(500).in(t, "R", 5010, 0, 0).change(observe.TimeWait, observe.Closed)
	mustFlag(t, tr, new(TimeWait2MSL), shortMSL(), tr.lastIndex(), "an RST at 5010 ended TIME-WAIT, but RCV.NXT is 5002")
}

func TestTimeWait2MSLFlagsOldSYN(t *testing.T) {
	tr := timeWait(t).at(500).in(t, "S", 4000, 0, 0).change(observe.TimeWait, observe.SynReceived)
	mustFlag(t, tr, new(TimeWait2MSL), shortMSL(), tr.lastIndex(),
		"a SYN at 4000 began a new incarnation 400 ms into TIME-WAIT, below RCV.NXT 5002")

	// With timestamps, one no newer than the last seen.
	tr = timeWaitTS(t).at(500).in(t, "S", 10, 0, 0).segTS(310, 0).change(observe.TimeWait, observe.SynReceived)
	mustFlag(t, tr, new(TimeWait2MSL), shortMSL(), tr.lastIndex(),
		"a SYN at 10 began a new incarnation 400 ms into TIME-WAIT, below RCV.NXT 5002 and not newer by timestamp")

	// Across the wrap: 2^32-5 is below RCV.NXT 0.
	tr = timeWaitAtWrap(t).at(500).in(t, "S", 1<<32-5, 0, 0).change(observe.TimeWait, observe.SynReceived)
	mustFlag(t, tr, new(TimeWait2MSL), shortMSL(), tr.lastIndex(),
		"a SYN at 4294967291 began a new incarnation 400 ms into TIME-WAIT, below RCV.NXT 0")
}

func TestTimeWait2MSLFlagsEarlyReuse(t *testing.T) {
	tr := timeWait(t).at(500).call(observe.OpConnect, 0, observe.ErrNone).change(observe.TimeWait, observe.SynSent)
	mustFlag(t, tr, new(TimeWait2MSL), shortMSL(), tr.lastIndex(),
		"TIME-WAIT (begun or restarted at 100 ms) left at 500 ms, before 2 MSL (2000 ms)")
}
