package properties

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Anchor names a point of the sequence space as the adversarial peer sees it
// on the wire; an Anchored number is that point plus a delta. Bugs live at
// window edges, so generated numbers are mostly anchored, not uniform.
type Anchor uint8

// The anchors.
const (
	AtRcvNxt    Anchor = iota // the ACK field of the endpoint's last segment
	AtRcvWndEnd               // RCV.NXT plus the window it announced, scaled
	AtSndUna                  // the highest ACK the peer sent
	AtSndNxt                  // the highest sequence number the endpoint sent, +1
	AtPeerISN                 // the peer's initial sequence number
	AtZero                    // absolute: the delta is the number
	AtLocalISN                // the endpoint's ISN, from its SYN (scripts' acks are relative to it)
	NumAnchors
)

// Anchored is a sequence number relative to an anchor.
type Anchored struct {
	Anchor Anchor
	Delta  int32
}

// StepKind says what an open-world step does.
type StepKind uint8

// The kinds of step.
const (
	StepSegment StepKind = iota // inject a segment
	StepCall                    // an application call
	StepWait                    // time passes
	NumStepKinds
)

// Option bits of an injected segment.
const (
	OptMSS uint8 = 1 << iota
	OptWScale
	OptSACKPermitted
	OptTimestamps
)

// Step is one stimulus of an open-world scenario.
type Step struct {
	Kind     StepKind
	Flags    segment.Flags // StepSegment
	Seq, Ack Anchored      // StepSegment
	Window   uint16        // StepSegment
	Len      uint16        // StepSegment: payload length
	Opts     uint8         // StepSegment: Opt bits
	WScale   uint8         // StepSegment, with OptWScale
	Op       observe.Op    // StepCall
	N        uint16        // StepCall: bytes to send or to read
	Wait     fsm.Time      // StepWait
}

// Scenario is an open world: one endpoint, opened actively or passively,
// and an adversarial peer's steps.
type Scenario struct {
	ISN, PeerISN uint32
	Passive      bool
	Legacy       bool // RFC 793 rules instead of RFC 5961
	Steps        []Step
}

// OpenWorld runs scenarios against the reference endpoint (or a broken one)
// with every monitor watching. Reuse it: after the first run, a run
// allocates nothing.
type OpenWorld struct {
	Build   func(fsm.Config) observe.Endpoint // nil: the reference endpoint
	Log     func(string)                      // when set, sees every event described
	checker *Checker
	probe   *observe.Probe
	now     fsm.Time
	view    wireView
	isn     seq.Num
	isnFunc fsm.ISNFunc
	seg     segment.Segment
	payload [1500]byte
	buf     [4096]byte

	// Sink, when set, sees every event after the monitors (a recorder
	// writing the run as a script, for example).
	Sink     func(*observe.Event)
	deadline fsm.Time // the endpoint's next timer, from its last result
}

// wireView is what the peer has learned from the wire.
type wireView struct {
	peerISN, localISN seq.Num
	rcvNxt, sndNxt    seq.Num
	sndUna            seq.Num
	window            uint32
	shift             uint8
	sawAck, sawSeq    bool
	peerWS, localWS   bool
	localShift        uint8
}

const maxTicksPerWait = 64

// Config is the endpoint configuration a scenario runs with: short timers
// so that TIME-WAIT and retransmission limits are within reach; isn gives
// the ISN.
func (sc *Scenario) Config(isn fsm.ISNFunc) fsm.Config {
	return fsm.Config{
		ISN:        isn,
		MSL:        fsm.Second,
		SynRetries: 3,
		Retries:    4,
		Legacy:     sc.Legacy,
	}
}

// Run plays sc and returns the first violation, or nil.
func (w *OpenWorld) Run(sc *Scenario) *Violation {
	w.isn = seq.Num(sc.ISN)
	if w.isnFunc == nil {
		w.isnFunc = w.chooseISN
	}
	cfg := sc.Config(w.isnFunc)
	w.reset(sc, cfg)
	if sc.Passive {
		w.note(w.probe.Listen(w.now, fsm.Tuple{LocalAddr: modelLocal, LocalPort: 8080}))
	} else {
		w.note(w.probe.Connect(w.now, fsm.Tuple{LocalAddr: modelLocal, RemoteAddr: modelRemote, LocalPort: 8080, RemotePort: 54242}))
	}
	for i := range sc.Steps {
		if w.checker.Violation() != nil {
			break
		}
		w.step(&sc.Steps[i])
	}
	return w.checker.Violation()
}

func (w *OpenWorld) reset(sc *Scenario, cfg fsm.Config) {
	if w.checker == nil {
		w.checker = NewChecker(ConfigFromFSM(cfg))
	} else {
		w.checker.cfg = ConfigFromFSM(cfg)
		w.checker.Reset()
	}
	build := w.Build
	if build == nil {
		build = func(c fsm.Config) observe.Endpoint { return fsm.New(c) }
	}
	if w.probe == nil {
		w.probe = observe.NewProbeWith(build, cfg, w.observe)
	} else {
		w.probe.Reset(cfg)
	}
	w.now, w.deadline = 0, fsm.Never
	w.view = wireView{peerISN: seq.Num(sc.PeerISN), rcvNxt: seq.Num(sc.PeerISN)}
}

func (w *OpenWorld) chooseISN(fsm.Time, fsm.Tuple) seq.Num { return w.isn }

func (w *OpenWorld) observe(ev *observe.Event) {
	w.checker.Observe(ev)
	if w.Log != nil {
		w.Log(describe(ev))
	}
	if ev.Kind == observe.Output {
		w.view.sent(ev.Seg)
	}
	if w.Sink != nil {
		w.Sink(ev)
	}
}

// note keeps the endpoint's next deadline from a call's result.
func (w *OpenWorld) note(r fsm.Result) { w.deadline = r.Deadline }

// advance moves the clock to end, running the endpoint's timers due by
// then at their deadlines, as a host's clock would before the next stimulus
// (and as runner does when it replays the run as a script).
func (w *OpenWorld) advance(end fsm.Time) {
	for i := 0; i < maxTicksPerWait && w.deadline <= end; i++ {
		w.now = max(w.now, w.deadline)
		w.note(w.probe.Tick(w.now))
	}
	w.now = end
}

// sent updates the peer's view with a segment from the endpoint.
func (v *wireView) sent(s *segment.Segment) {
	if s.Flags.Has(segment.RST) {
		return
	}
	if s.Flags.Has(segment.SYN) {
		v.localShift, v.localWS = s.Options.WScale()
		v.localISN = s.Seq
	}
	end := s.Seq.Add(s.SeqLen())
	if !v.sawSeq || v.sndNxt.LessThan(end) {
		v.sndNxt, v.sawSeq = end, true
	}
	if s.Flags.Has(segment.ACK) {
		v.rcvNxt, v.sawAck = s.Ack, true
		v.window = uint32(s.Window)
		if !s.Flags.Has(segment.SYN) && v.localWS && v.peerWS {
			v.window <<= v.localShift // RFC 7323 §2.2: never on a SYN
		}
	}
}

func (v *wireView) resolve(a Anchored) seq.Num {
	var base seq.Num
	switch a.Anchor {
	case AtRcvNxt:
		base = v.rcvNxt
	case AtRcvWndEnd:
		base = v.rcvNxt.Add(seq.Size(v.window))
	case AtSndUna:
		base = v.sndUna
	case AtSndNxt:
		base = v.sndNxt
	case AtPeerISN:
		base = v.peerISN
	case AtLocalISN:
		base = v.localISN
	}
	return base.Add(seq.Size(uint32(a.Delta)))
}

func (w *OpenWorld) step(st *Step) {
	switch st.Kind {
	case StepSegment:
		w.advance(w.now + fsm.Millisecond)
		w.inject(st)
	case StepCall:
		w.advance(w.now + fsm.Millisecond)
		w.call(st)
	case StepWait:
		w.wait(st.Wait)
	}
}

func (w *OpenWorld) call(st *Step) {
	n := int(st.N)
	switch st.Op {
	case observe.OpSend:
		_, r := w.probe.Send(w.now, w.payload[:min(n, len(w.payload))])
		w.note(r)
	case observe.OpRecv:
		_, r := w.probe.Recv(w.now, w.buf[:min(n, len(w.buf))])
		w.note(r)
	case observe.OpShutdown:
		w.note(w.probe.Shutdown(w.now))
	case observe.OpClose:
		w.note(w.probe.Close(w.now))
	case observe.OpAbort:
		w.note(w.probe.Abort(w.now))
	}
}

func (w *OpenWorld) wait(d fsm.Time) {
	end := w.now + d
	for i := 0; i < maxTicksPerWait; i++ {
		r := w.probe.Tick(w.now)
		w.note(r)
		if r.Deadline == 0 || r.Deadline > end || r.Deadline <= w.now {
			break
		}
		w.now = r.Deadline
	}
	if w.now < end {
		w.now = end
		w.note(w.probe.Tick(w.now))
	}
}

func (w *OpenWorld) inject(st *Step) {
	s := &w.seg
	*s = segment.Segment{SrcPort: 54242, DstPort: 8080, Flags: st.Flags, Window: st.Window,
		Seq: w.view.resolve(st.Seq), Ack: w.view.resolve(st.Ack)}
	if n := int(st.Len); n > 0 {
		s.Payload = w.payload[:min(n, len(w.payload))]
	}
	if st.Flags.Has(segment.SYN) {
		w.addSynOptions(st)
	} else if st.Opts&OptTimestamps != 0 {
		_ = s.Options.AddTimestamps(uint32(w.now/fsm.Millisecond), 0)
	}
	if st.Flags.Has(segment.ACK) && !st.Flags.Has(segment.RST) {
		if a := s.Ack; w.view.sndUna.LessThan(a) && a.LessThanEq(w.view.sndNxt) {
			w.view.sndUna = a
		}
	}
	w.note(w.probe.Input(w.now, s))
}

func (w *OpenWorld) addSynOptions(st *Step) {
	o := &w.seg.Options
	if st.Opts&OptMSS != 0 {
		_ = o.AddMSS(536 + uint16(st.WScale)*64)
	}
	if st.Opts&OptWScale != 0 {
		_ = o.AddWScale(st.WScale)
		w.view.peerWS = true
	}
	if st.Opts&OptSACKPermitted != 0 {
		_ = o.AddSACKPermitted()
	}
	if st.Opts&OptTimestamps != 0 {
		_ = o.AddTimestamps(uint32(w.now/fsm.Millisecond), 0)
	}
	o.Pad()
}

// Violation returns the first violation of the last run, or nil.
func (w *OpenWorld) Violation() *Violation { return w.checker.Violation() }

// Transcript replays sc and returns the exchange, a line per event, for
// failure reports.
func Transcript(sc *Scenario) string {
	var b []byte
	w := &OpenWorld{Log: func(s string) { b = append(append(b, s...), '\n') }}
	w.Run(sc)
	return string(b)
}
