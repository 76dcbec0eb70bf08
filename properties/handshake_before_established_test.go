package properties

import (
	"testing"

	"tcpcheck/observe"
)

func TestHandshakeBeforeEstablishedPassesOpenings(t *testing.T) {
	for name, tr := range map[string]*trace{
		"active":  activeOpen(t),
		"passive": passiveOpen(t),
		// Figure 7: the peer's SYN-ACK completes the open.
		"simultaneous, SYN-ACK": simultaneousOpen(t),
		// The same, completed by the peer's ACK instead.
		"simultaneous, ACK": (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
			change(observe.Closed, observe.SynSent).out(t, "S", 1000, 0, 0).
			at(10).in(t, "S", 5000, 0, 0).change(observe.SynSent, observe.SynReceived).out(t, "S.", 1000, 5001, 0).
			at(20).in(t, ".", 5001, 1001, 0).change(observe.SynReceived, observe.Established),
		// ISS 2^32-1: the SYN-ACK acknowledges 0.
		"active across the wrap": (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
			change(observe.Closed, observe.SynSent).out(t, "S", 1<<32-1, 0, 0).
			at(10).in(t, "S.", 7, 0, 0).change(observe.SynSent, observe.Established).out(t, ".", 0, 8, 0),
		// IRS 2^32-1: the ACK is at 0.
		"passive across the wrap": (&trace{}).call(observe.OpListen, 0, observe.ErrNone).
			change(observe.Closed, observe.Listen).in(t, "S", 1<<32-1, 0, 0).
			change(observe.Listen, observe.SynReceived).out(t, "S.", 1<<32-2, 0, 0).
			in(t, ".", 0, 1<<32-1, 0).change(observe.SynReceived, observe.Established),
		// A retransmitted SYN-ACK, and an old duplicate SYN that draws a
		// challenge ACK meanwhile, do not disturb the exchange.
		"passive with retransmission": (&trace{}).call(observe.OpListen, 0, observe.ErrNone).
			change(observe.Closed, observe.Listen).in(t, "S", 3000, 0, 0).
			change(observe.Listen, observe.SynReceived).out(t, "S.", 9000, 3001, 0).
			at(500).in(t, "S", 77, 0, 0).out(t, ".", 9001, 3001, 0).
			at(1000).tick().out(t, "S.", 9000, 3001, 0).
			at(1010).in(t, "P.", 3001, 9001, 20).change(observe.SynReceived, observe.Established),
		// An old SYN sends a passive open back to LISTEN; a new one opens.
		"passive after reset to LISTEN": (&trace{}).call(observe.OpListen, 0, observe.ErrNone).
			change(observe.Closed, observe.Listen).in(t, "S", 3000, 0, 0).
			change(observe.Listen, observe.SynReceived).out(t, "S.", 9000, 3001, 0).
			in(t, "R", 3001, 0, 0).change(observe.SynReceived, observe.Listen).
			in(t, "S", 4000, 0, 0).change(observe.Listen, observe.SynReceived).out(t, "S.", 12000, 4001, 0).
			in(t, ".", 4001, 12001, 0).change(observe.SynReceived, observe.Established),
		// A new incarnation from TIME-WAIT through LISTEN on one SYN.
		"new incarnation": activeClose(t, activeOpen(t)).at(200).in(t, "S", 6000, 0, 0).
			change(observe.TimeWait, observe.Listen).change(observe.Listen, observe.SynReceived).
			out(t, "S.", 70000, 6001, 0).in(t, ".", 6001, 70001, 0).
			change(observe.SynReceived, observe.Established),
	} {
		t.Run(name, func(t *testing.T) { mustPass(t, tr, new(HandshakeBeforeEstablished), DefaultConfig()) })
	}
}

func TestHandshakeBeforeEstablishedFlagsWrongSynAckAck(t *testing.T) {
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(10).in(t, "S.", 5000, 1002, 0).change(observe.SynSent, observe.Established)
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), tr.lastIndex(),
		"acknowledging 1002, but our SYN was 1000 (ACK 1001 due)")
}

func TestHandshakeBeforeEstablishedFlagsWrapOffByOne(t *testing.T) {
	// ISS 2^32-1: ACK 2^32-1+1 is 0, not 2^32 nor 1.
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1<<32-1, 0, 0).at(10).in(t, "S.", 7, 1, 0).change(observe.SynSent, observe.Established)
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), tr.lastIndex(),
		"acknowledging 1, but our SYN was 4294967295 (ACK 0 due)")
}

func TestHandshakeBeforeEstablishedFlagsPassiveWrongNumbers(t *testing.T) {
	tr := passiveOpen(t)
	tr.events[5].Seg.Ack = 9000 // the ACK does not cover our SYN
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), 6,
		"acknowledging 9000, but our SYN-ACK was 9000 (ACK 9001 due)")

	tr = passiveOpen(t)
	tr.events[5].Seg.Seq = 3000 // the peer's SYN's own number again
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), 6,
		"at 3000, outside the window 3001..68536 after the peer's SYN at 3000")
}

func TestHandshakeBeforeEstablishedFlagsEstablishedOnSYN(t *testing.T) {
	// The endpoint takes its own SYN-ACK for the third step: ESTABLISHED
	// on the peer's SYN.
	tr := (&trace{}).call(observe.OpListen, 0, observe.ErrNone).change(observe.Closed, observe.Listen).
		in(t, "S", 3000, 0, 0).change(observe.Listen, observe.SynReceived).
		change(observe.SynReceived, observe.Established).out(t, "S.", 9000, 3001, 0)
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), 4, "on a segment without ACK (seq 3000)")
}

func TestHandshakeBeforeEstablishedFlagsEstablishedOnTimer(t *testing.T) {
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(1000).tick().change(observe.SynSent, observe.Established)
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), tr.lastIndex(), "on a call or a timer")
}

func TestHandshakeBeforeEstablishedFlagsSimultaneousOpenWrongSynAck(t *testing.T) {
	// In a simultaneous open the peer's SYN-ACK must carry the SYN we
	// answered (5000), not another.
	tr := simultaneousOpen(t)
	tr.events[6].Seg.Seq = 5005
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), 7,
		"SYN-ACK at 5005, which is not the simultaneous open's SYN at 5000")
}

func TestHandshakeBeforeEstablishedFlagsSynAckForNoSyn(t *testing.T) {
	// The SYN-ACK answers 4000, but the SYN received was 3000.
	tr := (&trace{}).call(observe.OpListen, 0, observe.ErrNone).change(observe.Closed, observe.Listen).
		in(t, "S", 3000, 0, 0).change(observe.Listen, observe.SynReceived).out(t, "S.", 9000, 4001, 0).
		in(t, ".", 4001, 9001, 0).change(observe.SynReceived, observe.Established)
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), tr.lastIndex(),
		"neither a SYN sent nor a SYN-ACK sent for a SYN received (seq 4001 ack 9001)")
}

func TestHandshakeBeforeEstablishedFlagsSecondEntry(t *testing.T) {
	tr := activeOpen(t)
	tr.at(50).in(t, ".", 5001, 1001, 0).change(observe.Established, observe.Established)
	mustFlag(t, tr, new(HandshakeBeforeEstablished), DefaultConfig(), tr.lastIndex(), "again without a new handshake")
}
