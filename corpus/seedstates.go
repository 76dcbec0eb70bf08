package corpus

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

// stateSetup is how a seed brings the endpoint into a state: the open and
// the peer's and application's steps.
type stateSetup struct {
	dir     string // the family folder
	state   observe.State
	passive bool
	steps   []properties.Step
}

// states are the handshake and synchronized states the probes run in
// (RFC 9293 §3.3.2), each reached the usual way.
func states() []stateSetup {
	est := []properties.Step{peerSYN, ack}
	fw1 := join(est, []properties.Step{call(observe.OpClose, 0)})
	fw2 := join(fw1, []properties.Step{ack})
	cw := join(est, []properties.Step{fin})
	return []stateSetup{
		{"syn-sent", observe.SynSent, false, nil},
		{"syn-received", observe.SynReceived, true, []properties.Step{peerSYN}},
		{"established", observe.Established, true, est},
		{"fin-wait-1", observe.FinWait1, true, fw1},
		{"fin-wait-2", observe.FinWait2, true, fw2},
		{"close-wait", observe.CloseWait, true, cw},
		{"closing", observe.Closing, true, join(fw1, []properties.Step{finNotAckingOurs})},
		{"last-ack", observe.LastAck, true, join(cw, []properties.Step{call(observe.OpClose, 0)})},
		{"time-wait", observe.TimeWait, true, join(fw2, []properties.Step{fin})},
	}
}

// probeKind is a segment kind a probe sends.
type probeKind struct {
	name  string
	flags segment.Flags
	len   uint16
}

var probeKinds = []probeKind{
	{"syn", segment.SYN, 0},
	{"syn-ack", segment.SYN | segment.ACK, 0},
	{"ack", segment.ACK, 0},
	{"fin", segment.FIN | segment.ACK, 0},
	{"rst", segment.RST, 0},
	{"rst-ack", segment.RST | segment.ACK, 0},
	{"data", segment.PSH | segment.ACK, 100},
}

// position is where a probe lands in the receive window (in the
// synchronized states) or where its ACK lands against SND.UNA..SND.NXT (in
// SYN-SENT, where there is no window yet).
type position struct {
	name     string
	seq, ack properties.Anchored
	what     string
}

// windowPositions: RCV.NXT (left edge), RCV.NXT + 1000 (well inside the
// window, which the default buffers make larger), RCV.NXT + RCV.WND - 1
// (the last number in the window), RCV.NXT + RCV.WND (just outside); the
// ACK field acknowledges everything sent.
var windowPositions = []position{
	{"left-edge", at(properties.AtRcvNxt, 0), at(properties.AtSndNxt, 0), "SEG.SEQ = RCV.NXT"},
	{"middle", at(properties.AtRcvNxt, 1000), at(properties.AtSndNxt, 0), "SEG.SEQ = RCV.NXT + 1000, inside the window"},
	{"right-edge", at(properties.AtRcvWndEnd, -1), at(properties.AtSndNxt, 0), "SEG.SEQ = RCV.NXT + RCV.WND - 1"},
	{"outside", at(properties.AtRcvWndEnd, 0), at(properties.AtSndNxt, 0), "SEG.SEQ = RCV.NXT + RCV.WND, just outside the window"},
}

// synSentPositions place the ACK field (RFC 9293 §3.10.7.3: acceptable
// when SND.UNA < SEG.ACK =< SND.NXT): at SND.UNA, half the sequence space
// away, at SND.NXT, one past it.
var synSentPositions = []position{
	{"left-edge", at(properties.AtPeerISN, 0), at(properties.AtLocalISN, 0), "SEG.ACK = SND.UNA (= ISS), unacceptable"},
	{"middle", at(properties.AtPeerISN, 0), at(properties.AtLocalISN, -1<<31), "SEG.ACK = ISS + 2^31, unacceptable"},
	{"right-edge", at(properties.AtPeerISN, 0), at(properties.AtLocalISN, 1), "SEG.ACK = SND.NXT, acceptable"},
	{"outside", at(properties.AtPeerISN, 0), at(properties.AtLocalISN, 2), "SEG.ACK = SND.NXT + 1, unacceptable"},
}

// settle is the wait after a probe, long enough for delayed answers.
const settle = 300 * fsm.Millisecond

// stateSeeds is every probe kind in every state at every position.
func stateSeeds() []Seed {
	var out []Seed
	for _, st := range states() {
		for _, k := range probeKinds {
			out = append(out, probes(st, k)...)
		}
	}
	return out
}

// probes are the seeds of one kind in one state. In SYN-SENT a kind
// without ACK has no position to vary: it gets one seed, "any".
func probes(st stateSetup, k probeKind) []Seed {
	positions := windowPositions
	if st.state == observe.SynSent {
		positions = synSentPositions
		if !k.flags.Has(segment.ACK) {
			positions = []position{{"any", at(properties.AtPeerISN, 0), at(properties.AtZero, 0), "SEG.SEQ = the peer's ISN"}}
		}
	}
	var out []Seed
	for _, p := range positions {
		ackAt := p.ack
		if !k.flags.Has(segment.ACK) {
			ackAt = at(properties.AtZero, 0)
		}
		probe := seg(k.flags, p.seq, ackAt, k.len)
		out = append(out, Seed{
			Path:     st.dir + "/" + k.name + "-" + p.name + ".pkt",
			Title:    st.state.String() + " receives " + k.name + " with " + p.what + " (RFC 9293 §3.10.7, RFC 5961 §3-5)",
			Scenario: scenario(st.passive, join(st.steps, []properties.Step{probe, wait(settle)})...),
		})
	}
	return out
}
