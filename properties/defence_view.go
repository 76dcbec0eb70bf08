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
	in        segFacts      // the segment of an Input stimulus

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

// startsIncarnation reports whether a state change starts a new connection
// (and sequence space) on the endpoint. Reaching CLOSED does not: what the
// connection was is still needed for the RST an abort sends after it.
func startsIncarnation(from, to observe.State) bool {
	return opens[to] || to == observe.SynReceived && reopens[from]
}

// State tests as tables, indexed by any State: no comparisons.
var (
	// opens: the states entered only by a new connection.
	opens = stateSet(observe.Listen, observe.SynSent)
	// reopens: SYN-RECEIVED entered from these begins a new connection.
	reopens = stateSet(observe.TimeWait, observe.Closed)
	// synchronized: SYN-RECEIVED through TIME-WAIT (State.Synchronized).
	synchronized = func() (t [256]bool) {
		for s := range t {
			t[s] = observe.State(s).Synchronized()
		}
		return t
	}()
)

func stateSet(states ...observe.State) (t [256]bool) {
	for _, s := range states {
		t[s] = true
	}
	return t
}

func (v *defView) reset() { *v = defView{} }

// forget drops what belonged to the previous incarnation.
func (v *defView) forget() {
	v.haveSnd, v.haveRcv, v.haveTS, v.haveTSLow = false, false, false, false
	v.haveOurs, v.havePeers, v.haveIRS, v.havePend = false, false, false, false
	v.haveSynEnd = false
}

// synchronized reports whether the stimulus arrived in a synchronized state.
func (v *defView) synchronized() bool { return synchronized[v.stimState] }

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
	case leq(sq, v.rcvHi):
		return zoneUnsure
	case sq.LessThan(v.lastEdge):
		return zoneIn
	case leq(v.maxEdge.Add(v.round()), sq):
		return zoneOut
	}
	return zoneUnsure
}

// surelyAcceptable reports whether the endpoint certainly finds the input
// acceptable (RFC 9293 §3.10.7.4 first check, RFC 7323 §5.3 PAWS).
func (v *defView) surelyAcceptable() bool {
	in := &v.in
	if in.rstBit || in.synBit {
		return false
	}
	if v.tsInUse() && (!in.ts || v.haveTS && int32(in.tsVal-v.tsHigh) < 0) {
		return false
	}
	z := v.zoneOf(in.seq)
	if !in.occupies {
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

// observe updates the view with ev, whose segment has the facts f.
func (v *defView) observe(ev *observe.Event, f *segFacts) {
	switch ev.Kind {
	case observe.Input:
		v.onInput(ev, f)
	case observe.Call, observe.Tick:
		v.onStimulus(ev)
	case observe.Change:
		v.onChange(ev)
	case observe.Output:
		v.onOutput(ev, f)
	}
}

// onStimulus starts a stimulus: a Call or a Tick, or an Input (onInput).
func (v *defView) onStimulus(ev *observe.Event) {
	v.stim, v.stimState = ev.Kind, v.state
	v.challengeable, v.havePend = false, false
}

// onInput takes an arriving segment with the facts f.
func (v *defView) onInput(ev *observe.Event, f *segFacts) {
	v.onStimulus(ev)
	v.in = *f
	in := &v.in
	// Whatever answer this draws may be a challenge ACK (RFC 5961 §3-5):
	// an RST, a SYN, no data to acknowledge, or an ACK outside
	// [SND.UNA, SND.NXT].
	v.challengeable = in.rstBit || in.synBit || !in.ackBit ||
		!in.text && !in.finBit ||
		!v.haveSnd || in.ack.LessThan(v.unaHigh) || in.ack.GreaterThan(v.sndMax)
	if in.synBit && !in.rstBit {
		v.cand, v.candSeq, v.candEnd, v.haveCand = offerOf(ev.Seg), in.seq, in.seq.Add(in.seqLen), true
	}
	if in.ackBit && !in.rstBit {
		if v.haveSnd && v.unaHigh.LessThan(in.ack) && leq(in.ack, v.sndMax) {
			v.unaHigh = in.ack
		}
		if v.synchronized() && v.surelyAcceptable() {
			v.ackAccepted(in.ack)
		}
	}
	if v.haveRcv && !in.rstBit && !in.synBit && (in.text || in.finBit) {
		end := in.seq.Add(in.seqLen)
		if leq(in.seq, v.rcvHi) && v.rcvHi.LessThan(end) {
			v.rcvHi = seq.Min(end, seq.Max(v.rcvHi, v.maxEdge.Add(1)))
		}
		if in.ts && in.seq == v.rcvNxt {
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
	if v.haveSnd && v.unaLow.LessThan(ack) && leq(ack, v.sndMax) {
		v.unaLow = ack
		if v.unaHigh.LessThan(ack) {
			v.unaHigh = ack
		}
	}
}

// onChange takes a state change.
func (v *defView) onChange(ev *observe.Event) {
	from, to := ev.From, ev.To
	v.state = to
	if startsIncarnation(from, to) {
		v.forget()
	}
	if opens[to] {
		v.passive = to == observe.Listen
	}
	if v.haveCand && opens[from] && (to == observe.SynReceived || to == observe.Established) {
		v.peers, v.havePeers, v.irs, v.haveIRS = v.cand, true, v.candSeq, true
		// Text and FIN on the SYN may be acknowledged later (RFC 9293
		// §3.10.7.3 queues them until ESTABLISHED).
		v.synEnd, v.haveSynEnd = v.candEnd, v.candEnd != v.candSeq.Add(1)
		if v.peers.ts {
			v.tsLow, v.haveTSLow = v.peers.tsVal, true
		}
	}
	if v.in.ackBit && to == observe.Established && (from == observe.SynSent || from == observe.SynReceived) &&
		v.stim == observe.Input {
		v.ackAccepted(v.in.ack) // the handshake took it
	}
}

// onOutput takes a segment sent, with the facts f.
func (v *defView) onOutput(ev *observe.Event, f *segFacts) {
	if f.rstBit {
		return
	}
	if f.pureAck && v.challengeable && v.stim == observe.Input {
		v.challenges.add(ev.Time)
	}
	end := f.end()
	if f.synBit {
		if !v.haveSnd || f.seq != v.iss {
			v.iss, v.sndMax, v.unaLow, v.unaHigh, v.haveSnd = f.seq, end, f.seq, f.seq, true
		}
		v.ours, v.haveOurs = offerOf(ev.Seg), true
	} else if v.haveSnd && v.sndMax.LessThan(end) {
		v.sndMax = end
	}
	if !f.ackBit {
		return
	}
	w := seq.Size(f.window)
	if !f.synBit && v.scaled() {
		w <<= v.ours.shift
	}
	ack := f.ack
	edge := ack.Add(w)
	if !v.haveRcv || v.maxEdge.LessThan(edge) {
		v.maxEdge = edge
	}
	if !v.haveRcv || v.rcvHi.LessThan(ack) {
		v.rcvHi = ack
	}
	if v.haveSynEnd {
		if ack.LessThan(v.synEnd) {
			v.rcvHi = seq.Max(v.rcvHi, seq.Min(v.synEnd, v.maxEdge.Add(1)))
		} else {
			v.haveSynEnd = false
		}
	}
	v.rcvNxt, v.lastEdge, v.haveRcv = ack, edge, true
	if v.havePend && leq(v.pendEnd, ack) {
		if !v.haveTSLow || int32(v.pendTS-v.tsLow) > 0 {
			v.tsLow, v.haveTSLow = v.pendTS, true
		}
		v.havePend = false
	}
}

// challengeProblem checks an answer that must be a challenge ACK,
// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 5961 §3.2, §4.2), against the
// view from before it; it fills v and returns it, or returns nil.
func (v *defView) challengeProblem(out *Violation, name string, f *segFacts) *Violation {
	if !f.pureAck {
		return out.set(name, "answered with flags %#x and %d bytes where a challenge ACK is due",
			int64(f.flags), int64(f.n))
	}
	if v.haveSnd && !f.seq.InRange(v.unaLow, v.sndMax.Add(1)) {
		return out.set(name, "challenge ACK has SEQ %d, want SND.NXT %d", int64(f.seq), int64(v.sndMax))
	}
	if v.haveRcv && !f.ack.InRange(v.rcvNxt, v.rcvHi.Add(1)) {
		return out.set(name, "challenge ACK has ACK %d, want RCV.NXT %d", int64(f.ack), int64(v.rcvNxt))
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
