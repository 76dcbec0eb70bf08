package observe

import (
	"net/netip"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// Endpoint is the method set of fsm.Endpoint a Probe drives. Besides the
// reference endpoint itself, tests implement it with deliberately broken
// variants to show that the monitors catch their bugs.
type Endpoint interface {
	Connect(now fsm.Time, t fsm.Tuple) fsm.Result
	Listen(now fsm.Time, t fsm.Tuple) fsm.Result
	Send(now fsm.Time, b []byte) (int, fsm.Result)
	Recv(now fsm.Time, b []byte) (int, fsm.Result)
	Shutdown(now fsm.Time) fsm.Result
	Close(now fsm.Time) fsm.Result
	Abort(now fsm.Time) fsm.Result
	Input(now fsm.Time, s *segment.Segment) fsm.Result
	Tick(now fsm.Time) fsm.Result
	State() fsm.State
	Tuple() fsm.Tuple
}

// Probe wraps an endpoint and reports everything it does to Sink as Events,
// in the order the package comment gives. Its methods mirror fsm.Endpoint's.
// Segments sent are also encoded, with the checksum over the tuple's
// addresses, into Event.Wire; Wire returns those bytes after the call, so
// that a simulator need not encode them again.
type Probe struct {
	EP   Endpoint
	Sink func(*Event)

	ev      Event
	changes [8]Event // state changes of the current call, reported after it
	nchange int
	wire    []byte // the current call's segments, encoded back to back
	ends    []int  // where each ends in wire
	sent    []segment.Segment
	tuple   fsm.Tuple
	build   func(fsm.Config) Endpoint
	user    func(now fsm.Time, from, to fsm.State)
	hook    func(now fsm.Time, from, to fsm.State)
}

// NewProbe returns a probe around a new reference endpoint with cfg;
// cfg.OnTransition, when set, is still called.
func NewProbe(cfg fsm.Config, sink func(*Event)) *Probe {
	return NewProbeWith(func(c fsm.Config) Endpoint { return fsm.New(c) }, cfg, sink)
}

// NewProbeWith is NewProbe for an endpoint that build makes from cfg. build
// must pass cfg.OnTransition on to the state machine it wraps: that is how
// the probe learns of state changes.
func NewProbeWith(build func(fsm.Config) Endpoint, cfg fsm.Config, sink func(*Event)) *Probe {
	p := &Probe{Sink: sink, wire: make([]byte, 0, 1600), build: build}
	p.hook = func(now fsm.Time, from, to fsm.State) {
		p.recordChange(now, from, to)
		if p.user != nil {
			p.user(now, from, to)
		}
	}
	p.user, cfg.OnTransition = cfg.OnTransition, p.hook
	p.EP = build(cfg)
	return p
}

// Reset starts over with a fresh endpoint under cfg. An endpoint with a
// Reset(fsm.Config) method, like fsm.Endpoint, is reset in place without
// allocating; any other is built anew.
func (p *Probe) Reset(cfg fsm.Config) {
	p.user, cfg.OnTransition = cfg.OnTransition, p.hook
	p.nchange, p.tuple = 0, fsm.Tuple{}
	p.wire, p.ends, p.sent = p.wire[:0], p.ends[:0], nil
	if r, ok := p.EP.(interface{ Reset(fsm.Config) }); ok {
		r.Reset(cfg)
		return
	}
	p.EP = p.build(cfg)
}

func (p *Probe) recordChange(now fsm.Time, from, to fsm.State) {
	if p.nchange == len(p.changes) {
		p.flushChanges() // more changes than fit: report them early
	}
	p.changes[p.nchange] = Event{Kind: Change, Time: int64(now), From: FromFSM(from), To: FromFSM(to)}
	p.nchange++
}

func (p *Probe) flushChanges() {
	for i := 0; i < p.nchange; i++ {
		p.emit(&p.changes[i])
	}
	p.nchange = 0
}

func (p *Probe) emit(ev *Event) {
	if p.Sink != nil {
		p.Sink(ev)
	}
}

// Connect is fsm.Endpoint.Connect, observed.
func (p *Probe) Connect(now fsm.Time, t fsm.Tuple) fsm.Result {
	p.tuple = t
	r := p.EP.Connect(now, t)
	return p.finishCall(now, OpConnect, 0, r)
}

// Listen is fsm.Endpoint.Listen, observed.
func (p *Probe) Listen(now fsm.Time, t fsm.Tuple) fsm.Result {
	p.tuple = t
	r := p.EP.Listen(now, t)
	return p.finishCall(now, OpListen, 0, r)
}

// Send is fsm.Endpoint.Send, observed.
func (p *Probe) Send(now fsm.Time, b []byte) (int, fsm.Result) {
	n, r := p.EP.Send(now, b)
	return n, p.finishCall(now, OpSend, n, r)
}

// Recv is fsm.Endpoint.Recv, observed.
func (p *Probe) Recv(now fsm.Time, b []byte) (int, fsm.Result) {
	n, r := p.EP.Recv(now, b)
	return n, p.finishCall(now, OpRecv, n, r)
}

// Shutdown is fsm.Endpoint.Shutdown, observed.
func (p *Probe) Shutdown(now fsm.Time) fsm.Result {
	return p.finishCall(now, OpShutdown, 0, p.EP.Shutdown(now))
}

// Close is fsm.Endpoint.Close, observed.
func (p *Probe) Close(now fsm.Time) fsm.Result {
	return p.finishCall(now, OpClose, 0, p.EP.Close(now))
}

// Abort is fsm.Endpoint.Abort, observed.
func (p *Probe) Abort(now fsm.Time) fsm.Result {
	return p.finishCall(now, OpAbort, 0, p.EP.Abort(now))
}

// Input is fsm.Endpoint.Input, observed.
func (p *Probe) Input(now fsm.Time, s *segment.Segment) fsm.Result {
	p.ev = Event{Kind: Input, Time: int64(now), Seg: s, Src: p.tuple.RemoteAddr, Dst: p.tuple.LocalAddr}
	p.emit(&p.ev)
	r := p.EP.Input(now, s)
	return p.finish(now, r)
}

// Tick is fsm.Endpoint.Tick, observed.
func (p *Probe) Tick(now fsm.Time) fsm.Result {
	p.ev = Event{Kind: Tick, Time: int64(now)}
	p.emit(&p.ev)
	return p.finish(now, p.EP.Tick(now))
}

func (p *Probe) finishCall(now fsm.Time, op Op, n int, r fsm.Result) fsm.Result {
	p.ev = Event{Kind: Call, Time: int64(now), Op: op, N: n, Err: FromReason(r.Err)}
	p.emit(&p.ev)
	return p.finish(now, r)
}

// finish reports the state changes, the segments sent and the notes of one
// call.
func (p *Probe) finish(now fsm.Time, r fsm.Result) fsm.Result {
	p.flushChanges()
	if p.EP.State() != fsm.Closed || len(r.Out) > 0 {
		p.tuple = p.EP.Tuple()
	}
	p.wire, p.ends, p.sent = p.wire[:0], p.ends[:0], r.Out
	for i := range r.Out {
		p.output(now, &r.Out[i])
	}
	if note := noteOf(r.Events); note != 0 {
		p.ev = Event{Kind: Notify, Time: int64(now), Note: note, Err: FromReason(r.Err)}
		p.emit(&p.ev)
	}
	return r
}

func (p *Probe) output(now fsm.Time, s *segment.Segment) {
	start := len(p.wire)
	p.wire = s.AppendTo(p.wire)
	w := p.wire[start:len(p.wire):len(p.wire)]
	p.ends = append(p.ends, len(p.wire))
	src, dst := p.tuple.LocalAddr, p.tuple.RemoteAddr
	if src.IsValid() && dst.IsValid() {
		_ = segment.FillChecksum(w, src, dst)
	}
	p.ev = Event{Kind: Output, Time: int64(now), Seg: s, Wire: w, Src: src, Dst: dst}
	p.emit(&p.ev)
}

// Wire returns segment s, Result.Out[i] of the probe's last call, as
// Event.Wire reported it, with the addresses its checksum covers; ok is
// false when s is not that segment or the checksum was not filled (an
// address unknown). The bytes are valid until the next call.
func (p *Probe) Wire(i int, s *segment.Segment) (wire []byte, src, dst netip.Addr, ok bool) {
	if i < 0 || i >= len(p.ends) || i >= len(p.sent) || &p.sent[i] != s {
		return nil, netip.Addr{}, netip.Addr{}, false
	}
	src, dst = p.tuple.LocalAddr, p.tuple.RemoteAddr
	start := 0
	if i > 0 {
		start = p.ends[i-1]
	}
	return p.wire[start:p.ends[i]], src, dst, src.IsValid() && dst.IsValid()
}

// notes maps the endpoint's events to what its application is told.
var notes = [...]struct {
	ev   fsm.Events
	note Note
}{{fsm.EvConnected, NoteConnected}, {fsm.EvReadable, NoteReadable}, {fsm.EvPeerClosed, NotePeerClosed},
	{fsm.EvReset, NoteReset}, {fsm.EvClosed, NoteClosed}, {fsm.EvError, NoteError}}

// noteTable is notes as a lookup by the low and high bytes of the events,
// built once: no comparison per call (the fuzzing build traces each one).
var noteTable = func() (t [2][256]Note) {
	for i := range 256 {
		for _, m := range notes {
			if fsm.Events(i)&m.ev != 0 {
				t[0][i] |= m.note
			}
			if fsm.Events(i)<<8&m.ev != 0 {
				t[1][i] |= m.note
			}
		}
	}
	return t
}()

func noteOf(ev fsm.Events) Note { return noteTable[0][uint8(ev)] | noteTable[1][uint8(ev>>8)] }

// reasonErrs is fromReason for every fsm.Reason, built once.
var reasonErrs = func() (t [256]Err) {
	for i := range t {
		t[i] = fromReason(fsm.Reason(i))
	}
	return t
}()

// FromReason converts the reference endpoint's error reasons.
func FromReason(r fsm.Reason) Err { return reasonErrs[r] }

func fromReason(r fsm.Reason) Err {
	switch r {
	case fsm.OK:
		return ErrNone
	case fsm.ErrRefused:
		return ErrRefused
	case fsm.ErrReset:
		return ErrReset
	case fsm.ErrTimedOut:
		return ErrTimedOut
	case fsm.ErrWouldBlock:
		return ErrWouldBlock
	case fsm.ErrBrokenPipe, fsm.ErrNotConnected, fsm.ErrClosing:
		return ErrClosing
	}
	return ErrOther
}
