package properties

import (
	"testing"

	"tcpcheck/observe"
)

func TestSynFinConsumeOnePassesSequenceSpace(t *testing.T) {
	for name, tr := range map[string]*trace{
		// SYN at 1000, text from 1001, FIN at 1201, ACKs at 1202; the
		// SYN, text and FIN sent again keep their numbers.
		"active": (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
			out(t, "S", 1000, 0, 0).at(1000).tick().out(t, "S", 1000, 0, 0).
			at(1010).in(t, "S.", 5000, 1001, 0).change(observe.SynSent, observe.Established).out(t, ".", 1001, 5001, 0).
			at(1020).out(t, "P.", 1001, 5001, 100).out(t, "P.", 1101, 5001, 100).
			at(2020).out(t, "P.", 1001, 5001, 100).
			at(2030).call(observe.OpClose, 0, observe.ErrNone).change(observe.Established, observe.FinWait1).
			out(t, "F.", 1201, 5001, 0).at(3030).out(t, "F.", 1201, 5001, 0).
			out(t, "FP.", 1101, 5001, 100).
			at(3040).in(t, "F.", 5001, 1202, 0).out(t, ".", 1202, 5002, 0),
		// A keep-alive at SND.NXT-1, with and without its garbage octet.
		"keep-alive": activeOpen(t).at(7200000).tick().out(t, ".", 1000, 5001, 0).at(7275000).tick().out(t, ".", 1000, 5001, 1),
		// A zero-window probe: one octet at SND.NXT, then again.
		"zero-window probe": activeOpen(t).at(100).out(t, ".", 1001, 5001, 1).at(1100).out(t, ".", 1001, 5001, 1),
		// Figure 7: the SYN-ACK repeats our SYN's number.
		"simultaneous open and close": simultaneousOpen(t).at(50).call(observe.OpClose, 0, observe.ErrNone).
			change(observe.Established, observe.FinWait1).out(t, "F.", 1001, 5001, 0).
			at(60).in(t, "F.", 5001, 1001, 0).change(observe.FinWait1, observe.Closing).out(t, ".", 1002, 5002, 0),
		// ISS 2^32-1: text starts at 0.
		"across the wrap": (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
			change(observe.Closed, observe.SynSent).out(t, "S", 1<<32-1, 0, 0).
			in(t, "S.", 7, 0, 0).change(observe.SynSent, observe.Established).out(t, ".", 0, 8, 0).
			out(t, "P.", 0, 8, 10).out(t, "F.", 10, 8, 0),
		// A new incarnation has a sequence space of its own.
		"new incarnation": activeClose(t, activeOpen(t)).at(200).in(t, "S", 6000, 0, 0).
			change(observe.TimeWait, observe.Listen).change(observe.Listen, observe.SynReceived).
			out(t, "S.", 70000, 6001, 0).in(t, ".", 6001, 70001, 0).
			change(observe.SynReceived, observe.Established).out(t, "P.", 70001, 6001, 5),
	} {
		t.Run(name, func(t *testing.T) { mustPass(t, tr, new(SynFinConsumeOne), DefaultConfig()) })
	}
}

func TestSynFinConsumeOneFlagsSynNotConsumed(t *testing.T) {
	// The ACK of the handshake, and text, at ISS itself.
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).in(t, "S.", 5000, 1001, 0).change(observe.SynSent, observe.Established).
		out(t, ".", 1000, 5001, 0)
	mustFlag(t, tr, new(SynFinConsumeOne), DefaultConfig(), tr.lastIndex(),
		"segment at 1000, but the SYN occupies ISS 1000: the next number is 1001")
}

func TestSynFinConsumeOneFlagsGap(t *testing.T) {
	// After the SYN at 1000 the next new segment starts at 1001, not 1002.
	tr := activeOpen(t).at(20).out(t, "P.", 1002, 5001, 10)
	mustFlag(t, tr, new(SynFinConsumeOne), DefaultConfig(), tr.lastIndex(),
		"segment at 1002 leaves a gap: the next sequence number is 1001")

	// Across the wrap: ISS 2^32-1, 10 octets from 0, the next is 10.
	tr = (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
		change(observe.Closed, observe.SynSent).out(t, "S", 1<<32-1, 0, 0).
		in(t, "S.", 7, 0, 0).change(observe.SynSent, observe.Established).out(t, ".", 0, 8, 0).
		out(t, "P.", 0, 8, 10).out(t, "P.", 11, 8, 10)
	mustFlag(t, tr, new(SynFinConsumeOne), DefaultConfig(), tr.lastIndex(),
		"segment at 11 leaves a gap: the next sequence number is 10")
}

func TestSynFinConsumeOneFlagsFinNumbers(t *testing.T) {
	closing := func() *trace {
		return activeOpen(t).at(20).out(t, "P.", 1001, 5001, 100).
			call(observe.OpClose, 0, observe.ErrNone).change(observe.Established, observe.FinWait1).
			out(t, "F.", 1101, 5001, 0)
	}
	// The FIN sent again at another number.
	tr := closing().at(1100).out(t, "F.", 1102, 5001, 0)
	mustFlag(t, tr, new(SynFinConsumeOne), DefaultConfig(), tr.lastIndex(), "FIN at 1102, but the FIN was sent at 1101")

	// New text after the FIN.
	tr = closing().out(t, "P.", 1101, 5001, 10)
	mustFlag(t, tr, new(SynFinConsumeOne), DefaultConfig(), tr.lastIndex(), "text up to 1111 after the FIN at 1101")

	// A segment past the FIN's one number.
	tr = closing().out(t, ".", 1103, 5001, 0)
	mustFlag(t, tr, new(SynFinConsumeOne), DefaultConfig(), tr.lastIndex(),
		"segment at 1103 leaves a gap: the next sequence number is 1102")

	// A FIN inside text already sent.
	tr = activeOpen(t).at(20).out(t, "P.", 1001, 5001, 100).out(t, "F.", 1051, 5001, 0)
	mustFlag(t, tr, new(SynFinConsumeOne), DefaultConfig(), tr.lastIndex(), "FIN at 1051, but text was sent up to 1101")
}

func TestSynFinConsumeOneFlagsSynMoving(t *testing.T) {
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(1000).tick().out(t, "S", 1001, 0, 0)
	mustFlag(t, tr, new(SynFinConsumeOne), DefaultConfig(), tr.lastIndex(), "SYN at 1001, but the ISS is 1000")
}
