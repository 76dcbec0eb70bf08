package properties

import (
	"strings"

	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// defView is what the monitors of resets, blind attacks and timers infer of
// an endpoint's TCB (RFC 9293 §3.3.1) from its trace alone. Where the wire
// leaves a value open it keeps bounds, and the monitors judge only what
// holds for every value within them:
//   - SND.UNA lies in [unaLow, unaHigh]: unaLow moves only on an ACK the
//     endpoint certainly accepted (an acceptable segment, or one that
//     completed the handshake), unaHigh on any ACK of data sent.
//   - RCV.NXT lies in [rcvNxt, rcvHi]: rcvNxt is the ACK field of the last
//     segment sent, rcvHi adds what arrived in order since, not yet
//     acknowledged.
//   - The right edge of the receive window lies in [lastEdge, maxEdge+round]:
//     the edge the last segment sent announced, the furthest one announced,
//     and the rounding of a scaled window field (RFC 7323 §2.3).
//
// Monitors call observe after their own checks of an event, so that they
// see the values from before it.
type defView struct {
	state   observe.State
	passive bool // opened by a passive OPEN (RFC 9293 §3.10.1)

	// The current stimulus: an Input, Call or Tick and what it caused.
	stim      observe.Kind
	stimState observe.State // the state when it arrived
	in        inSeg         // the segment of an Input stimulus

	haveSnd         bool
	iss, sndMax     seq.Num // ISS; highest sequence number sent, plus one
	unaLow, unaHigh seq.Num

	haveRcv           bool
	rcvNxt, rcvHi     seq.Num
	lastEdge, maxEdge seq.Num
	tsHigh            uint32 // highest TSval the peer sent
	haveTS            bool
	tsLow             uint32 // TSval that TS.Recent certainly reached (RFC 7323 §4.3)
	haveTSLow         bool

	ours, peers, cand   synOffer // our SYN's options, the peer's; the last SYN that arrived
	haveOurs, havePeers bool
	irs, candSeq        seq.Num
	haveIRS, haveCand   bool
	synEnd, candEnd     seq.Num // end of the peer's SYN, its text and FIN included
	haveSynEnd          bool
	pendTS              uint32 // TSval of an in-order input, until an ACK covers pendEnd
	pendEnd             seq.Num
	havePend            bool
	challenges          rateBuckets // pure ACKs that may have been challenge ACKs
	challengeable       bool        // the current stimulus may draw a challenge ACK
}

// synOffer is what one SYN offered (RFC 7323 §2-3, RFC 2018 §2).
type synOffer struct {
	ws    bool
	shift uint8
	ts    bool
	tsVal uint32
	sack  bool
}

func offerOf(s *segment.Segment) synOffer {
	var o synOffer
	o.shift, o.ws = s.Options.WScale()
	o.tsVal, _, o.ts = s.Options.Timestamps()
	o.sack = s.Options.SACKPermitted()
	return o
}

// inSeg holds the fields of an arriving segment that outlive its event.
type inSeg struct {
	seq, ack seq.Num
	flags    segment.Flags
	n        int      // payload bytes
	seqLen   seq.Size // SEG.LEN
	ts       bool
	tsVal    uint32
}

func (in *inSeg) set(s *segment.Segment) {
	*in = inSeg{seq: s.Seq, ack: s.Ack, flags: s.Flags, n: len(s.Payload), seqLen: s.SeqLen()}
	in.tsVal, _, in.ts = s.Options.Timestamps()
}

// hasAny reports whether any flag of f is set.
func (in *inSeg) hasAny(f segment.Flags) bool { return in.flags&f != 0 }

// pureAck reports whether s is an ACK with nothing else: no data, no SYN,
// FIN or RST.
func pureAck(s *segment.Segment) bool {
	return s.Flags&(segment.ACK|segment.SYN|segment.FIN|segment.RST) == segment.ACK && len(s.Payload) == 0
}

// isStimulus reports whether an event of kind k starts a stimulus.
func isStimulus(k observe.Kind) bool { return stimulusKinds.has(k) }

// startsIncarnation reports whether a state change starts a new connection
// (and sequence space) on the endpoint. Reaching CLOSED does not: what the
// connection was is still needed for the RST an abort sends after it.
func startsIncarnation(from, to observe.State) bool {
	switch to {
	case observe.Listen, observe.SynSent:
		return true
	case observe.SynReceived:
		return from == observe.TimeWait || from == observe.Closed
	}
	return false
}

func (v *defView) reset() { *v = defView{} }

// forget drops what belonged to the previous incarnation.
func (v *defView) forget() {
	v.haveSnd, v.haveRcv, v.haveTS, v.haveTSLow = false, false, false, false
	v.haveOurs, v.havePeers, v.haveIRS, v.havePend = false, false, false, false
	v.haveSynEnd = false
}

// synchronized reports whether the stimulus arrived in a synchronized state.
func (v *defView) synchronized() bool { return v.stimState.Synchronized() }

// scaled reports whether window scaling is in use: both SYNs carried the
// option (RFC 7323 §2.2).
func (v *defView) scaled() bool {
	return v.haveOurs && v.havePeers && v.ours.ws && v.peers.ws
}

// tsInUse reports whether both SYNs carried timestamps (RFC 7323 §3.2).
func (v *defView) tsInUse() bool {
	return v.haveOurs && v.havePeers && v.ours.ts && v.peers.ts
}

// round is how far a scaled window field may round the edge down.
func (v *defView) round() seq.Size {
	if v.scaled() {
		return seq.Size(1)<<v.ours.shift - 1
	}
	return 0
}

// zone says where a sequence number lies against RCV.NXT and the window.
type zone uint8

const (
	zoneUnsure zone = iota // depends on values the wire leaves open
	zoneOut                // outside the window, for certain
	zoneExact              // SEG.SEQ = RCV.NXT, for certain
	zoneIn                 // inside the window but not RCV.NXT, for certain
)

func (v *defView) zoneOf(sq seq.Num) zone {
	switch {
	case !v.haveRcv:
		return zoneUnsure
	case sq == v.rcvNxt && v.rcvHi == v.rcvNxt:
		return zoneExact
	case sq.LessThan(v.rcvNxt):
		return zoneOut
	case sq.LessThanEq(v.rcvHi):
		return zoneUnsure
	case sq.LessThan(v.lastEdge):
		return zoneIn
	case sq.GreaterThanEq(v.maxEdge.Add(v.round())):
		return zoneOut
	}
	return zoneUnsure
}

// surelyAcceptable reports whether the endpoint certainly finds the input
// acceptable (RFC 9293 §3.10.7.4 first check, RFC 7323 §5.3 PAWS).
func (v *defView) surelyAcceptable() bool {
	in := &v.in
	if in.hasAny(segment.RST | segment.SYN) {
		return false
	}
	if v.tsInUse() && (!in.ts || v.haveTS && int32(in.tsVal-v.tsHigh) < 0) {
		return false
	}
	z := v.zoneOf(in.seq)
	if in.seqLen == 0 {
		return z == zoneExact || z == zoneIn
	}
	if !v.rcvHi.LessThan(v.lastEdge) {
		return false // the window may be zero: no text is acceptable
	}
	if z == zoneExact || z == zoneIn {
		return true
	}
	z = v.zoneOf(in.seq.Add(in.seqLen - 1))
	return z == zoneExact || z == zoneIn
}

// rateBuckets counts events in one-second intervals of the trace's clock.
// The count of the current interval is a lower bound of the events in the
// last second; with the previous interval's it is an upper bound.
type rateBuckets struct {
	bucket    int64
	cur, prev int
}

func (r *rateBuckets) roll(now int64) {
	b := now / 1e9
	switch {
	case b == r.bucket:
		return
	case b == r.bucket+1:
		r.prev, r.cur = r.cur, 0
	default:
		r.prev, r.cur = 0, 0
	}
	r.bucket = b
}

func (r *rateBuckets) add(now int64) int {
	r.roll(now)
	r.cur++
	return r.cur
}

// atMost returns an upper bound of the events in (now-1s, now]. It reads
// a rolled copy: a read leaves the buckets as they are, so that monitors
// sharing a view (dispatch.go) cannot affect one another; rolling later to
// a later time comes to the same.
func (r rateBuckets) atMost(now int64) int {
	r.roll(now)
	return r.cur + r.prev
}

// challengeSpent reports whether an endpoint limited to limit challenge
// ACKs per second (RFC 5961 §7) may have used them all by now.
func (v *defView) challengeSpent(now int64, limit int) bool {
	return limit >= 0 && v.challenges.atMost(now) >= limit
}

// observe updates the view with ev.
func (v *defView) observe(ev *observe.Event) {
	switch ev.Kind {
	case observe.Input:
		v.startStimulus(ev)
		v.input(ev.Seg)
	case observe.Call, observe.Tick:
		v.startStimulus(ev)
	case observe.Change:
		v.change(ev.From, ev.To)
	case observe.Output:
		v.output(ev)
	}
}

func (v *defView) startStimulus(ev *observe.Event) {
	v.stim, v.stimState = ev.Kind, v.state
	v.challengeable, v.havePend = false, false
}

func (v *defView) input(s *segment.Segment) {
	v.in.set(s)
	in := &v.in
	// Whatever answer this draws may be a challenge ACK (RFC 5961 §3-5):
	// an RST, a SYN, no data to acknowledge, or an ACK outside
	// [SND.UNA, SND.NXT].
	v.challengeable = in.hasAny(segment.RST|segment.SYN) || !in.hasAny(segment.ACK) ||
		in.n == 0 && !in.hasAny(segment.FIN) ||
		!v.haveSnd || in.ack.LessThan(v.unaHigh) || in.ack.GreaterThan(v.sndMax)
	if in.hasAny(segment.SYN) && !in.hasAny(segment.RST) {
		v.cand, v.candSeq, v.candEnd, v.haveCand = offerOf(s), in.seq, in.seq.Add(in.seqLen), true
	}
	if in.hasAny(segment.ACK) && !in.hasAny(segment.RST) {
		if v.haveSnd && v.unaHigh.LessThan(in.ack) && in.ack.LessThanEq(v.sndMax) {
			v.unaHigh = in.ack
		}
		if v.synchronized() && v.surelyAcceptable() {
			v.ackAccepted(in.ack)
		}
	}
	if v.haveRcv && !in.hasAny(segment.RST|segment.SYN) && (in.n > 0 || in.hasAny(segment.FIN)) {
		end := in.seq.Add(in.seqLen)
		if in.seq.LessThanEq(v.rcvHi) && v.rcvHi.LessThan(end) {
			v.rcvHi = seq.Min(end, seq.Max(v.rcvHi, v.maxEdge.Add(1)))
		}
		if in.seq == v.rcvNxt && in.ts {
			v.pendTS, v.pendEnd, v.havePend = in.tsVal, end, true
		}
	}
	if in.ts && (!v.haveTS || int32(in.tsVal-v.tsHigh) > 0) {
		v.tsHigh, v.haveTS = in.tsVal, true
	}
}

// ackAccepted moves SND.UNA's lower bound to ack, an ACK the endpoint
// certainly took.
func (v *defView) ackAccepted(ack seq.Num) {
	if v.haveSnd && v.unaLow.LessThan(ack) && ack.LessThanEq(v.sndMax) {
		v.unaLow = ack
		if v.unaHigh.LessThan(ack) {
			v.unaHigh = ack
		}
	}
}

func (v *defView) change(from, to observe.State) {
	v.state = to
	if startsIncarnation(from, to) {
		v.forget()
	}
	switch to {
	case observe.Listen:
		v.passive = true
	case observe.SynSent:
		v.passive = false
	}
	if (from == observe.Listen || from == observe.SynSent) &&
		(to == observe.SynReceived || to == observe.Established) && v.haveCand {
		v.peers, v.havePeers, v.irs, v.haveIRS = v.cand, true, v.candSeq, true
		// Text and FIN on the SYN may be acknowledged later (RFC 9293
		// §3.10.7.3 queues them until ESTABLISHED).
		v.synEnd, v.haveSynEnd = v.candEnd, v.candEnd != v.candSeq.Add(1)
		if v.peers.ts {
			v.tsLow, v.haveTSLow = v.peers.tsVal, true
		}
	}
	if (from == observe.SynSent || from == observe.SynReceived) && to == observe.Established &&
		v.stim == observe.Input && v.in.hasAny(segment.ACK) {
		v.ackAccepted(v.in.ack) // the handshake took it
	}
}

func (v *defView) output(ev *observe.Event) {
	s := ev.Seg
	if s.Flags.Has(segment.RST) {
		return
	}
	if pureAck(s) && v.stim == observe.Input && v.challengeable {
		v.challenges.add(ev.Time)
	}
	end := s.Seq.Add(s.SeqLen())
	if s.Flags.Has(segment.SYN) {
		if !v.haveSnd || s.Seq != v.iss {
			v.iss, v.sndMax, v.unaLow, v.unaHigh, v.haveSnd = s.Seq, end, s.Seq, s.Seq, true
		}
		v.ours, v.haveOurs = offerOf(s), true
	} else if v.haveSnd && v.sndMax.LessThan(end) {
		v.sndMax = end
	}
	if !s.Flags.Has(segment.ACK) {
		return
	}
	w := seq.Size(s.Window)
	if !s.Flags.Has(segment.SYN) && v.scaled() {
		w <<= v.ours.shift
	}
	edge := s.Ack.Add(w)
	if !v.haveRcv || v.maxEdge.LessThan(edge) {
		v.maxEdge = edge
	}
	if !v.haveRcv || v.rcvHi.LessThan(s.Ack) {
		v.rcvHi = s.Ack
	}
	if v.haveSynEnd {
		if s.Ack.LessThan(v.synEnd) {
			v.rcvHi = seq.Max(v.rcvHi, seq.Min(v.synEnd, v.maxEdge.Add(1)))
		} else {
			v.haveSynEnd = false
		}
	}
	v.rcvNxt, v.lastEdge, v.haveRcv = s.Ack, edge, true
	if v.havePend && s.Ack.GreaterThanEq(v.pendEnd) {
		if !v.haveTSLow || int32(v.pendTS-v.tsLow) > 0 {
			v.tsLow, v.haveTSLow = v.pendTS, true
		}
		v.havePend = false
	}
}

// challengeProblem checks an answer that must be a challenge ACK,
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2, §4.2), against the
// view from before it; it fills v and returns it, or returns nil.
func (v *defView) challengeProblem(out *Violation, name string, s *segment.Segment) *Violation {
	if !pureAck(s) {
		return out.set(name, "answered with flags %#x and %d bytes where a challenge ACK is due",
			int64(s.Flags), int64(len(s.Payload)))
	}
	if v.haveSnd && !s.Seq.InRange(v.unaLow, v.sndMax.Add(1)) {
		return out.set(name, "challenge ACK has SEQ %d, want SND.NXT %d", int64(s.Seq), int64(v.sndMax))
	}
	if v.haveRcv && !s.Ack.InRange(v.rcvNxt, v.rcvHi.Add(1)) {
		return out.set(name, "challenge ACK has ACK %d, want RCV.NXT %d", int64(s.Ack), int64(v.rcvNxt))
	}
	return nil
}

// perState builds, once, a message for each state from a template whose
// "{state}" is replaced by the state's name.
func perState(template string) [observe.NumStates + 1]string {
	var t [observe.NumStates + 1]string
	for s := range t {
		t[s] = strings.ReplaceAll(template, "{state}", observe.State(s).String())
	}
	return t
}
