package sock

import (
	"net/netip"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// Observe makes every connection the stack's sockets make from now on
// report what it does as observe.Events: open is called once per
// connection, when a socket connects, a listener takes a SYN or a segment
// reaches no connection (below), with the connection's configuration, and
// returns the function that receives the connection's events (valid
// during the call only), in package observe's order. Sockets made before
// are not observed; nil stops observing.
//
// A listener's connection reports the listen call and LISTEN first, then
// its own events; it ends in CLOSED, and a later SYN the listener gives to
// the same endpoint is a new connection. A segment that reaches no
// connection is a connection of its own: the segment and the answer (an
// RST, or nothing) of a listener in LISTEN, after its listen call and with
// its configuration, or of the endpoint in CLOSED, with the stack's.
func (s *Stack) Observe(open func(cfg *fsm.Config) func(*observe.Event)) {
	for _, k := range s.live {
		if k.lis != nil {
			k.lis.Watch = nil
		}
	}
	if open == nil {
		s.w = nil
		return
	}
	w := &watcher{open: open, stack: s, conns: map[*fsm.Endpoint]*watched{}, listens: map[*fsm.Listener]listening{},
		changes: make([]observe.Event, 0, maxChanges), wire: make([]byte, 0, 1600)}
	w.record = w.change
	s.w = w
}

// maxChanges bounds the state changes one endpoint call reports, with
// room to spare: the most one call makes is two (FIN-WAIT-1 to TIME-WAIT
// through FIN-WAIT-2, or a listener's connection giving up and put back in
// LISTEN).
const maxChanges = 16

// watcher turns the stack's calls on its endpoints into events.
type watcher struct {
	open    func(cfg *fsm.Config) func(*observe.Event)
	stack   *Stack
	conns   map[*fsm.Endpoint]*watched
	listens map[*fsm.Listener]listening
	order   []*watched // the connections of conns, oldest first
	stim    stimulus
	reached bool            // the current segment reached a listener's connection
	ticks   uint64          // Stack.Tick calls, numbering the current one
	changes []observe.Event // state changes of the current endpoint call
	record  func(now fsm.Time, from, to fsm.State)
	ev      observe.Event
	wire    []byte
}

// stimulus is what the current endpoint call is.
type stimulus struct {
	kind observe.Kind // Input, Tick or Call
	seg  *segment.Segment
	from netip.Addr
	op   observe.Op
	n    int
}

// listening is what the watcher knows of a listener: the configuration of
// its connections and when listen was called.
type listening struct {
	cfg   fsm.Config
	since int64
}

// watched is one observed connection.
type watched struct {
	sink  func(*observe.Event)
	tuple fsm.Tuple
	child bool          // a listener's: it ends in CLOSED
	state observe.State // the last state reported
	tick  uint64        // the last Stack.Tick that ticked it
}

// hook chains the watcher's state-change recorder after the socket's own
// Config.OnTransition.
func (w *watcher) hook(cfg *fsm.Config) {
	user := cfg.OnTransition
	if user == nil {
		cfg.OnTransition = w.record
		return
	}
	cfg.OnTransition = func(now fsm.Time, from, to fsm.State) {
		user(now, from, to)
		w.record(now, from, to)
	}
}

// begin starts a call on the stack: state changes made since the last
// endpoint call reported (a listener putting a released endpoint back in
// LISTEN) belong to no connection. The receiver may be nil (not
// observing), here and in the methods below.
func (w *watcher) begin() {
	if w != nil {
		w.changes = w.changes[:0]
	}
}

// input, tick and call name the stimulus of the endpoint calls of the
// current stack call: call may come after the endpoint call, before its
// result is collected.
func (w *watcher) input(seg *segment.Segment, from netip.Addr) {
	if w != nil {
		w.stim, w.reached = stimulus{kind: observe.Input, seg: seg, from: from}, false
	}
}

func (w *watcher) tick() {
	if w != nil {
		w.stim = stimulus{kind: observe.Tick}
		w.ticks++
	}
}

func (w *watcher) call(op observe.Op, n int) {
	if w != nil {
		w.stim = stimulus{kind: observe.Call, op: op, n: n}
	}
}

// track starts observing an endpoint a socket made itself (connect).
func (w *watcher) track(ep *fsm.Endpoint, cfg *fsm.Config) {
	if w != nil && w.conns[ep] == nil {
		w.add(ep, &watched{sink: w.open(cfg)})
	}
}

// listen observes the connections of a new listener made with cfg (a
// reused one included: without a watcher its hook is cleared).
func (w *watcher) listen(l *fsm.Listener, cfg fsm.Config) {
	if w == nil {
		l.Watch = nil
		return
	}
	w.changes = w.changes[:0] // the pool entering LISTEN: no connection yet
	w.listens[l] = listening{cfg: cfg, since: int64(w.stack.Now)}
	l.Watch = func(c *fsm.Endpoint, r fsm.Result) { w.child(l, c, r) }
}

// child reports a call listener l made on connection c. An endpoint that
// is not yet, or no longer, a connection is one only from a SYN on.
func (w *watcher) child(l *fsm.Listener, c *fsm.Endpoint, r fsm.Result) {
	w.reached = true
	k := w.conns[c]
	if k == nil || k.state == observe.Closed {
		if w.stim.kind != observe.Input {
			w.changes = w.changes[:0]
			return
		}
		k = w.listener(l)
		w.add(c, k)
	}
	w.flush(k, c, r)
}

// add makes k the connection of endpoint ep, the one it had before
// forgotten.
func (w *watcher) add(ep *fsm.Endpoint, k *watched) {
	if old := w.conns[ep]; old != nil {
		for i, o := range w.order {
			if o == old {
				w.order = append(w.order[:i], w.order[i+1:]...)
				break
			}
		}
	}
	w.conns[ep] = k
	w.order = append(w.order, k)
}

// listener starts a connection of listener l (nil: of no socket, in
// CLOSED) for the segment being delivered; one of a listener starts with
// the listen call and LISTEN, at the time listen was called.
func (w *watcher) listener(l *fsm.Listener) *watched {
	from, seg := w.stim.from, w.stim.seg
	k := &watched{tuple: fsm.Tuple{LocalAddr: w.stack.local, LocalPort: seg.DstPort, RemoteAddr: from, RemotePort: seg.SrcPort}}
	if l == nil {
		cfg := w.stack.cfg
		k.sink, k.state = w.open(&cfg), observe.Closed
		return k
	}
	li := w.listens[l]
	k.sink, k.child, k.state = w.open(&li.cfg), true, observe.Listen
	w.ev = observe.Event{Kind: observe.Call, Time: li.since, Op: observe.OpListen}
	k.emit(&w.ev)
	w.ev = observe.Event{Kind: observe.Change, Time: li.since, From: observe.Closed, To: observe.Listen}
	k.emit(&w.ev)
	return k
}

// stray reports a segment the stack answered for no connection, as a
// connection of its own that saw nothing else: from listener l (LISTEN,
// RFC 9293 §3.10.7.2) when the segment reached none of its connections,
// or from the endpoint in CLOSED (l nil, §3.10.7.1).
func (w *watcher) stray(l *fsm.Listener, r fsm.Result) {
	if w == nil || w.stim.kind != observe.Input || w.reached {
		return
	}
	k := w.listener(l)
	w.ev = observe.Event{Kind: observe.Input, Time: int64(w.stack.Now), Seg: w.stim.seg, Src: w.stim.from, Dst: w.stack.local}
	k.emit(&w.ev)
	for i := range r.Out {
		w.output(k, int64(w.stack.Now), &r.Out[i])
	}
	w.changes = w.changes[:0]
}

// direct reports a call a socket made on its own endpoint ep.
func (w *watcher) direct(ep *fsm.Endpoint, r fsm.Result) {
	if w == nil {
		return
	}
	if k := w.conns[ep]; k != nil {
		w.flush(k, ep, r)
	}
	w.changes = w.changes[:0]
}
