package sock

import (
	"net/netip"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// Capacities of the outgoing queue (see Outgoing).
const (
	OutSegments = 1024    // segments queued between two Outgoing calls
	OutBytes    = 1 << 20 // payload bytes queued between two Outgoing calls
	MaxBacklog  = 32      // listen's backlog is clamped to [1, MaxBacklog]
	spareConns  = 16      // listener pool room for accepted connections
	firstFD     = 3       // the first socket is fd 3, as after stdin, stdout, stderr
	firstPort   = 32768   // first ephemeral port (Linux's ip_local_port_range)
	lastPort    = 60999   // last ephemeral port
	keepIdleDef = 7200 * fsm.Second
)

// Outbound is a segment the stack transmits and the address it goes to.
type Outbound struct {
	Dst netip.Addr
	Seg segment.Segment
}

// kind is what a socket is.
type kind uint8

const (
	kindNew       kind = iota // created, perhaps bound
	kindListening             // lis is set
	kindConn                  // ep is set: connecting, connected or done
)

// socket is one file-descriptor table entry, or an orphan: an endpoint
// whose fd was closed while the connection still runs (FIN-WAIT,
// TIME-WAIT...).
type socket struct {
	fd        int // -1 for an orphan
	kind      kind
	nonblock  bool
	port      uint16 // local port, 0 while unbound
	cfg       fsm.Config
	lingerOn  bool
	lingerSec int
	reuseAddr bool
	keepAlive bool
	keepIdle  fsm.Time
	noDelay   bool
	soErr     Errno // pending error for SO_ERROR, read, write

	ep        *fsm.Endpoint
	owner     *fsm.Listener // the listener ep came from, for Release
	connected bool          // ep reached ESTABLISHED at some point
	blockConn bool          // a blocking connect is pending
	wrDone    int           // bytes of a pending blocking write already queued
	rdShut    bool          // shutdown(SHUT_RD)

	lis     *fsm.Listener
	backlog int
	peers   map[uint16]netip.Addr // listener children's remote addresses by port

	deadline fsm.Time
}

// Stack is a host's TCP sockets: one local address, a file-descriptor table
// and the connections behind it. Now is the virtual clock, owned by the
// caller: set it before each call. A Stack is not safe for concurrent use.
type Stack struct {
	Now fsm.Time

	local netip.Addr
	cfg   fsm.Config
	files []*socket // files[fd-firstFD]; nil when free
	live  []*socket // sockets with an endpoint or listener, orphans included
	port  uint16    // next ephemeral port to try
	spare *fsm.Endpoint

	out     []Outbound
	buf     []byte
	drained bool
	dropped int
	free    reusable // endpoints and listeners for later runs (Reset)

	w *watcher // see Observe; nil when not observing
}

// New returns a stack on local whose sockets start from cfg (setsockopt
// changes a socket's copy). The outgoing queue grows as segments come, up
// to OutSegments and OutBytes.
func New(local netip.Addr, cfg fsm.Config) *Stack {
	return &Stack{local: local, cfg: cfg, port: firstPort, spare: fsm.New(spareConfig)}
}

// spareConfig is the endpoint in CLOSED that answers segments for no
// socket with an RST.
var spareConfig = fsm.Config{SendBuffer: 1, RecvBuffer: 1, MaxBurst: 1}

// Config returns the configuration new sockets start from.
func (s *Stack) Config() fsm.Config { return s.cfg }

// SetConfig changes the configuration of sockets created afterwards, as a
// sysctl does; existing sockets keep theirs.
func (s *Stack) SetConfig(cfg fsm.Config) { s.cfg = cfg }

// Local returns the stack's address.
func (s *Stack) Local() netip.Addr { return s.local }

// Outgoing returns the segments transmitted since the previous call, oldest
// first. The slice and the payloads are valid until the next call on the
// stack.
func (s *Stack) Outgoing() []Outbound {
	s.drained = true
	return s.out
}

// Dropped returns how many segments were lost because the outgoing queue
// was full; retransmission recovers them as it would on a real link.
func (s *Stack) Dropped() int { return s.dropped }

// Deadline returns the earliest timer of all connections, fsm.Never if none.
func (s *Stack) Deadline() fsm.Time {
	d := fsm.Never
	for _, k := range s.live {
		d = min(d, k.deadline)
	}
	return d
}

// Tick runs the timers due at Now. An observer (Observe) hears of it on
// every connection, a Tick that finds nothing due included.
func (s *Stack) Tick() {
	s.begin()
	s.w.tick()
	for i := 0; i < len(s.live); i++ {
		k := s.live[i]
		if k.deadline > s.Now {
			continue
		}
		if k.lis != nil {
			s.collectListener(k, k.lis.Tick(s.Now))
		} else {
			s.collect(k, k.ep.Tick(s.Now))
		}
	}
	s.w.idle()
	s.reap()
}

// Input delivers a segment that arrived from the address from: to the
// connection with its ports and remote address, else to a listener on its
// destination port, else to an endpoint in CLOSED, which answers with RST
// (RFC 9293 §3.10.7.1). The caller has decoded the segment and checked its
// checksum and destination address. The segment is not retained.
func (s *Stack) Input(seg *segment.Segment, from netip.Addr) {
	s.begin()
	defer s.reap()
	s.w.input(seg, from)
	for _, k := range s.live {
		if k.ep == nil || k.ep.State() == fsm.Closed {
			continue
		}
		t := k.ep.Tuple()
		if t.LocalPort == seg.DstPort && t.RemotePort == seg.SrcPort && t.RemoteAddr == from {
			s.collect(k, k.ep.Input(s.Now, seg))
			return
		}
	}
	for _, k := range s.live {
		if k.lis != nil && k.port == seg.DstPort {
			k.peers[seg.SrcPort] = from
			s.collectListener(k, k.lis.Input(s.Now, from, seg))
			return
		}
	}
	r := s.spare.Input(s.Now, seg)
	s.w.stray(nil, r)
	s.emit(from, r.Out)
}

// begin starts a call: a drained outgoing queue is emptied.
func (s *Stack) begin() {
	if s.drained {
		s.out, s.buf, s.drained = s.out[:0], s.buf[:0], false
	}
	s.w.begin()
}

// emit copies segments, payloads included, to the outgoing queue.
func (s *Stack) emit(dst netip.Addr, segs []segment.Segment) {
	for i := range segs {
		g := segs[i]
		if len(s.out) == OutSegments || len(g.Payload) > OutBytes-len(s.buf) {
			s.dropped++
			continue
		}
		if len(g.Payload) > 0 {
			n := len(s.buf)
			s.buf = append(s.buf, g.Payload...)
			g.Payload = s.buf[n:len(s.buf):len(s.buf)]
		}
		s.out = append(s.out, Outbound{Dst: dst, Seg: g})
	}
}

// collect takes a connection call's output and events.
func (s *Stack) collect(k *socket, r fsm.Result) {
	s.w.direct(k.ep, r)
	s.emit(k.ep.Tuple().RemoteAddr, r.Out)
	k.deadline = r.Deadline
	if r.Events&fsm.EvConnected != 0 {
		k.connected = true
	}
	if r.Events&(fsm.EvReset|fsm.EvError) != 0 && r.Err != fsm.OK {
		k.soErr = FromReason(r.Err)
	}
	if k.ep.State() == fsm.Closed {
		k.deadline = fsm.Never
	}
}

// collectListener takes a listener call's output; each segment goes to the
// address its destination port was last seen from.
func (s *Stack) collectListener(k *socket, r fsm.Result) {
	s.w.stray(k.lis, r)
	for i := range r.Out {
		s.emit(k.peers[r.Out[i].DstPort], r.Out[i:i+1])
	}
	k.deadline = r.Deadline
}

// reap forgets orphans that reached CLOSED, returning pooled endpoints to
// their listener.
func (s *Stack) reap() {
	live := s.live[:0]
	for _, k := range s.live {
		if k.fd < 0 && (k.lis != nil || k.ep.State() == fsm.Closed) {
			if k.owner != nil && k.ep != nil {
				k.owner.Release(k.ep)
			}
			continue
		}
		live = append(live, k)
	}
	clear(s.live[len(live):])
	s.live = live
}
