package sim

import (
	"math"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Sim is a deterministic network of endpoints in virtual time. Create it
// with New; Reset and Run repeat runs on the same buffers. It is not safe
// for concurrent use.
type Sim struct {
	cfg         Config
	maxSegments int
	maxSteps    int
	until       Time // Config.Until, or the largest Time when it is not set
	now         Time
	rng         Rand
	seed        uint64
	links       []Link // links[from*len(nodes)+to]
	nodes       []node
	q           queue
	pk          []packet
	free        []int32
	seg         segment.Segment // the segment being delivered
	dec         Decision        // the fate of the segment being sent
	wbuf, rbuf  []byte          // the applications' write and read buffers
	stats       Stats
	trace       Trace
	err         *Violation
	started     bool
	muted       bool // Reset is closing endpoints: their events are not observed
}

// Stats counts what happened in a run.
type Stats struct {
	Sent       int // segments the endpoints sent
	Delivered  int // segments input to an endpoint
	Lost       int
	Duplicated int
	Corrupted  int // copies dropped by the receiver's checksum
	Unroutable int // segments for no endpoint or no connection
	Steps      int // events processed: deliveries, timers, application calls
}

// appBuf is the size of the applications' read and write buffers.
const appBuf = 64 << 10

// New builds the endpoints of cfg and resets the simulation with cfg.Seed.
// This is where everything is allocated.
func New(cfg Config) *Sim {
	s := &Sim{cfg: cfg, maxSegments: cfg.MaxSegments, maxSteps: cfg.MaxSteps}
	if s.maxSegments <= 0 {
		s.maxSegments = DefaultMaxSegments
	}
	if s.maxSteps <= 0 {
		s.maxSteps = DefaultMaxSteps
	}
	s.until = cfg.Until
	if s.until <= 0 {
		s.until = math.MaxInt64
	}
	n := len(cfg.Endpoints)
	s.links = make([]Link, n*n)
	for i := range s.links {
		s.links[i] = cfg.Link
	}
	s.nodes = make([]node, n)
	for i := range s.nodes {
		s.nodes[i].init(s, i, cfg.Endpoints[i])
	}
	s.wbuf, s.rbuf = make([]byte, appBuf), make([]byte, appBuf)
	s.q.h = make([]event, 0, 64)
	s.free = make([]int32, 0, 64)
	s.Reset(cfg.Seed)
	return s
}

// SetLink sets the faults and delay of segments from endpoint from to
// endpoint to.
func (s *Sim) SetLink(from, to int, l Link) { s.links[from*len(s.nodes)+to] = l }

// SetSink sets the function that sees every event of endpoint i.
func (s *Sim) SetSink(i int, sink func(*observe.Event)) { s.nodes[i].sink = sink }

// SetISN sets endpoint i's initial sequence number for the next runs.
func (s *Sim) SetISN(i int, isn seq.Num) { s.nodes[i].isn = isn }

// ISN returns endpoint i's initial sequence number.
func (s *Sim) ISN(i int) seq.Num { return s.nodes[i].isn }

// Reset starts a new run with seed: the clock at 0, nothing in flight,
// every endpoint back in CLOSED with a fresh TCB (see Node.Build), the
// applications at their first action. Buffers are kept, so runs after the first allocate
// nothing (unless Config.Record is set).
func (s *Sim) Reset(seed uint64) {
	s.muted = true
	for i := range s.nodes {
		s.nodes[i].resetEndpoint(s.now)
	}
	s.muted = false
	s.now, s.seed, s.err, s.started = 0, seed, nil, false
	s.rng.Seed(seed)
	s.q.reset()
	s.free = s.free[:0]
	for i := range s.pk {
		s.free = append(s.free, int32(len(s.pk)-1-i))
	}
	s.stats = Stats{}
	s.trace.Events = s.trace.Events[:0]
	for i := range s.nodes {
		s.nodes[i].reset(s.cfg.Record)
	}
	if r, ok := s.cfg.Faults.(interface{ Reset() }); ok {
		r.Reset()
	}
}

// Run runs the simulation until nothing is left to do (no segment in
// flight, no timer, no pending action), Config.Until passes, or a cap is
// exceeded. It returns nil or the *Violation that stopped it
// (OutputBounded when a cap was exceeded, WellFormedOutput when a segment
// did not decode).
func (s *Sim) Run() error {
	s.start()
	for s.err == nil {
		if !s.step() {
			break
		}
	}
	if s.err != nil {
		return s.err
	}
	return nil
}

// start queues the actions triggered by the start of the run, once.
func (s *Sim) start() {
	if s.started {
		return
	}
	s.started = true
	for i := range s.nodes {
		n := &s.nodes[i]
		for k := range n.spec.Actions {
			if a := &n.spec.Actions[k]; a.On == OnStart {
				n.fired[k] = true
				s.schedule(evAction, i, int32(k), max(a.At, 0))
			}
		}
		n.countUnfired()
	}
}

// step processes the next event: the earliest endpoint deadline, or the
// earliest queued event; a deadline goes first at equal times, as it does
// when a script is replayed. It returns false when the run is over.
func (s *Sim) step() bool {
	who, t := s.nextDeadline()
	tick := true
	if at, queued := s.q.top(); queued {
		if who < 0 || at < t {
			t, tick = at, false
		}
	} else if who < 0 {
		return false
	}
	if t > s.until {
		s.now = max(s.now, s.until)
		return false
	}
	if s.stats.Steps++; s.stats.Steps > s.maxSteps {
		s.fail(PropOutputBounded, -1, "more than "+itoa(int64(s.maxSteps))+" steps")
		return false
	}
	s.now = max(s.now, t)
	if tick {
		n := &s.nodes[who]
		s.handle(n, n.probe.Tick(s.now))
		return true
	}
	s.dispatch(s.q.pop())
	return true
}

// nextDeadline returns the endpoint with the earliest deadline, or -1.
func (s *Sim) nextDeadline() (int, Time) {
	who, d := -1, fsm.Never
	for i := range s.nodes {
		if s.nodes[i].deadline < d {
			who, d = i, s.nodes[i].deadline
		}
	}
	return who, d
}

// dispatch runs one queued event; deliveries, the most frequent, are
// tested for first.
func (s *Sim) dispatch(e event) {
	if e.kind == evDeliver {
		s.deliver(e.arg)
		return
	}
	n := &s.nodes[e.node]
	if e.kind == evAction {
		s.perform(n, int(e.arg))
	} else if e.kind == evWake {
		s.wake(n)
	}
}

// fail records the first violation; the run stops.
func (s *Sim) fail(p Property, node int, detail string) {
	if s.err != nil {
		return
	}
	s.err = s.violation(p, node, detail)
}

// violation builds a Violation about node (-1: none) at the current time.
func (s *Sim) violation(p Property, node int, detail string) *Violation {
	v := &Violation{Property: p, Node: node, Time: s.now, Event: -1, Detail: detail}
	if node >= 0 {
		v.Name = s.nodes[node].spec.Name
	}
	return v
}

// Now returns the virtual time.
func (s *Sim) Now() Time { return s.now }

// Seed returns the seed of the current run.
func (s *Sim) Seed() uint64 { return s.seed }

// Stats returns the counts of the current run.
func (s *Sim) Stats() Stats { return s.stats }

// Endpoints returns the number of endpoints.
func (s *Sim) Endpoints() int { return len(s.nodes) }

// Name returns endpoint i's name.
func (s *Sim) Name(i int) string { return s.nodes[i].spec.Name }

// Probe returns endpoint i's probe; Probe(i).EP is the endpoint.
func (s *Sim) Probe(i int) *observe.Probe { return s.nodes[i].probe }

// State returns endpoint i's connection state.
func (s *Sim) State(i int) fsm.State { return s.nodes[i].state() }
