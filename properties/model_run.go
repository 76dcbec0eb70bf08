package properties

import (
	"fmt"
	"net/netip"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// ModelRun drives one endpoint with the model's stimuli, as a cooperative
// peer that builds each segment from what it has seen on the wire, and
// compares the endpoint's state and replies with Predict, all monitors
// watching. It is the system under test of the model-based tests.
type ModelRun struct {
	probe   *observe.Probe
	checker *Checker
	cfg     fsm.Config
	now     fsm.Time

	state   observe.State // the model's state
	passive bool
	finDue  bool // a CLOSE in SYN-RECEIVED waits for ESTABLISHED (§3.10.4)

	peer      peerView
	replies   Reply
	violation *Violation
	log       []string
}

// peerView is what the peer knows from the wire.
type peerView struct {
	isn       seq.Num // the peer's ISN for the current incarnation
	nxt       seq.Num // the peer's next sequence number
	synSent   bool
	finSent   bool
	finSeq    seq.Num
	epSYN     bool    // the endpoint has sent a SYN in this incarnation
	epNxt     seq.Num // highest sequence number the endpoint has sent, +1
	epFIN     bool
	epAck     seq.Num // the ACK field of the endpoint's last segment
	epWnd     uint16  // and its window (never scaled: the peer offers no WS)
	epAckSeen bool
}

var (
	modelLocal  = netip.MustParseAddr("192.168.0.1")
	modelRemote = netip.MustParseAddr("192.0.2.1")
)

// NewModelRun returns a run of an endpoint with cfg (its ISN, MSL and so on)
// whose peer starts its sequence space at peerISN.
func NewModelRun(cfg fsm.Config, peerISN seq.Num, monitors ...Monitor) *ModelRun {
	return NewModelRunWith(nil, cfg, peerISN, monitors...)
}

// NewModelRunWith is NewModelRun for an endpoint that build makes (see
// observe.NewProbeWith); nil means the reference endpoint. The monitors
// judge it by cfg.
func NewModelRunWith(build func(fsm.Config) observe.Endpoint, cfg fsm.Config, peerISN seq.Num, monitors ...Monitor) *ModelRun {
	m := &ModelRun{cfg: cfg, state: observe.Closed}
	m.checker = NewChecker(ConfigFromFSM(cfg), monitors...)
	if build == nil {
		build = func(c fsm.Config) observe.Endpoint { return fsm.New(c) }
	}
	m.probe = observe.NewProbeWith(build, cfg, m.observe)
	m.peer = peerView{isn: peerISN, nxt: peerISN}
	return m
}

// State returns the model's state.
func (m *ModelRun) State() observe.State { return m.state }

// Log returns the exchange so far, a line per event.
func (m *ModelRun) Log() []string { return m.log }

// Violation returns the first monitor violation, or nil.
func (m *ModelRun) Violation() *Violation { return m.checker.Violation() }

func (m *ModelRun) observe(ev *observe.Event) {
	m.checker.Observe(ev)
	m.log = append(m.log, describe(ev))
	switch ev.Kind {
	case observe.Output:
		m.sent(ev.Seg)
	case observe.Change:
		if newIncarnation(ev.From, ev.To) {
			m.peer.epSYN, m.peer.epFIN, m.peer.epAckSeen = false, false, false
		}
	}
}

// sent records what the peer learns from a segment the endpoint sent.
func (m *ModelRun) sent(s *segment.Segment) {
	m.replies |= classOf(s)
	if s.Flags.Has(segment.RST) {
		return
	}
	if s.Flags.Has(segment.SYN) && !m.peer.epSYN {
		m.peer.epSYN, m.peer.epNxt = true, s.Seq
	}
	if end := s.Seq.Add(s.SeqLen()); m.peer.epNxt.LessThan(end) {
		m.peer.epNxt = end
	}
	m.peer.epFIN = m.peer.epFIN || s.Flags.Has(segment.FIN)
	if s.Flags.Has(segment.ACK) {
		m.peer.epAck, m.peer.epAckSeen, m.peer.epWnd = s.Ack, true, s.Window
	}
}

func classOf(s *segment.Segment) Reply {
	f := s.Flags
	switch {
	case f.Has(segment.RST):
		return RRST
	case f.Has(segment.SYN | segment.ACK):
		return RSYNACK
	case f.Has(segment.SYN):
		return RSYN
	}
	var r Reply
	if len(s.Payload) > 0 {
		r |= RData
	}
	if f.Has(segment.FIN) {
		r |= RFIN
	}
	if r == 0 {
		r = RACK
	}
	return r
}

// Applicable reports whether the peer can produce stimulus s now: a peer
// sends no data after its FIN, repeats a FIN only after sending one, and
// answers a SYN only once it has seen one.
func (m *ModelRun) Applicable(s Stimulus) bool {
	switch s {
	case PeerData, PeerFIN, PeerFINUnacked:
		return !m.peer.finSent
	case PeerFINAgain:
		return m.peer.finSent
	case PeerSYNACK:
		return m.peer.epSYN
	}
	return true
}

// Step applies stimulus s and returns an error when the endpoint differs
// from the model or a monitor flags it.
func (m *ModelRun) Step(s Stimulus) error {
	from := m.state
	want := m.predict(from, s)
	m.replies = 0
	m.log = append(m.log, "-- "+s.String()+" in "+from.String())
	m.apply(s)
	got := observe.FromFSM(m.probe.EP.State())
	if v := m.checker.Violation(); v != nil {
		return fmt.Errorf("%s", v)
	}
	if got != want.Next && got != want.Alt {
		return fmt.Errorf("%s in %s: endpoint went to %s, model says %s", s, from, got, want.Next)
	}
	must := want.Must
	if got != want.Next {
		must = 0 // the alternative RFC 9293 allows: its replies are optional
	}
	if m.replies&must != must || m.replies&^(want.Must|want.May) != 0 {
		return fmt.Errorf("%s in %s: endpoint sent %s, model says %s (may %s)",
			s, from, m.replies, want.Must, want.May)
	}
	m.state = got
	if s == PeerFIN || s == PeerFINUnacked {
		// The peer's FIN counts only if the endpoint took it.
		m.peer.finSent = got == observe.CloseWait || got == observe.Closing ||
			got == observe.TimeWait || got == observe.LastAck
	}
	m.finDue = (m.finDue || s == AppClose) && got == observe.SynReceived
	if s == AppListen && got == observe.Listen {
		m.passive = true
	} else if s == AppConnect && got == observe.SynSent {
		m.passive = false
	}
	return nil
}

// predict is Predict with the FIN that a CLOSE in SYN-RECEIVED left due:
// entering ESTABLISHED or CLOSE-WAIT sends it at once (§3.10.4).
func (m *ModelRun) predict(from observe.State, s Stimulus) Outcome {
	want := Predict(from, m.passive, s)
	if !m.finDue {
		return want
	}
	switch want.Next {
	case observe.Established:
		want.Next, want.Must = observe.FinWait1, want.Must|RFIN
	case observe.CloseWait:
		// The FIN goes out on entering ESTABLISHED, before or after the
		// peer's FIN is processed: CLOSING or LAST-ACK.
		want.Next, want.Alt, want.Must = observe.LastAck, observe.Closing, want.Must|RFIN
	}
	return want
}

func (m *ModelRun) apply(s Stimulus) {
	m.now += fsm.Millisecond
	switch s {
	case AppConnect:
		m.newIncarnationIfClosed()
		m.probe.Connect(m.now, fsm.Tuple{LocalAddr: modelLocal, RemoteAddr: modelRemote, LocalPort: 8080, RemotePort: 54242})
	case AppListen:
		m.newIncarnationIfClosed()
		m.probe.Listen(m.now, fsm.Tuple{LocalAddr: modelLocal, LocalPort: 8080})
	case AppSend:
		m.probe.Send(m.now, modelPayload[:10])
	case AppClose:
		m.probe.Shutdown(m.now)
	case AppAbort:
		m.probe.Abort(m.now)
	case Wait2MSL:
		m.wait(2*fsm.Time(m.checker.cfg.MSL) + 10*fsm.Millisecond)
	default:
		m.inject(s)
	}
}

// newIncarnation moves the peer to a fresh, higher sequence space once it
// has used the current one.
func (m *ModelRun) newIncarnation() {
	if !m.peer.synSent {
		return
	}
	m.peer.isn = m.peer.nxt.Add(100000)
	m.peer.nxt = m.peer.isn
	m.peer.synSent, m.peer.finSent = false, false
}

func (m *ModelRun) newIncarnationIfClosed() {
	if m.state == observe.Closed {
		m.newIncarnation()
	}
}

// wait lets d pass, running every timer due on the way.
func (m *ModelRun) wait(d fsm.Time) {
	end := m.now + d
	for i := 0; i < 256; i++ {
		r := m.probe.Tick(m.now)
		if r.Deadline == 0 || r.Deadline > end || r.Deadline <= m.now {
			break
		}
		m.now = r.Deadline
	}
	m.now = end
	m.probe.Tick(m.now)
}

var modelPayload [64]byte

// rcvNxt is where the peer's next segment goes: the endpoint's last ACK
// field, or the peer's own next number before the endpoint acknowledged
// anything.
func (m *ModelRun) rcvNxt() seq.Num {
	if m.peer.epAckSeen {
		return m.peer.epAck
	}
	return m.peer.nxt
}

func (m *ModelRun) inject(s Stimulus) {
	p := &m.peer
	seg := segment.Segment{SrcPort: 54242, DstPort: 8080, Seq: m.rcvNxt(), Ack: p.epNxt,
		Flags: segment.ACK, Window: 65535}
	switch s {
	case PeerSYN:
		if m.state == observe.Listen || m.state == observe.Closed {
			m.newIncarnation() // a new connection attempt
		}
		seg.Seq, seg.Flags, seg.Ack = p.isn, segment.SYN, 0
		p.synSent, p.nxt = true, p.isn.Add(1)
	case PeerSYNACK:
		seg.Seq, seg.Flags = p.isn, segment.SYN|segment.ACK
		p.synSent, p.nxt = true, p.isn.Add(1)
	case PeerData:
		seg.Flags |= segment.PSH
		seg.Payload = modelPayload[:20]
		p.nxt = seg.Seq.Add(20)
	case PeerFIN, PeerFINUnacked:
		seg.Flags |= segment.FIN
		if s == PeerFINUnacked && p.epFIN {
			seg.Ack = p.epNxt.Sub(1)
		}
		p.finSent, p.finSeq, p.nxt = true, seg.Seq, seg.Seq.Add(1)
	case PeerFINAgain:
		seg.Seq, seg.Flags = p.finSeq, segment.ACK|segment.FIN
	case PeerRST:
		seg.Flags = segment.RST | segment.ACK
	case PeerRSTInWindow:
		seg.Seq, seg.Flags = seg.Seq.Add(1), segment.RST|segment.ACK
	case PeerRSTRightEdge:
		seg.Flags = segment.RST | segment.ACK
		if p.epWnd > 1 {
			seg.Seq = seg.Seq.Add(seq.Size(p.epWnd) - 1)
		}
	case PeerBadACK:
		seg.Ack = p.epNxt.Add(1000)
	}
	m.probe.Input(m.now, &seg)
}
