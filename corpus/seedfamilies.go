package corpus

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

// handshakeSeeds: active, passive and simultaneous open (RFC 9293 §3.5,
// Figures 6 and 7), each followed by data both ways.
func handshakeSeeds() []Seed {
	data := []properties.Step{call(observe.OpSend, 500), inOrder(segment.PSH|segment.ACK, 300), call(observe.OpRecv, 300), ack}
	simultaneous := properties.Step{Kind: properties.StepSegment, Flags: segment.SYN, Seq: at(properties.AtPeerISN, 0),
		Ack: at(properties.AtZero, 0), Window: peerWindow, Opts: properties.OptMSS, WScale: 14}
	return []Seed{
		{"handshake/active.pkt", "active open: SYN, SYN-ACK, ACK, then data both ways (RFC 9293 §3.5, Figure 6)",
			scenario(false, join([]properties.Step{peerSYNACK}, data)...)},
		{"handshake/passive.pkt", "passive open: LISTEN, SYN, SYN-ACK, ACK, then data both ways (RFC 9293 §3.5, Figure 6)",
			scenario(true, join([]properties.Step{peerSYN, ack}, data)...)},
		{"handshake/simultaneous.pkt", "simultaneous open: the SYNs cross, each side answers with SYN-ACK (RFC 9293 §3.5, Figure 7)",
			scenario(false, join([]properties.Step{simultaneous, peerSYNACK}, data)...)},
	}
}

// closeSeeds: active, passive and simultaneous close (RFC 9293 §3.6,
// Figures 12 and 13), through TIME-WAIT's 2 MSL (MSL is 1 s here), and
// the close of a listening endpoint.
func closeSeeds() []Seed {
	est := []properties.Step{peerSYN, ack}
	return []Seed{
		{"close/active.pkt", "active close: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT for 2 MSL, CLOSED (RFC 9293 §3.6, Figure 12)",
			scenario(true, join(est, []properties.Step{call(observe.OpClose, 0), ack, fin, wait(2500 * fsm.Millisecond)})...)},
		{"close/passive.pkt", "passive close: CLOSE-WAIT, LAST-ACK, CLOSED (RFC 9293 §3.6, Figure 12)",
			scenario(true, join(est, []properties.Step{fin, call(observe.OpRecv, 10), call(observe.OpClose, 0), ack})...)},
		{"close/listen.pkt", "close of a listening endpoint: LISTEN to CLOSED, then a SYN gets RST (RFC 9293 §3.10.4, §3.10.7.1)",
			scenario(true, call(observe.OpClose, 0), peerSYN, wait(settle))},
		{"close/simultaneous.pkt", "simultaneous close: the FINs cross, CLOSING, TIME-WAIT, CLOSED (RFC 9293 §3.6, Figure 13)",
			scenario(true, join(est, []properties.Step{call(observe.OpClose, 0), finNotAckingOurs, ack, wait(2500 * fsm.Millisecond)})...)},
	}
}

// retransmitSeeds: SYN, SYN-ACK, data and FIN retransmitted with RFC
// 6298's backoff (1 s doubling) until the retry limits of the open world
// (3 SYN retries, 4 others) give up.
func retransmitSeeds() []Seed {
	est := []properties.Step{peerSYN, ack}
	return []Seed{
		{"retransmit/syn.pkt", "SYN retransmitted at 1, 3, 7 s, then the open times out (RFC 6298 §5.5, RFC 9293 §3.8.3)",
			scenario(false, wait(20*fsm.Second))},
		{"retransmit/syn-ack.pkt", "SYN-ACK retransmitted with backoff until SYN-RECEIVED gives up (RFC 6298 §5.5)",
			scenario(true, peerSYN, wait(20*fsm.Second))},
		{"retransmit/data.pkt", "data retransmitted at 1, 3, 7, 15 s, then the connection times out (RFC 6298 §5.5, RFC 9293 §3.8.3)",
			scenario(true, join(est, []properties.Step{call(observe.OpSend, 100), wait(40 * fsm.Second)})...)},
		{"retransmit/fin.pkt", "FIN retransmitted with backoff until FIN-WAIT-1 gives up (RFC 6298 §5.5)",
			scenario(true, join(est, []properties.Step{call(observe.OpClose, 0), wait(40 * fsm.Second)})...)},
	}
}

// wrapSeeds: both sequence spaces cross 2^32 while data flows (RFC 9293
// §3.4: arithmetic is modulo 2^32).
func wrapSeeds() []Seed {
	flow := []properties.Step{call(observe.OpSend, 1000), inOrder(segment.PSH|segment.ACK, 1000), call(observe.OpRecv, 1000),
		inOrder(segment.FIN|segment.ACK, 0), call(observe.OpClose, 0), ack}
	passive := scenario(true, join([]properties.Step{peerSYN, ack}, flow)...)
	passive.ISN, passive.PeerISN = 1<<32-1, 1<<32-500
	active := scenario(false, join([]properties.Step{peerSYNACK}, flow)...)
	active.ISN, active.PeerISN = 1<<32-600, 1<<32-1
	return []Seed{
		{"wrap/passive.pkt", "passive open with ISN 2^32-1 and the peer's at 2^32-500: both streams cross 2^32 (RFC 9293 §3.4)", passive},
		{"wrap/active.pkt", "active open with ISN 2^32-600 and the peer's at 2^32-1: both streams cross 2^32 (RFC 9293 §3.4)", active},
	}
}

// legacySeeds: RST and SYN at the window positions in ESTABLISHED under
// RFC 793's rules, where an in-window RST or SYN resets (RFC 9293
// §3.10.7.4 without RFC 5961).
func legacySeeds() []Seed {
	est := []properties.Step{peerSYN, ack}
	var out []Seed
	for _, k := range []probeKind{{"rst", segment.RST, 0}, {"syn", segment.SYN, 0}} {
		for _, p := range windowPositions {
			sc := scenario(true, join(est, []properties.Step{seg(k.flags, p.seq, at(properties.AtZero, 0), 0), wait(settle)})...)
			sc.Legacy = true
			out = append(out, Seed{
				Path:     "legacy/established-" + k.name + "-" + p.name + ".pkt",
				Title:    "RFC 793 mode: ESTABLISHED receives " + k.name + " with " + p.what + " (RFC 9293 §3.10.7.4, no RFC 5961)",
				Scenario: sc,
			})
		}
	}
	return out
}
