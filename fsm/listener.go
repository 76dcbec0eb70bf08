package fsm

import (
	"net/netip"

	"tcpcheck/segment"
)

// Listener is a passive endpoint with a backlog (RFC 9293 §3.10.1 passive
// OPEN, as listen(2) offers it): it owns a fixed pool of connections,
// demultiplexes arriving segments to them by remote address and port, keeps
// at most Backlog half-open children in SYN-RECEIVED (the SYN queue) and at
// most Backlog established children not yet accepted (the accept queue), and
// drops a SYN when either is full, as Linux does.
type Listener struct {
	local    Tuple
	backlog  int
	pool     []Endpoint
	accepted []bool // pool[i] was handed out by Accept
	queue    []int  // accept queue: pool indices, oldest first
	out      []segment.Segment
	res      Result
	closed   bool

	// Watch, when set, is called after every call the listener makes on
	// one of its connections (a segment, a timer, the abort of Close)
	// with the connection and what the call returned, its segments as
	// the listener keeps them. A connection the call ended has been put
	// back in LISTEN already (the state changes of that go through
	// Config.OnTransition like the others). It lets a caller observe each
	// connection on its own.
	Watch func(c *Endpoint, r Result)
}

// NewListener returns a listener on local with room for conns connections
// in all (half-open, queued and accepted) and the given backlog. Each
// connection's buffers are sized by cfg.
func NewListener(cfg Config, local Tuple, backlog, conns int) *Listener {
	cfg.fill()
	backlog, conns = max(backlog, 1), max(conns, 1)
	l := &Listener{
		local: local, backlog: backlog,
		pool:     make([]Endpoint, conns),
		accepted: make([]bool, conns),
		queue:    make([]int, 0, conns),
		out:      make([]segment.Segment, 0, cfg.MaxBurst+conns),
	}
	for i := range l.pool {
		l.pool[i] = *New(cfg)
		l.pool[i].Listen(0, local)
	}
	return l
}

// Input delivers a segment from remote (RFC 9293 §3.10.7): to the
// connection it belongs to, or, for a new SYN, to a free child in LISTEN.
func (l *Listener) Input(now Time, remote netip.Addr, in *segment.Segment) Result {
	l.begin()
	if i := l.find(remote, in.SrcPort); i >= 0 {
		l.collect(i, l.pool[i].Input(now, in))
		return l.finish()
	}
	switch {
	case l.closed:
	case in.Flags&(segment.SYN|segment.ACK|segment.RST) == segment.SYN:
		l.admit(now, remote, in)
	default:
		// Not a SYN and no connection: LISTEN's rules (§3.10.7.2)
		// answer an ACK with RST and ignore the rest.
		var spare Endpoint
		spare.out = l.out[len(l.out):cap(l.out)]
		spare.cfg, spare.state = l.pool[0].cfg, Listen
		spare.rcvListen(now, in)
		l.out = append(l.out, spare.out[:spare.nOut]...)
	}
	return l.finish()
}

// admit gives a new SYN to a free child unless the SYN queue or the accept
// queue is full, in which case the SYN is dropped and the peer retries.
func (l *Listener) admit(now Time, remote netip.Addr, in *segment.Segment) {
	if l.count(SynReceived) >= l.backlog || len(l.queue) >= l.backlog {
		return
	}
	for i := range l.pool {
		c := &l.pool[i]
		if c.state == Listen && !l.accepted[i] {
			c.tuple.RemoteAddr = remote
			l.collect(i, c.Input(now, in))
			return
		}
	}
}

// find returns the pool index of the connection with this remote, or -1.
func (l *Listener) find(remote netip.Addr, port uint16) int {
	for i := range l.pool {
		c := &l.pool[i]
		if c.state != Listen && c.state != Closed && c.tuple.RemotePort == port && c.tuple.RemoteAddr == remote {
			return i
		}
	}
	return -1
}

// count returns how many children are in state s and not yet accepted.
func (l *Listener) count(s State) int {
	n := 0
	for i := range l.pool {
		if l.pool[i].state == s && !l.accepted[i] {
			n++
		}
	}
	return n
}

// collect gathers a child's output and events, queues a child that just
// became established, and recycles one that returned to LISTEN or CLOSED.
func (l *Listener) collect(i int, r Result) {
	// Past the output capacity segments are dropped, as by a full transmit
	// queue; retransmission recovers them.
	start := len(l.out)
	l.out = append(l.out, r.Out[:min(len(r.Out), cap(l.out)-len(l.out))]...)
	c := &l.pool[i]
	if r.Events&EvConnected != 0 && !l.accepted[i] {
		l.queue = append(l.queue, i)
		l.res.Events |= EvReadable // accept(2) would not block
	}
	if (c.state == Closed || c.state == Listen) && !l.accepted[i] {
		l.recycle(i)
	}
	if l.Watch != nil {
		r.Out = l.out[start:len(l.out):len(l.out)]
		l.Watch(c, r)
	}
}

// recycle returns child i to LISTEN and removes it from the accept queue.
func (l *Listener) recycle(i int) {
	for k, j := range l.queue {
		if j == i {
			l.queue = append(l.queue[:k], l.queue[k+1:]...)
			break
		}
	}
	l.accepted[i] = false
	if !l.closed {
		l.pool[i].Listen(0, l.local)
	}
}

// Accept returns the oldest established connection not yet accepted, or
// ErrWouldBlock. The connection stays in the listener's pool: keep passing
// its segments to Listener.Input (or to the endpoint itself) and call
// Release when the application is done with it.
func (l *Listener) Accept() (*Endpoint, Reason) {
	if len(l.queue) == 0 {
		return nil, ErrWouldBlock
	}
	i := l.queue[0]
	l.queue = append(l.queue[:0], l.queue[1:]...)
	l.accepted[i] = true
	return &l.pool[i], OK
}

// Release returns an accepted connection's slot to the pool once it is
// CLOSED; it reports false if ep is not one of the listener's or is open.
func (l *Listener) Release(ep *Endpoint) bool {
	for i := range l.pool {
		if &l.pool[i] == ep && l.accepted[i] && ep.state == Closed {
			l.accepted[i] = false
			l.recycle(i)
			return true
		}
	}
	return false
}

// Pending returns the lengths of the SYN queue and the accept queue.
func (l *Listener) Pending() (synQueue, acceptQueue int) {
	return l.count(SynReceived), len(l.queue)
}

// Tick runs the timers of every child that is due.
func (l *Listener) Tick(now Time) Result {
	l.begin()
	for i := range l.pool {
		c := &l.pool[i]
		if c.state != Listen && c.timers.next() <= now {
			l.collect(i, c.Tick(now))
		}
	}
	return l.finish()
}

// Close stops listening: children not yet accepted are aborted, new SYNs
// are no longer admitted, accepted connections go on.
func (l *Listener) Close(now Time) Result {
	l.begin()
	l.closed = true
	for i := range l.pool {
		if !l.accepted[i] {
			l.collect(i, l.pool[i].Abort(now))
		}
	}
	l.queue = l.queue[:0]
	return l.finish()
}

func (l *Listener) begin() {
	l.out = l.out[:0]
	l.res = Result{}
}

func (l *Listener) finish() Result {
	l.res.Out = l.out
	l.res.Deadline = Never
	for i := range l.pool {
		if l.pool[i].state != Listen {
			l.res.Deadline = min(l.res.Deadline, l.pool[i].timers.next())
		}
	}
	return l.res
}
