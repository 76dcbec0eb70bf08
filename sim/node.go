package sim

import (
	"net/netip"
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// node is one endpoint and everything the simulator keeps about it.
type node struct {
	sim      *Sim
	idx      int
	spec     Node
	cfg      fsm.Config // the endpoint's configuration, ISN function included
	msl      Time
	probe    *observe.Probe
	sink     func(*observe.Event)
	isn      seq.Num
	deadline Time

	replyTo netip.Addr // source of the segment being processed
	inInput bool

	app     app
	hist    history
	rec     recorder
	fired   []bool // Actions already triggered this run
	unfired int    // how many of fired are false, once the run started

	// fep is probe.EP when it is the reference endpoint, else nil, and
	// sndBuf its send buffer size, set when the endpoint is (re)built.
	fep    *fsm.Endpoint
	sndBuf int
}

// init fills in the defaults of spec and builds the endpoint.
func (n *node) init(s *Sim, i int, spec Node) {
	if spec.Name == "" {
		spec.Name = string(rune('a' + i%26))
		if i >= 26 {
			spec.Name += strconv.Itoa(i / 26)
		}
	}
	if !spec.Addr.IsValid() {
		spec.Addr = netip.AddrFrom4([4]byte{192, 0, 2, byte(i + 1)})
	}
	if spec.Port == 0 {
		spec.Port = uint16(40000 + i)
	}
	if spec.Peer == i && len(s.cfg.Endpoints) == 2 {
		spec.Peer = 1 - i
	}
	n.sim, n.idx, n.spec, n.sink, n.isn = s, i, spec, spec.Sink, spec.ISN
	cfg := spec.Config
	cfg.ISN = n.chooseISN
	n.cfg = cfg
	n.msl = cfg.MSL
	if n.msl == 0 {
		n.msl = fsm.DefaultConfig().MSL
	}
	build := spec.Build
	if build == nil {
		build = func(c fsm.Config) observe.Endpoint { return fsm.New(c) }
	}
	n.probe = observe.NewProbeWith(build, cfg, n.observe)
	n.fired = make([]bool, len(spec.Actions))
	n.noteEndpoint()
}

// noteEndpoint caches what the simulator asks of a reference endpoint
// often: the endpoint itself and its send buffer size, fixed until it is
// reset.
func (n *node) noteEndpoint() {
	n.fep, n.sndBuf = nil, 0
	if ep, ok := n.probe.EP.(*fsm.Endpoint); ok {
		n.fep, n.sndBuf = ep, ep.Config().SendBuffer
	}
}

// countUnfired counts the actions not triggered yet.
func (n *node) countUnfired() {
	n.unfired = 0
	for _, f := range n.fired {
		if !f {
			n.unfired++
		}
	}
}

// chooseISN is the endpoint's fsm.Config.ISN: the node's fixed ISN.
func (n *node) chooseISN(fsm.Time, fsm.Tuple) seq.Num { return n.isn }

// hasPeer reports whether Peer names another endpoint.
func (n *node) hasPeer() bool {
	return n.spec.Peer >= 0 && n.spec.Peer < len(n.sim.nodes) && n.spec.Peer != n.idx
}

// observe is the probe's sink: history, trace, then the caller's sink.
func (n *node) observe(ev *observe.Event) {
	s := n.sim
	if s.muted {
		return
	}
	if ev.Kind == observe.Change {
		n.hist.change(ev)
	}
	if s.cfg.Trace {
		s.trace.add(n.idx, ev)
	}
	if n.sink != nil {
		n.sink(ev)
	}
}

func (n *node) state() fsm.State {
	if n.fep != nil {
		return n.fep.State()
	}
	return n.probe.EP.State()
}

// readable is the endpoint's Readable, when it has that method.
func (n *node) readable() (int, bool) {
	if n.fep != nil {
		return n.fep.Readable(), true
	}
	if r, ok := n.probe.EP.(interface{ Readable() int }); ok {
		return r.Readable(), true
	}
	return 0, false
}

// readyBytes is readable's count, 0 when unknown.
func (n *node) readyBytes() int {
	k, _ := n.readable()
	return k
}

// resetEndpoint returns the endpoint to CLOSED with a fresh TCB. The
// reference endpoint is reset in place (observe.Probe.Reset); one made by
// Node.Build is aborted back to CLOSED, keeping whatever its builder chose,
// and opens afresh on its next Connect or Listen.
func (n *node) resetEndpoint(now Time) {
	if n.spec.Build == nil {
		n.probe.Reset(n.cfg)
	} else if n.probe.EP.State() != fsm.Closed {
		n.probe.Abort(now)
	}
	n.noteEndpoint()
}

// reset prepares the node for a new run; the endpoint is already CLOSED.
func (n *node) reset(record bool) {
	n.deadline = fsm.Never
	n.replyTo, n.inInput = netip.Addr{}, false
	n.app = app{badAt: -1}
	n.hist = history{}
	n.rec.reset(record)
	clear(n.fired)
	n.unfired = len(n.fired)
}

// history is what EventualClose needs of the endpoint's state changes in
// its latest incarnation (since it last left CLOSED).
type history struct {
	established bool // reached ESTABLISHED
	activeClose bool // entered FIN-WAIT-1: it sent its FIN first (RFC 9293 §3.6)
	inTimeWait  bool
	twStart     Time // entered TIME-WAIT
	twTime      Time // time spent in TIME-WAIT, once it ended
	viaTimeWait bool // reached CLOSED from TIME-WAIT
	closed      bool // reached CLOSED
	closedAt    Time
}

// change records one state change.
func (h *history) change(ev *observe.Event) {
	if ev.From == observe.Closed {
		*h = history{}
	}
	t := Time(ev.Time)
	switch ev.To {
	case observe.Established:
		h.established = true
	case observe.FinWait1:
		h.activeClose = true
	case observe.TimeWait:
		if !h.inTimeWait {
			h.inTimeWait, h.twStart = true, t
		}
	case observe.Closed:
		h.closed, h.closedAt = true, t
		if h.inTimeWait {
			h.viaTimeWait, h.twTime = ev.From == observe.TimeWait, t-h.twStart
		}
		h.inTimeWait = false
	}
}
