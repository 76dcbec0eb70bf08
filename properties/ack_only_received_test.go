package properties

import (
	"testing"

	"tcpcheck/observe"
)

func TestAckOnlyReceivedPassesExchanges(t *testing.T) {
	for name, tr := range map[string]*trace{
		"data and FIN": activeOpen(t).at(20).in(t, "P.", 5001, 1001, 50).out(t, ".", 1001, 5051, 0).
			at(30).in(t, "F.", 5051, 1001, 0).out(t, ".", 1001, 5052, 0),
		"passive": passiveOpen(t).at(20).in(t, "P.", 3001, 9001, 10).out(t, ".", 9001, 3011, 0),
		// Figure 7 with the peer's SYN carrying text the endpoint
		// acknowledges once ESTABLISHED.
		"simultaneous open with text on the SYN": (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
			change(observe.Closed, observe.SynSent).out(t, "S", 1000, 0, 0).
			in(t, "S", 5000, 0, 5).change(observe.SynSent, observe.SynReceived).out(t, "S.", 1000, 5001, 0).
			in(t, ".", 5006, 1001, 0).change(observe.SynReceived, observe.Established).out(t, ".", 1001, 5006, 0),
		// IRS 2^32-10: 20 bytes take RCV.NXT across the wrap to 11.
		"across the wrap": (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
			change(observe.Closed, observe.SynSent).out(t, "S", 1000, 0, 0).
			in(t, "S.", 1<<32-10, 1001, 0).change(observe.SynSent, observe.Established).out(t, ".", 1001, 1<<32-9, 0).
			in(t, "P.", 1<<32-9, 1001, 20).out(t, ".", 1001, 11, 0),
		// A segment 2^31 away from RCV.NXT counts for nothing: it does not
		// carry the highest edge around the circle.
		"segment 2^31 away": simultaneousOpen(t).in(t, "S", 5000+1<<31, 1001, 0).out(t, ".", 1001, 5001, 0).
			in(t, ".", 5000+1<<31+1<<30, 1001, 10).out(t, ".", 1001, 5001, 0),
		// RFC 9293 §3.10.7.1: CLOSED answers <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
		"RST in CLOSED": (&trace{}).in(t, "F", 700, 0, 3).out(t, "R.", 0, 704, 0),
	} {
		t.Run(name, func(t *testing.T) { mustPass(t, tr, new(AckOnlyReceived), DefaultConfig()) })
	}
}

func TestAckOnlyReceivedFlagsAckBeyondData(t *testing.T) {
	tr := activeOpen(t).at(20).in(t, "P.", 5001, 1001, 50).out(t, ".", 1001, 5052, 0)
	mustFlag(t, tr, new(AckOnlyReceived), DefaultConfig(), tr.lastIndex(),
		"acknowledged 5052, beyond 5051, the highest sequence number received")
}

func TestAckOnlyReceivedFlagsAckOfSynDataNotReceived(t *testing.T) {
	// The SYN-ACK acknowledges more than the SYN.
	tr := (&trace{}).call(observe.OpListen, 0, observe.ErrNone).change(observe.Closed, observe.Listen).
		in(t, "S", 3000, 0, 0).change(observe.Listen, observe.SynReceived).out(t, "S.", 9000, 3002, 0)
	mustFlag(t, tr, new(AckOnlyReceived), DefaultConfig(), tr.lastIndex(), "acknowledged 3002, beyond 3001")
}

func TestAckOnlyReceivedFlagsAcrossTheWrap(t *testing.T) {
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
		change(observe.Closed, observe.SynSent).out(t, "S", 1000, 0, 0).
		in(t, "S.", 1<<32-10, 1001, 0).change(observe.SynSent, observe.Established).out(t, ".", 1001, 1<<32-9, 0).
		in(t, "P.", 1<<32-9, 1001, 20).out(t, ".", 1001, 12, 0)
	mustFlag(t, tr, new(AckOnlyReceived), DefaultConfig(), tr.lastIndex(), "acknowledged 12, beyond 11")
}

func TestAckOnlyReceivedFlagsAckBeforeSyn(t *testing.T) {
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).out(t, ".", 1001, 5001, 0)
	mustFlag(t, tr, new(AckOnlyReceived), DefaultConfig(), tr.lastIndex(), "acknowledged 5001 before any SYN arrived")
}

func TestAckOnlyReceivedFlagsAckOfSegmentOutsideWindow(t *testing.T) {
	// Text far beyond the window offered is never received.
	tr := activeOpen(t).at(20).in(t, "P.", 5001+1<<20, 1001, 10).out(t, ".", 1001, 5011+1<<20, 0)
	mustFlag(t, tr, new(AckOnlyReceived), DefaultConfig(), tr.lastIndex(), "acknowledged 1053587, beyond 5001")
}
