package fsm

import "tcpcheck/segment"

// dropUnacceptable handles a segment in a synchronized state that failed
// PAWS or the acceptability test (RFC 9293 §3.10.7.4 first): "If an
// incoming segment is not acceptable, an acknowledgment should be sent in
// reply (unless the RST bit is set, if so drop the segment and return)".
// Three refinements: a SYN draws RFC 5961's challenge ACK in secure mode;
// a segment at RCV.NXT into a zero window has its ACK taken; the ACKs that
// answer segments without data are spaced (sendInvalidAck).
func (e *Endpoint) dropUnacceptable(now Time, in *segment.Segment, paws bool) {
	switch {
	case in.Flags&segment.RST != 0:
	case in.Flags&segment.SYN != 0 && !e.cfg.Legacy:
		// RFC 5961 §4.2: a SYN draws a challenge ACK "irrespective of
		// the sequence number", so it counts against §7's limit.
		e.sendChallengeAck(now)
	case !paws && e.zeroWindowProbe(in):
		e.takeZeroWindowAck(now, in)
	case in.SeqLen() == 0:
		e.sendInvalidAck(now)
	default:
		e.sendAck(now)
	}
}

// sendInvalidAck answers an unacceptable segment that occupies no sequence
// space (a pure ACK), at most once per Config.InvalidAckInterval. Two ends
// whose windows disagree (each one's SND.NXT at or past the other's right
// edge, after losses or a retracted window) find each other's ACKs
// unacceptable, and each ACK sent in answer draws another: an ACK war.
// Spacing the answers ends it, as Linux's tcp_invalid_ratelimit does and
// as RFC 5961 §7 does for challenge ACKs. Data, SYN and FIN are always
// answered: their sender needs the ACK to recover, and no end sends them
// in answer to an ACK, so they cannot make a loop.
func (e *Endpoint) sendInvalidAck(now Time) {
	if e.invalidAck.allow(now, e.cfg.InvalidAckInterval) {
		e.sendAck(now)
	}
}

// zeroWindowProbe reports whether in is an ACK-bearing segment at RCV.NXT
// that only a zero receive window made unacceptable.
func (e *Endpoint) zeroWindowProbe(in *segment.Segment) bool {
	return e.rcvWnd() == 0 && in.Seq == e.rcvNxt &&
		in.Flags&(segment.SYN|segment.RST|segment.ACK) == segment.ACK
}

// takeZeroWindowAck applies RFC 9293 §3.10.7.4 first: "If the RCV.WND is
// zero, no segments will be acceptable, but special allowance should be
// made to accept valid ACKs, URGs, and RSTs." The ACK of a segment at
// RCV.NXT (a zero-window probe, or data the peer sent before it learned of
// the zero window) goes through the fifth step, RFC 5961 §5.2 included;
// its text and FIN are dropped and acknowledged, as BSD does. Without this
// a peer probing our zero window could never tell us its own data arrived.
func (e *Endpoint) takeZeroWindowAck(now Time, in *segment.Segment) {
	e.heardFromPeer(now)
	e.updateTSRecent(in)
	if !e.rcvAck(now, in) {
		return
	}
	sent := e.nOut
	e.pushData(now, e.cfg.MaxBurst)
	if e.nOut == sent {
		e.sendAck(now) // nothing sent carried the acknowledgment
	}
}
