package sim

import (
	"errors"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/mutants"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// Each check of this package flags a deliberately broken endpoint, so none
// of them is a check that cannot fail.

// wantViolation asserts that err is a *Violation of property p.
func wantViolation(t *testing.T, err error, p Property) *Violation {
	t.Helper()
	var v *Violation
	if !errors.As(err, &v) || v.Property != p {
		t.Fatalf("got %v, want a %s violation", err, p)
	}
	t.Log(err)
	return v
}

func TestStreamIntegrityCatchesDuplicatedByte(t *testing.T) {
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.Endpoints[1].Build = mutants.Stutter.Build // bytes read twice
	s := New(cfg)
	_ = s.Run()
	v := wantViolation(t, s.StreamIntegrity(), PropStreamIntegrity)
	if v.Name != "b" {
		t.Errorf("blamed %s", v.Name)
	}
	// The healthy direction alone passes.
	if s.Stream(0).BadAt != -1 {
		t.Errorf("a's stream flagged: %+v", s.Stream(0))
	}
}

// TIME-WAIT too short: the endpoint runs with a 1 ms MSL while its
// configuration says 30 s.
func TestEventualCloseCatchesShortTimeWait(t *testing.T) {
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.Endpoints[0].Build = func(c fsm.Config) observe.Endpoint {
		c.MSL = Millisecond
		return fsm.New(c)
	}
	s := run(t, cfg, 1)
	wantViolation(t, s.EventualClose(closeBound), PropEventualClose)
}

// deafToFIN drops every segment carrying FIN: the active closer's FIN is
// never acknowledged, so it gives up without TIME-WAIT.
type deafToFIN struct{ *fsm.Endpoint }

func (e *deafToFIN) Input(now fsm.Time, g *segment.Segment) fsm.Result {
	if g.Flags&segment.FIN != 0 {
		return e.Endpoint.Tick(now)
	}
	return e.Endpoint.Input(now, g)
}

func TestEventualCloseCatchesLostFIN(t *testing.T) {
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.Endpoints[0].Config.Retries = 3
	cfg.Endpoints[1].Build = func(c fsm.Config) observe.Endpoint { return &deafToFIN{fsm.New(c)} }
	cfg.Endpoints[1].Actions[2] = Action{Op: observe.OpClose, On: OnConnected, At: Second} // b never reads EOF
	s := run(t, cfg, 1)
	v := wantViolation(t, s.EventualClose(closeBound), PropEventualClose)
	if v.Name != "a" || !strings.Contains(v.Detail, "without TIME-WAIT") {
		t.Errorf("violation %+v", v)
	}
}

// An endpoint that is never closed by its application is reported, not
// passed.
func TestEventualCloseNeedsClose(t *testing.T) {
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.Endpoints[1].Actions = cfg.Endpoints[1].Actions[:2]
	s := run(t, cfg, 1)
	v := wantViolation(t, s.EventualClose(closeBound), PropEventualClose)
	if v.Name != "b" {
		t.Errorf("blamed %s", v.Name)
	}
}

// Closing too late for the bound is a violation too.
func TestEventualCloseBound(t *testing.T) {
	s := run(t, exchange(1000, Link{Delay: Millisecond}, 0), 1)
	// a closes at 4 ms and leaves TIME-WAIT 2 MSL after b's FIN, at 60.006 s.
	if err := s.EventualClose(60*Second + 2*Millisecond); err != nil {
		t.Fatal(err)
	}
	wantViolation(t, s.EventualClose(60*Second+Millisecond), PropEventualClose)
}

// StreamComplete flags bytes that never arrived.
func TestStreamCompleteCatchesMissingBytes(t *testing.T) {
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.Endpoints[0].AutoRead = false
	cfg.Endpoints[0].Actions[2] = Action{Op: observe.OpClose, On: OnConnected, At: Second}
	s := run(t, cfg, 1)
	if err := s.StreamIntegrity(); err != nil {
		t.Fatal(err)
	}
	wantViolation(t, s.StreamComplete(), PropStreamComplete)
}

// spin asks to be woken at the same instant forever: the step cap stops
// the run.
type spin struct{ *fsm.Endpoint }

func (e *spin) Tick(now fsm.Time) fsm.Result {
	r := e.Endpoint.Tick(now)
	r.Deadline = now
	return r
}

func (e *spin) Connect(now fsm.Time, t fsm.Tuple) fsm.Result {
	r := e.Endpoint.Connect(now, t)
	r.Deadline = now
	return r
}

func TestOutputBoundedCatchesTimerLoop(t *testing.T) {
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.MaxSteps = 10_000
	cfg.Endpoints[0].Build = func(c fsm.Config) observe.Endpoint { return &spin{fsm.New(c)} }
	s := New(cfg)
	wantViolation(t, s.Run(), PropOutputBounded)
	if s.Stats().Steps != 10_001 {
		t.Errorf("stopped after %d steps", s.Stats().Steps)
	}
}

// echoACK answers every segment with an extra copy of its last output: an
// ACK war between two such endpoints never ends; the segment cap stops it.
type echoACK struct {
	*fsm.Endpoint
	out [2]segment.Segment
}

func (e *echoACK) Input(now fsm.Time, g *segment.Segment) fsm.Result {
	r := e.Endpoint.Input(now, g)
	if e.State().Synchronized() && len(r.Out) == 0 {
		e.out[0] = segment.Segment{SrcPort: g.DstPort, DstPort: g.SrcPort, Seq: e.SndNxt(), Ack: e.RcvNxt(), Flags: segment.ACK, Window: 1000}
		r.Out = e.out[:1]
	}
	return r
}

func TestOutputBoundedCatchesACKWar(t *testing.T) {
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.MaxSegments = 5000
	for i := range cfg.Endpoints {
		cfg.Endpoints[i].Build = func(c fsm.Config) observe.Endpoint { return &echoACK{Endpoint: fsm.New(c)} }
	}
	s := New(cfg)
	wantViolation(t, s.Run(), PropOutputBounded)
}

// A segment that passes its checksum but does not decode stops the run
// with WellFormedOutput. The codec encodes every Segment value decodably,
// so the bytes are planted in flight.
func TestWellFormedOutput(t *testing.T) {
	s := New(exchange(1000, Link{Delay: Millisecond}, 0))
	i := s.alloc()
	p := &s.pk[i]
	p.from, p.to, p.src, p.dst = 0, 1, AddrA, AddrB
	p.wire = append(p.wire[:0], make([]byte, 20)...)
	p.wire[12] = 0xf0 // data offset 15 words: 60 bytes, past the end
	_ = segment.FillChecksum(p.wire, p.src, p.dst)
	s.schedule(evDeliver, 1, i, 0)
	v := wantViolation(t, s.Run(), PropWellFormedOutput)
	if v.Name != "a" {
		t.Errorf("blamed %s", v.Name)
	}
}
