package fsm_test

import (
	"math/rand/v2"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// This file tests RFC 6298 retransmission timing: the initial RTO, binary
// backoff capped at RTOMax, giving up after SynRetries or Retries, Karn's
// algorithm, the SRTT/RTTVAR estimator, §5.7's 3-second RTO after a
// retransmitted SYN, go-back from SND.UNA, and that Result.Deadline is the
// next timer. It also holds rig, the scripted-peer driver data_test.go uses.

// rig drives one endpoint against a peer the test scripts segment by
// segment. The endpoint's ISS is rigISS, the peer's rigPeerISS.
type rig struct {
	t       testing.TB
	e       *fsm.Endpoint
	now     fsm.Time
	res     fsm.Result
	out     []segment.Segment // deep copy of res.Out
	peer    rigPeer
	peerNxt seq.Num // the peer's next sequence number
	lport   uint16  // the endpoint's port
	rport   uint16  // the peer's port
}

const (
	rigISS     seq.Num = 1000
	rigPeerISS seq.Num = 700000
)

// rigPeer is what the scripted peer announces in its SYN and puts in the
// window field of every segment.
type rigPeer struct {
	mss    uint16 // 0: no MSS option
	wscale int    // -1: no window scale option
	ts     bool   // timestamps option
	sack   bool   // SACK-permitted option
	window uint16 // window field, as on the wire
}

func rigISN(fsm.Time, fsm.Tuple) seq.Num { return rigISS }

// newRig returns a rig around a new endpoint; the peer announces MSS 1460
// and a 65535-byte window and no other option unless the test changes it.
func newRig(t testing.TB, cfg fsm.Config) *rig {
	t.Helper()
	if cfg.ISN == nil {
		cfg.ISN = rigISN
	}
	return &rig{
		t: t, e: fsm.New(cfg), peerNxt: rigPeerISS,
		peer: rigPeer{mss: 1460, wscale: -1, window: 65535},
	}
}

// keep records a result, copying its segments and their payloads out of the
// endpoint's memory.
func (r *rig) keep(res fsm.Result) fsm.Result {
	r.res = res
	r.out = r.out[:0]
	for _, s := range res.Out {
		s.Payload = append([]byte(nil), s.Payload...)
		r.out = append(r.out, s)
	}
	return res
}

func (r *rig) connect() fsm.Result {
	r.lport, r.rport = tupA.LocalPort, tupA.RemotePort
	return r.keep(r.e.Connect(r.now, tupA))
}

func (r *rig) listen() fsm.Result {
	r.lport, r.rport = tupB.LocalPort, tupA.LocalPort
	return r.keep(r.e.Listen(r.now, tupB))
}

func (r *rig) tick(at fsm.Time) fsm.Result {
	r.now = at
	return r.keep(r.e.Tick(at))
}

func (r *rig) input(s *segment.Segment) fsm.Result { return r.keep(r.e.Input(r.now, s)) }

func (r *rig) send(p []byte) (int, fsm.Result) {
	n, res := r.e.Send(r.now, p)
	return n, r.keep(res)
}

func (r *rig) recv(p []byte) (int, fsm.Result) {
	n, res := r.e.Recv(r.now, p)
	return n, r.keep(res)
}

// mk builds a segment from the peer. A SYN carries the peer's options;
// other segments carry a timestamp when the peer uses them (TSval grows
// with time, so PAWS never rejects it).
func (r *rig) mk(flags segment.Flags, sn, ack seq.Num, payload []byte) *segment.Segment {
	s := &segment.Segment{
		SrcPort: r.rport, DstPort: r.lport, Seq: sn, Ack: ack,
		Flags: flags, Window: r.peer.window, Payload: payload,
	}
	o := &s.Options
	if flags&segment.SYN != 0 {
		if r.peer.mss != 0 {
			_ = o.AddMSS(r.peer.mss)
		}
		if r.peer.sack {
			_ = o.AddSACKPermitted()
		}
		if r.peer.wscale >= 0 {
			_ = o.AddWScale(uint8(r.peer.wscale))
		}
	}
	if r.peer.ts {
		_ = o.AddTimestamps(uint32(r.now/fsm.Millisecond)+1, 0)
	}
	o.Pad()
	return s
}

// ack inputs a pure ACK from the peer.
func (r *rig) ack(ack seq.Num) fsm.Result {
	return r.input(r.mk(segment.ACK, r.peerNxt, ack, nil))
}

// data inputs in-order data from the peer, acknowledging SND.UNA (so it
// acknowledges nothing new), and moves the peer's sequence number on.
func (r *rig) data(p []byte) fsm.Result {
	s := r.mk(segment.ACK|segment.PSH, r.peerNxt, r.e.SndUna(), p)
	r.peerNxt = r.peerNxt.Add(seq.Size(len(p)))
	return r.input(s)
}

// fin inputs the peer's FIN at its next sequence number.
func (r *rig) fin() fsm.Result {
	s := r.mk(segment.ACK|segment.FIN, r.peerNxt, r.e.SndUna(), nil)
	r.peerNxt = r.peerNxt.Add(1)
	return r.input(s)
}

// established runs an active open against the scripted peer: SYN out,
// SYN-ACK in at r.now, ACK out.
func (r *rig) established() *rig {
	r.t.Helper()
	r.connect()
	if syn := r.one(); syn.Flags != segment.SYN || syn.Seq != rigISS {
		r.t.Fatalf("Connect sent %v, want SYN seq %d", &syn, rigISS)
	}
	r.peerNxt = rigPeerISS.Add(1)
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	if a := r.one(); a.Flags != segment.ACK || a.Ack != rigPeerISS.Add(1) {
		r.t.Fatalf("SYN-ACK answered by %v, want ACK %d", &a, rigPeerISS.Add(1))
	}
	r.wantState(fsm.Established)
	return r
}

// synReceived runs a passive open up to SYN-RECEIVED: LISTEN, SYN in,
// SYN-ACK out.
func (r *rig) synReceived() segment.Segment {
	r.t.Helper()
	r.listen()
	r.peerNxt = rigPeerISS.Add(1)
	r.input(r.mk(segment.SYN, rigPeerISS, 0, nil))
	sa := r.one()
	if sa.Flags != segment.SYN|segment.ACK || sa.Seq != rigISS || sa.Ack != rigPeerISS.Add(1) {
		r.t.Fatalf("SYN answered by %v, want SYN-ACK", &sa)
	}
	r.wantState(fsm.SynReceived)
	return sa
}

// one returns the single segment the last call sent.
func (r *rig) one() segment.Segment {
	r.t.Helper()
	if len(r.out) != 1 {
		r.t.Fatalf("at %v: sent %d segments, want 1%s", r.now, len(r.out), r.dump())
	}
	return r.out[0]
}

// none checks that the last call sent nothing.
func (r *rig) none() {
	r.t.Helper()
	if len(r.out) != 0 {
		r.t.Fatalf("at %v: sent %d segments, want none%s", r.now, len(r.out), r.dump())
	}
}

func (r *rig) dump() string {
	s := ""
	for i := range r.out {
		s += "\n\t" + r.out[i].String()
	}
	return s
}

func (r *rig) wantState(s fsm.State) {
	r.t.Helper()
	if got := r.e.State(); got != s {
		r.t.Fatalf("at %v: state %v, want %v", r.now, got, s)
	}
}

func (r *rig) wantDeadline(d fsm.Time) {
	r.t.Helper()
	if r.res.Deadline != d {
		r.t.Fatalf("at %v: deadline %v, want %v", r.now, r.res.Deadline, d)
	}
}

// rtoSchedule returns the retransmission times and the time of giving up for a
// timer started at start with RTO rto, doubled after each timeout and
// capped at rtoMax (RFC 6298 §5.5), with retries retransmissions allowed.
func rtoSchedule(start, rto, rtoMax fsm.Time, retries int) (rtx []fsm.Time, giveUp fsm.Time) {
	at := start
	for range retries {
		at += rto
		rtx = append(rtx, at)
		rto = min(2*rto, rtoMax)
	}
	return rtx, at + rto
}

// rigSynOpts summarizes a SYN's options other than the timestamp values.
func rigSynOpts(s *segment.Segment) [4]int {
	mss, _ := s.Options.MSS()
	ws, wsOK := s.Options.WScale()
	_, _, ts := s.Options.Timestamps()
	if !wsOK {
		ws = 255
	}
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	return [4]int{int(mss), int(ws), b(ts), b(s.Options.SACKPermitted())}
}

// checkBackoff ticks through the schedule: nothing just before each
// deadline, one copy of first at it, then ETIMEDOUT without an RST.
func checkBackoff(t *testing.T, r *rig, first segment.Segment, rtx []fsm.Time, giveUp, rtoMax fsm.Time) {
	t.Helper()
	rto := r.e.RTO()
	for i, at := range rtx {
		r.wantDeadline(at)
		r.tick(at - 1)
		r.none()
		r.wantDeadline(at)
		r.tick(at)
		s := r.one()
		if s.Seq != first.Seq || s.Ack != first.Ack || s.Flags != first.Flags || string(s.Payload) != string(first.Payload) {
			t.Fatalf("retransmission %d at %v: %v, want a copy of %v", i+1, at, &s, &first)
		}
		if s.Flags&segment.SYN != 0 && rigSynOpts(&s) != rigSynOpts(&first) {
			t.Fatalf("retransmission %d changed the SYN's options: %v, first %v", i+1, &s, &first)
		}
		rto = min(2*rto, rtoMax)
		if r.e.RTO() != rto {
			t.Fatalf("after retransmission %d: RTO %v, want %v", i+1, r.e.RTO(), rto)
		}
	}
	r.wantDeadline(giveUp)
	r.tick(giveUp - 1)
	r.none()
	res := r.tick(giveUp)
	r.none() // RFC 9293 §3.8.3: give up without a reset
	if res.Err != fsm.ErrTimedOut || res.Events&(fsm.EvError|fsm.EvClosed) != fsm.EvError|fsm.EvClosed || res.Events&fsm.EvReset != 0 {
		t.Fatalf("giving up at %v: err %v events %v, want timed out with error|closed", giveUp, res.Err, res.Events)
	}
	r.wantState(fsm.Closed)
	r.wantDeadline(fsm.Never)
	if r.e.Err() != fsm.ErrTimedOut {
		t.Fatalf("Err() = %v after giving up", r.e.Err())
	}
}

func TestRetransmitSYNAt1_3_7_15s(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.connect()
	syn := r.one()
	if r.e.RTO() != fsm.Second {
		t.Fatalf("initial RTO %v, want 1 s (RFC 6298 §2.1)", r.e.RTO())
	}
	rtx, giveUp := rtoSchedule(0, fsm.Second, 60*fsm.Second, 6)
	want := []fsm.Time{1, 3, 7, 15, 31, 63}
	for i := range want {
		if rtx[i] != want[i]*fsm.Second {
			t.Fatalf("schedule helper: %v", rtx)
		}
	}
	if giveUp != 123*fsm.Second { // the seventh RTO is capped at 60 s
		t.Fatalf("schedule helper: give up at %v", giveUp)
	}
	checkBackoff(t, r, syn, rtx, giveUp, 60*fsm.Second)
}

func TestRetransmitSYNCappedAtRTOMax(t *testing.T) {
	for _, tc := range []struct {
		retries      int
		rto0, rtoMax fsm.Time
	}{
		{3, fsm.Second, 5 * fsm.Second},
		{1, fsm.Second, 60 * fsm.Second},
		{8, 200 * fsm.Millisecond, 3 * fsm.Second},
		{10, fsm.Second, 2 * fsm.Second},
	} {
		r := newRig(t, fsm.Config{SynRetries: tc.retries, RTOInitial: tc.rto0, RTOMin: tc.rto0, RTOMax: tc.rtoMax})
		r.now = 5 * fsm.Second
		r.connect()
		rtx, giveUp := rtoSchedule(r.now, tc.rto0, tc.rtoMax, tc.retries)
		checkBackoff(t, r, r.one(), rtx, giveUp, tc.rtoMax)
	}
}

func TestRetransmitSYNACKInSynReceived(t *testing.T) {
	for _, tc := range []struct{ cfg, retries int }{{0, 6}, {2, 2}, {9, 9}} { // 0: the default, 6
		r := newRig(t, fsm.Config{SynRetries: tc.cfg})
		sa := r.synReceived()
		rtx, giveUp := rtoSchedule(0, fsm.Second, 60*fsm.Second, tc.retries)
		checkBackoff(t, r, sa, rtx, giveUp, 60*fsm.Second)
	}
}

func TestRetransmitDataUntilRetries(t *testing.T) {
	for _, retries := range []int{1, 4, 15} {
		cfg := fsm.Config{Retries: retries}
		r := newRig(t, cfg).established()
		if r.e.RTO() != fsm.Second {
			t.Fatalf("RTO after a 0 s handshake sample: %v, want the 1 s RTOMin", r.e.RTO())
		}
		r.now = 2 * fsm.Second
		n, _ := r.send([]byte("hello, retransmission"))
		if n != 21 {
			t.Fatalf("Send took %d", n)
		}
		d := r.one()
		if d.Seq != rigISS.Add(1) || d.Flags != segment.ACK|segment.PSH {
			t.Fatalf("data segment %v", &d)
		}
		rtx, giveUp := rtoSchedule(r.now, fsm.Second, 60*fsm.Second, retries)
		checkBackoff(t, r, d, rtx, giveUp, 60*fsm.Second)
	}
}

func TestRetransmitFINUntilRetries(t *testing.T) {
	r := newRig(t, fsm.Config{Retries: 5}).established()
	r.now = fsm.Second
	r.keep(r.e.Shutdown(r.now))
	fin := r.one()
	if fin.Flags != segment.ACK|segment.FIN || fin.Seq != rigISS.Add(1) {
		t.Fatalf("Shutdown sent %v", &fin)
	}
	r.wantState(fsm.FinWait1)
	rtx, giveUp := rtoSchedule(r.now, fsm.Second, 60*fsm.Second, 5)
	checkBackoff(t, r, fin, rtx, giveUp, 60*fsm.Second)
}

func TestRetransmitFINInLastAck(t *testing.T) {
	r := newRig(t, fsm.Config{Retries: 3}).established()
	r.fin()
	r.wantState(fsm.CloseWait)
	r.keep(r.e.Close(r.now))
	fin := r.one()
	r.wantState(fsm.LastAck)
	rtx, giveUp := rtoSchedule(r.now, fsm.Second, 60*fsm.Second, 3)
	checkBackoff(t, r, fin, rtx, giveUp, 60*fsm.Second)
}

// A successful ACK resets the retry count: each segment gets the full
// Retries budget.
func TestRetransmitRetriesResetByProgress(t *testing.T) {
	r := newRig(t, fsm.Config{Retries: 2}).established()
	r.send([]byte("first"))
	r.tick(fsm.Second)
	r.tick(3 * fsm.Second) // two retransmissions: the budget is spent
	r.one()
	r.now = 4 * fsm.Second
	r.ack(r.e.SndNxt())
	r.send([]byte("second"))
	d := r.one()
	rto := r.e.RTO() // 4 s, kept from the backoff (Karn: no sample)
	if rto != 4*fsm.Second {
		t.Fatalf("RTO %v after an ACK of a retransmission, want the backed-off 4 s", rto)
	}
	rtx, giveUp := rtoSchedule(r.now, rto, 60*fsm.Second, 2)
	checkBackoff(t, r, d, rtx, giveUp, 60*fsm.Second)
}

// RFC 6298 §5.4 and §5.6 with go-back-N: a timeout resends the one segment
// at SND.UNA, and the ACK for it lets the rest follow.
func TestRetransmitResendsFromSndUna(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.mss = 1000
	r.established()
	msg := make([]byte, 3000)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	r.send(msg)
	if len(r.out) != 3 {
		t.Fatalf("3000 bytes at MSS 1000 went out as %d segments", len(r.out))
	}
	r.now = 500 * fsm.Millisecond
	r.ack(rigISS.Add(1001)) // first segment acknowledged
	r.none()
	if r.res.Deadline != r.now+r.e.RTO() {
		t.Fatalf("the ACK did not restart the timer (RFC 6298 §5.3): deadline %v, RTO %v", r.res.Deadline, r.e.RTO())
	}
	r.tick(r.res.Deadline)
	s := r.one()
	if s.Seq != r.e.SndUna() || s.Seq != rigISS.Add(1001) || string(s.Payload) != string(msg[1000:2000]) {
		t.Fatalf("timeout resent %v, want the segment at SND.UNA %d", &s, r.e.SndUna())
	}
	r.now += 100 * fsm.Millisecond
	r.ack(rigISS.Add(2001))
	s = r.one()
	if s.Seq != rigISS.Add(2001) || string(s.Payload) != string(msg[2000:]) {
		t.Fatalf("after the ACK of the retransmission: %v, want the third segment", &s)
	}
	r.ack(rigISS.Add(3001))
	r.none()
	r.wantDeadline(fsm.Never)
	if r.e.Unacked() != 0 {
		t.Fatalf("%d bytes left unacknowledged", r.e.Unacked())
	}
}

// rtoModel is RFC 6298 §2 verbatim, on the same integer nanoseconds.
type rtoModel struct {
	srtt, rttvar fsm.Time
	sampled      bool
}

func (m *rtoModel) add(r fsm.Time, lo, hi fsm.Time) fsm.Time {
	if !m.sampled {
		m.srtt, m.rttvar, m.sampled = r, r/2, true // §2.2
	} else {
		d := m.srtt - r
		if d < 0 {
			d = -d
		}
		m.rttvar = (3*m.rttvar + d) / 4 // beta = 1/4, with the old SRTT
		m.srtt = (7*m.srtt + r) / 8     // alpha = 1/8
	}
	rto := m.srtt + max(fsm.Millisecond, 4*m.rttvar) // G = 1 ms, K = 4
	return min(max(rto, lo), hi)                     // §2.4, §2.5
}

// sample times one fresh segment: sent at r.now, acknowledged m later.
func (r *rig) sample(m fsm.Time) {
	r.t.Helper()
	r.send([]byte("x"))
	r.one()
	r.now += m
	r.ack(r.e.SndNxt())
	if r.e.SndUna() != r.e.SndNxt() {
		r.t.Fatalf("sample not acknowledged")
	}
}

func TestRTOFromSamples(t *testing.T) {
	const ms = fsm.Millisecond
	cfg := fsm.Config{RTOMin: ms}
	r := newRig(t, cfg)
	r.connect()
	r.now = 100 * ms // SYN-ACK 100 ms after the SYN
	r.peerNxt = rigPeerISS.Add(1)
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	r.wantState(fsm.Established)
	if got := r.e.RTO(); got != 300*ms { // 100 + 4*50
		t.Fatalf("RTO after a 100 ms sample: %v, want 300 ms", got)
	}
	r.sample(200 * ms)
	// RTTVAR = 3/4*50 + 1/4*|100-200| = 62.5; SRTT = 7/8*100 + 1/8*200 = 112.5.
	if got := r.e.RTO(); got != 362500*fsm.Microsecond {
		t.Fatalf("RTO after samples 100, 200 ms: %v, want 362.5 ms", got)
	}
	m := rtoModel{}
	m.add(100*ms, ms, 60*fsm.Second)
	m.add(200*ms, ms, 60*fsm.Second)
	samples := []fsm.Time{50 * ms, 50 * ms, 2 * fsm.Second, 1500 * fsm.Microsecond}
	for range 150 {
		samples = append(samples, 10*ms)
	}
	for i, s := range samples {
		want := m.add(s, ms, 60*fsm.Second)
		r.sample(s)
		if got := r.e.RTO(); got != want {
			t.Fatalf("sample %d (%v): RTO %v, want %v", i+3, s, got, want)
		}
	}
	// Steady 10 ms samples drive RTTVAR toward 0: RTO = SRTT + G.
	if got := r.e.RTO(); got < 11*ms || got > 11*ms+10*fsm.Microsecond {
		t.Fatalf("RTO %v after many 10 ms samples", got)
	}
}

func TestRTOClampedToRTOMinAndMax(t *testing.T) {
	const ms = fsm.Millisecond
	// Default RTOMin: 1 s even though the samples say 300 and 362.5 ms.
	r := newRig(t, fsm.Config{})
	r.connect()
	r.now = 100 * ms
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	r.peerNxt = rigPeerISS.Add(1)
	if r.e.RTO() != fsm.Second {
		t.Fatalf("RTO %v, want the 1 s minimum (RFC 6298 §2.4)", r.e.RTO())
	}
	r.sample(200 * ms)
	if r.e.RTO() != fsm.Second {
		t.Fatalf("RTO %v, want the 1 s minimum (RFC 6298 §2.4)", r.e.RTO())
	}
	r.sample(900 * ms) // 118.75*... grows above 1 s
	m := rtoModel{}
	m.add(100*ms, fsm.Second, 60*fsm.Second)
	m.add(200*ms, fsm.Second, 60*fsm.Second)
	if want := m.add(900*ms, fsm.Second, 60*fsm.Second); r.e.RTO() != want || want <= fsm.Second {
		t.Fatalf("RTO %v, want %v", r.e.RTO(), want)
	}
	// A 30 s handshake sample gives 90 s, capped at RTOMax.
	r = newRig(t, fsm.Config{RTOInitial: 100 * fsm.Second, RTOMax: 60 * fsm.Second})
	r.connect()
	r.now = 30 * fsm.Second
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	r.wantState(fsm.Established)
	if r.e.RTO() != 60*fsm.Second {
		t.Fatalf("RTO %v, want the 60 s maximum (RFC 6298 §2.5)", r.e.RTO())
	}
}

// Karn's algorithm (RFC 6298 §3): the ACK of a retransmitted segment gives
// no sample, the backed-off RTO stays until fresh data is timed.
func TestRTOKarn(t *testing.T) {
	const ms = fsm.Millisecond
	r := newRig(t, fsm.Config{RTOMin: ms})
	r.connect()
	r.now = 100 * ms
	r.peerNxt = rigPeerISS.Add(1)
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	if r.e.RTO() != 300*ms {
		t.Fatalf("RTO %v after a 100 ms handshake", r.e.RTO())
	}
	r.send([]byte("timed, then retransmitted"))
	r.wantDeadline(400 * ms)
	r.tick(400 * ms)
	r.one()
	if r.e.RTO() != 600*ms {
		t.Fatalf("RTO %v after one timeout, want 600 ms", r.e.RTO())
	}
	r.now = 450 * ms // 350 ms after the original, 50 ms after the copy
	r.ack(r.e.SndNxt())
	if r.e.RTO() != 600*ms {
		t.Fatalf("the ACK of a retransmitted segment changed the RTO to %v (Karn)", r.e.RTO())
	}
	r.wantDeadline(fsm.Never)
	// Fresh data is timed again: 50 ms.
	r.sample(50 * ms)
	// RTTVAR = 3/4*50 + 1/4*|100-50| = 50; SRTT = 7/8*100 + 1/8*50 = 93.75.
	if want := 93750*fsm.Microsecond + 200*ms; r.e.RTO() != want {
		t.Fatalf("RTO %v after a clean sample, want %v", r.e.RTO(), want)
	}
}

// Karn with data sent after the retransmission: the ACK for the old
// segment does not complete a sample, the ACK for the new one does.
func TestRTOKarnNewDataAfterTimeout(t *testing.T) {
	const ms = fsm.Millisecond
	r := newRig(t, fsm.Config{RTOMin: ms})
	r.connect()
	r.now = 100 * ms
	r.peerNxt = rigPeerISS.Add(1)
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	r.send([]byte("old"))
	old := r.e.SndNxt()
	r.tick(400 * ms) // retransmitted, RTO 600 ms
	r.now = 410 * ms
	r.send([]byte("new")) // fresh: timed from 410 ms
	r.now = 500 * ms
	r.ack(old)
	if r.e.RTO() != 600*ms {
		t.Fatalf("ACK of the retransmitted segment gave RTO %v", r.e.RTO())
	}
	r.now = 520 * ms
	r.ack(r.e.SndNxt()) // 110 ms for "new"
	m := rtoModel{}
	m.add(100*ms, ms, 60*fsm.Second)
	if want := m.add(110*ms, ms, 60*fsm.Second); r.e.RTO() != want {
		t.Fatalf("RTO %v, want %v from the 110 ms sample of fresh data", r.e.RTO(), want)
	}
}

// RFC 6298 §5.7: after a retransmitted SYN and no RTT sample, data
// transmission begins with RTO = 3 s.
func TestRTOThreeSecondsAfterSYNRetransmission(t *testing.T) {
	const ms = fsm.Millisecond
	r := newRig(t, fsm.Config{})
	r.connect()
	r.tick(fsm.Second) // SYN retransmitted, RTO 2 s
	r.one()
	r.now = 1200 * ms
	r.peerNxt = rigPeerISS.Add(1)
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	r.wantState(fsm.Established)
	if r.e.RTO() != 3*fsm.Second {
		t.Fatalf("RTO %v after a retransmitted SYN, want 3 s (RFC 6298 §5.7)", r.e.RTO())
	}
	r.wantDeadline(fsm.Never)
	r.send([]byte("data"))
	r.wantDeadline(r.now + 3*fsm.Second)

	// Several retransmissions (RTO backed off to 8 s) collapse to 3 s too.
	r = newRig(t, fsm.Config{})
	r.connect()
	for _, at := range []fsm.Time{1, 3, 7} {
		r.tick(at * fsm.Second)
	}
	r.now = 8 * fsm.Second
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	if r.e.RTO() != 3*fsm.Second {
		t.Fatalf("RTO %v after three SYN retransmissions, want 3 s", r.e.RTO())
	}

	// Passive side: a retransmitted SYN-ACK.
	r = newRig(t, fsm.Config{RTOMin: ms})
	r.synReceived()
	r.tick(fsm.Second)
	r.one()
	r.now = 1500 * ms
	r.ack(rigISS.Add(1))
	r.wantState(fsm.Established)
	if r.e.RTO() != 3*fsm.Second {
		t.Fatalf("passive: RTO %v after a retransmitted SYN-ACK, want 3 s", r.e.RTO())
	}

	// Without a retransmission the handshake sample counts: 3*200 ms.
	r = newRig(t, fsm.Config{RTOMin: ms})
	r.connect()
	r.now = 200 * ms
	r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
	if r.e.RTO() != 600*ms {
		t.Fatalf("RTO %v after a clean 200 ms handshake, want 600 ms", r.e.RTO())
	}
}

// The passive side samples the SYN-ACK's round trip.
func TestRTOPassiveHandshakeSample(t *testing.T) {
	const ms = fsm.Millisecond
	r := newRig(t, fsm.Config{RTOMin: ms})
	r.synReceived()
	r.now = 40 * ms
	r.ack(rigISS.Add(1))
	if r.e.RTO() != 120*ms {
		t.Fatalf("RTO %v after a 40 ms SYN-ACK round trip, want 120 ms", r.e.RTO())
	}
}

// walkNet is a lossy, delaying link between two endpoints for the deadline
// property: segments are copied when sent and delivered in time order.
type walkNet struct {
	t      *testing.T
	rng    *rand.Rand
	ep     [2]*fsm.Endpoint
	last   [2]fsm.Result
	now    fsm.Time
	flight []walkSeg
	msl    fsm.Time
	calls  int
}

type walkSeg struct {
	to  int
	at  fsm.Time
	seg segment.Segment
}

// after checks a result of endpoint i at w.now and queues its segments.
func (w *walkNet) after(i int, res fsm.Result, what string) {
	w.t.Helper()
	w.calls++
	e := w.ep[i]
	d := res.Deadline
	st := e.State()
	switch {
	case d != fsm.Never && d <= w.now:
		w.t.Fatalf("%s on %d at %v: deadline %v not in the future", what, i, w.now, d)
	case (st == fsm.Closed || st == fsm.Listen) && d != fsm.Never:
		w.t.Fatalf("%s on %d: deadline %v in %v", what, i, d, st)
	case st == fsm.TimeWait && d > w.now+2*w.msl:
		w.t.Fatalf("%s on %d: TIME-WAIT deadline %v beyond 2 MSL", what, i, d)
	case st != fsm.TimeWait && st != fsm.Closed && st != fsm.Listen &&
		(e.SndUna() != e.SndNxt() || e.Unacked() > 0) && d == fsm.Never:
		w.t.Fatalf("%s on %d in %v: data outstanding (una %d nxt %d unacked %d) and no timer",
			what, i, st, e.SndUna(), e.SndNxt(), e.Unacked())
	}
	w.last[i] = res
	edge := e.SndUna().Add(seq.Size(e.SndWnd()))
	for _, s := range res.Out {
		if end := s.Seq.Add(seq.Size(len(s.Payload))); len(s.Payload) > 0 && end.GreaterThan(edge) &&
			!(e.SndWnd() == 0 && len(s.Payload) == 1 && s.Seq == e.SndUna()) {
			w.t.Fatalf("%s on %d: segment [%d, %d) beyond SND.UNA+SND.WND %d", what, i, s.Seq, end, edge)
		}
		if w.rng.IntN(100) < 15 {
			continue // lost
		}
		s.Payload = append([]byte(nil), s.Payload...)
		w.flight = append(w.flight, walkSeg{to: 1 - i, at: w.now + fsm.Time(1+w.rng.IntN(80))*fsm.Millisecond, seg: s})
	}
	// Just before the deadline nothing is due: a Tick is a no-op.
	if d != fsm.Never && d-1 > w.now {
		r := e.Tick(d - 1)
		if len(r.Out) != 0 || r.Events != 0 || r.Err != fsm.OK || r.Deadline != d || e.State() != st {
			w.t.Fatalf("%s on %d: Tick(%v) one before the deadline did something: %d segments, events %v, deadline %v",
				what, i, d-1, len(r.Out), r.Events, r.Deadline)
		}
	}
}

// step runs the earliest event: a due timer (ties first), an arrival, or a
// user call.
func (w *walkNet) step() bool {
	next, kind, who := fsm.Never, 0, 0
	for i := range w.ep {
		if d := w.last[i].Deadline; d < next {
			next, kind, who = d, 1, i
		}
	}
	fi := -1
	for j := range w.flight {
		if w.flight[j].at < next {
			next, kind, fi = w.flight[j].at, 2, j
		}
	}
	if w.rng.IntN(4) == 0 || next == fsm.Never {
		if w.ep[0].State() == fsm.Closed && w.ep[1].State() == fsm.Closed && next == fsm.Never {
			return false
		}
		w.user(w.rng.IntN(2))
		return true
	}
	w.now = next
	switch kind {
	case 1:
		before := w.ep[who].State()
		res := w.ep[who].Tick(w.now)
		if len(res.Out) == 0 && w.ep[who].State() == before && res.Deadline <= w.now {
			w.t.Fatalf("Tick at the deadline %v of %d did nothing and left the timer due", w.now, who)
		}
		w.after(who, res, "Tick")
	case 2:
		s := w.flight[fi]
		w.flight = append(w.flight[:fi], w.flight[fi+1:]...)
		w.after(s.to, w.ep[s.to].Input(w.now, &s.seg), "Input")
	}
	return true
}

var walkBuf [4096]byte

func (w *walkNet) user(i int) {
	e := w.ep[i]
	// A timer due now (a tie with the last event) runs first, so the
	// result's deadline is in the future.
	for j := range w.ep {
		if w.last[j].Deadline <= w.now {
			w.after(j, w.ep[j].Tick(w.now), "Tick")
		}
	}
	switch op := w.rng.IntN(100); {
	case op < 45:
		_, res := e.Send(w.now, walkBuf[:w.rng.IntN(len(walkBuf))])
		w.after(i, res, "Send")
	case op < 90:
		_, res := e.Recv(w.now, walkBuf[:w.rng.IntN(len(walkBuf))])
		w.after(i, res, "Recv")
	case op < 99:
		if w.calls > 300 {
			w.after(i, e.Close(w.now), "Close")
		}
	default:
		if w.rng.IntN(4) == 0 {
			w.after(i, e.Abort(w.now), "Abort")
		}
	}
}

// The deadline in every Result is the next timer: never in the past, none
// in CLOSED or LISTEN, always one while data or a control bit is
// unacknowledged, a Tick one nanosecond before it does nothing and a Tick
// at it handles the timer (sends, changes state or moves the deadline on:
// a keep-alive deferred by outstanding data does only the last). Segments
// never exceed the peer's window.
func TestRetransmitDeadlineIsNextTimer(t *testing.T) {
	total := 0
	for seed := range uint64(40) {
		cfg := fsm.Config{
			SendBuffer: 8 << 10, RecvBuffer: 6 << 10, MSS: 1000,
			Retries: 4, SynRetries: 3, MSL: 2 * fsm.Second, RTOMin: 200 * fsm.Millisecond,
			RTOMax: 4 * fsm.Second, MaxBurst: 4,
		}
		if seed%2 == 1 {
			cfg.KeepAlive, cfg.KeepAliveInterval, cfg.KeepAliveProbes = 3*fsm.Second, fsm.Second, 2
		}
		if seed%3 == 0 {
			cfg.NoTimestamp = true
		}
		w := &walkNet{t: t, rng: rand.New(rand.NewPCG(seed, 7)), msl: cfg.MSL}
		w.ep[0], w.ep[1] = fsm.New(cfg), fsm.New(cfg)
		w.after(1, w.ep[1].Listen(0, tupB), "Listen")
		w.after(0, w.ep[0].Connect(0, tupA), "Connect")
		for steps := 0; steps < 1500 && w.step(); steps++ {
		}
		total += w.calls
	}
	if total < 5000 {
		t.Fatalf("the walks made only %d calls", total)
	}
}

// Config.ConnectTimeout bounds an open in time (RFC 9293 §3.8.3 lets R2 for
// a SYN be measured in time units, as BSD's TCP_KEEPINIT does): the SYN
// backs off as usual and past SynRetries, and the open fails with
// ETIMEDOUT, without an RST, when the time is up, even between two
// retransmissions.
func TestConnectTimeoutBoundsSynSent(t *testing.T) {
	r := newRig(t, fsm.Config{SynRetries: 1, ConnectTimeout: 10 * fsm.Second})
	r.now = 5 * fsm.Second
	r.connect()
	syn := r.one()
	for _, at := range []fsm.Time{6, 8, 12} {
		r.wantDeadline(at * fsm.Second)
		r.tick(at * fsm.Second)
		if s := r.one(); s.Flags != syn.Flags || s.Seq != syn.Seq {
			t.Fatalf("at %v: sent %v, want the SYN again", r.now, &s)
		}
	}
	r.wantDeadline(15 * fsm.Second) // before the next retransmission, at 20 s
	r.tick(15*fsm.Second - 1)
	r.none()
	res := r.tick(15 * fsm.Second)
	r.none()
	if res.Err != fsm.ErrTimedOut || res.Events&(fsm.EvError|fsm.EvClosed) != fsm.EvError|fsm.EvClosed {
		t.Fatalf("at 15 s: err %v, events %v; want timed out, error|closed", res.Err, res.Events)
	}
	r.wantState(fsm.Closed)
	r.wantDeadline(fsm.Never)
}

// The bound covers a passive open's SYN-RECEIVED too.
func TestConnectTimeoutBoundsSynReceived(t *testing.T) {
	r := newRig(t, fsm.Config{ConnectTimeout: 2500 * fsm.Millisecond})
	sa := r.synReceived()
	r.tick(fsm.Second)
	if s := r.one(); s.Flags != sa.Flags {
		t.Fatalf("at 1 s: sent %v, want the SYN-ACK again", &s)
	}
	r.wantDeadline(2500 * fsm.Millisecond)
	if res := r.tick(2500 * fsm.Millisecond); res.Err != fsm.ErrTimedOut {
		t.Fatalf("at 2.5 s: err %v, want timed out", res.Err)
	}
	r.none()
	r.wantState(fsm.Closed)
}

// A connection established in time is not touched by the bound.
func TestConnectTimeoutEndsWithHandshake(t *testing.T) {
	r := newRig(t, fsm.Config{ConnectTimeout: 2 * fsm.Second})
	r.established()
	r.wantDeadline(fsm.Never)
	r.tick(3 * fsm.Second)
	r.none()
	r.wantState(fsm.Established)
}
