package properties

import (
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// last returns the segment of the trace's last event.
func (tr *trace) dSeg() *segment.Segment { return tr.events[len(tr.events)-1].Seg }

// win sets the window of the last segment.
func (tr *trace) dWin(w uint16) *trace { tr.dSeg().Window = w; return tr }

// ts adds a timestamps option to the last segment.
func (tr *trace) dTS(val, ecr uint32) *trace {
	_ = tr.dSeg().Options.AddTimestamps(val, ecr)
	return tr
}

// synOpts gives the last segment, a SYN, the options fsm offers: MSS 1460,
// SACK-permitted, timestamps when ts, window scale 1.
func (tr *trace) dSynOpts(ts bool) *trace {
	o := &tr.dSeg().Options
	_ = o.AddMSS(1460)
	_ = o.AddSACKPermitted()
	if ts {
		_ = o.AddTimestamps(1, 0)
	}
	_ = o.AddWScale(1)
	return tr
}

// index is the index the next event will have.
func (tr *trace) nextIndex() int { return len(tr.events) }

// fsmRun drives a reference endpoint through an observe.Probe, playing
// the peer by hand, and records its trace. The endpoint's ISN is 1000; the
// peer's sequence numbers are as written. Times are in milliseconds.
type fsmRun struct {
	t    testing.TB
	rec  recorder
	p    *observe.Probe
	cfg  fsm.Config
	now  fsm.Time
	last fsm.Result
}

func newFSMRun(t testing.TB, cfg fsm.Config) *fsmRun {
	r := &fsmRun{t: t}
	if cfg.ISN == nil {
		cfg.ISN = func(fsm.Time, fsm.Tuple) seq.Num { return 1000 }
	}
	r.cfg = cfg
	r.p = observe.NewProbe(cfg, r.rec.observe)
	return r
}

// config is the monitors' view of the endpoint's configuration.
func (r *fsmRun) config() Config { return ConfigFromFSM(r.cfg) }

func (r *fsmRun) at(ms int64) *fsmRun { r.now = fsm.Time(ms) * fsm.Millisecond; return r }

func (r *fsmRun) connect() *fsmRun {
	r.last = r.p.Connect(r.now, fsm.Tuple{LocalAddr: clientAddr, RemoteAddr: serverAddr, LocalPort: 4000, RemotePort: 80})
	return r
}

func (r *fsmRun) listen() *fsmRun {
	r.last = r.p.Listen(r.now, fsm.Tuple{LocalAddr: serverAddr, LocalPort: 80})
	return r
}

// in injects a segment from the peer with window 65535; opts adds options
// to it.
func (r *fsmRun) in(flags string, sq, ack uint32, n int, opts ...func(*segment.Options)) *fsmRun {
	return r.inWin(flags, sq, ack, n, 65535, opts...)
}

// inWin is in with the window given.
func (r *fsmRun) inWin(flags string, sq, ack uint32, n int, win uint16, opts ...func(*segment.Options)) *fsmRun {
	s := &segment.Segment{SrcPort: 80, DstPort: 4000, Seq: seq.Num(sq), Ack: seq.Num(ack),
		Flags: parseFlags(r.t, flags), Window: win, Payload: make([]byte, n)}
	if r.p.EP.State() == fsm.Listen || r.p.EP.Tuple().LocalPort == 80 {
		s.SrcPort, s.DstPort = 4000, 80
	}
	for _, o := range opts {
		o(&s.Options)
	}
	r.last = r.p.Input(r.now, s)
	return r
}

func (r *fsmRun) tick() *fsmRun { r.last = r.p.Tick(r.now); return r }

func (r *fsmRun) send(n int) *fsmRun {
	_, r.last = r.p.Send(r.now, make([]byte, n))
	return r
}

func (r *fsmRun) abort() *fsmRun { r.last = r.p.Abort(r.now); return r }

func (r *fsmRun) close() *fsmRun { r.last = r.p.Close(r.now); return r }

// untilQuiet ticks at every deadline until none is left or until ms.
func (r *fsmRun) untilQuiet(ms int64) *fsmRun {
	end := fsm.Time(ms) * fsm.Millisecond
	for r.last.Deadline != fsm.Never && r.last.Deadline != 0 && r.last.Deadline <= end {
		r.now = r.last.Deadline
		r.tick()
	}
	return r
}

// sent returns the segments the last call sent.
func (r *fsmRun) sent() []segment.Segment { return r.last.Out }

func (r *fsmRun) trace() *trace { return &r.rec.tr }

// established makes the endpoint a client in ESTABLISHED: ISS 1000, IRS
// 5000, both offering tsOpt's options.
func (r *fsmRun) established(tsOpt bool) *fsmRun {
	r.connect().at(10)
	var opts []func(*segment.Options)
	if tsOpt {
		opts = append(opts, optTS(5, 0))
	}
	r.in("S.", 5000, 1001, 0, opts...)
	if r.p.EP.State() != fsm.Established {
		r.t.Fatalf("state %v after the handshake", r.p.EP.State())
	}
	return r
}

func optTS(val, ecr uint32) func(*segment.Options) {
	return func(o *segment.Options) { _ = o.AddTimestamps(val, ecr) }
}

func optWScale(shift uint8) func(*segment.Options) {
	return func(o *segment.Options) { _ = o.AddWScale(shift) }
}

// dump describes a trace, one event a line, for failure messages.
func dumpTrace(tr *trace) string {
	var b strings.Builder
	for i := range tr.events {
		b.WriteString(describe(&tr.events[i]))
		b.WriteByte('\n')
	}
	return b.String()
}

// outputsOf counts the segments in tr sent with all of flags set.
func countSent(tr *trace, flags segment.Flags) int {
	n := 0
	for i := range tr.events {
		if ev := &tr.events[i]; ev.Kind == observe.Output && ev.Seg.Flags.Has(flags) {
			n++
		}
	}
	return n
}

// TestDefenceMonitorsRegistered checks that All holds each defence monitor
// once, by its catalog name.
func TestDefenceMonitorsRegistered(t *testing.T) {
	for _, name := range []string{"BlindResetResistance", "BlindSynResistance", "ValidReset",
		"RetransmitBackoff", "OutputBounded", "OptionsNegotiated", "WellFormedOutput"} {
		if m := ByName(name); m == nil || m.Name() != name {
			t.Errorf("no monitor %s", name)
		}
		n := 0
		for _, got := range Names() {
			if got == name {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s registered %d times", name, n)
		}
	}
}

// TestDefenceMonitorsAllocateNothing runs every monitor over traces that
// take the defence monitors through their paths, violations included: no
// allocation per event.
func TestDefenceMonitorsAllocateNothing(t *testing.T) {
	var traces []*trace
	r := newFSMRun(t, fsm.Config{})
	traces = append(traces, r.connect().untilQuiet(1000000).trace())
	r = newFSMRun(t, fsm.Config{})
	traces = append(traces, r.established(true).at(20).in("R", 5100, 0, 0).in("S", 9000, 0, 0).
		at(30).in("R", 5001, 0, 0).at(40).tick().trace())
	r = newFSMRun(t, fsm.Config{Retries: 3})
	traces = append(traces, r.established(false).at(20).inWin(".", 5001, 1001, 0, 0).send(100).
		untilQuiet(10000).in(".", 5001, 1001, 0).untilQuiet(1000000).trace())
	traces = append(traces, wiredTrace(t), staleAckTrace(t, activeOpen(t), 20, 30))
	bad := synOnlyTrace(t)
	bad.at(500).tick().out(t, "S", 1000, 0, 0).at(600).tick()
	traces = append(traces, bad)
	for i, tr := range traces {
		c := NewChecker(DefaultConfig())
		allocs := testing.AllocsPerRun(20, func() {
			c.Reset()
			for j := range tr.events {
				c.Observe(&tr.events[j])
			}
		})
		if allocs != 0 {
			t.Errorf("trace %d: %v allocations per run of %d events", i, allocs, len(tr.events))
		}
	}
}
