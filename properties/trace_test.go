package properties

import (
	"strings"
	"testing"

	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// trace builds an endpoint's trace by hand for monitor tests. Times are in
// milliseconds; segments are written with flags as packetdrill writes them
// ("S", "S.", ".", "F.", "R", "R.", "P.").
type trace struct {
	events []observe.Event
	now    int64
}

func parseFlags(t testing.TB, s string) segment.Flags {
	var f segment.Flags
	for _, c := range s {
		switch c {
		case 'S':
			f |= segment.SYN
		case 'F':
			f |= segment.FIN
		case 'R':
			f |= segment.RST
		case 'P':
			f |= segment.PSH
		case '.':
			f |= segment.ACK
		case 'U':
			f |= segment.URG
		case 'E':
			f |= segment.ECE
		case 'W':
			f |= segment.CWR
		default:
			t.Fatalf("bad flag %q in %q", c, s)
		}
	}
	return f
}

// at moves the clock to ms milliseconds.
func (tr *trace) at(ms int64) *trace { tr.now = ms * 1e6; return tr }

func (tr *trace) seg(t testing.TB, kind observe.Kind, flags string, sq, ack uint32, n int, win uint16) *segment.Segment {
	s := &segment.Segment{SrcPort: 1, DstPort: 2, Seq: seq.Num(sq), Ack: seq.Num(ack),
		Flags: parseFlags(t, flags), Window: win, Payload: make([]byte, n)}
	tr.events = append(tr.events, observe.Event{Kind: kind, Time: tr.now, Seg: s})
	return s
}

// in appends a segment arriving at the endpoint.
func (tr *trace) in(t testing.TB, flags string, sq, ack uint32, n int) *trace {
	tr.seg(t, observe.Input, flags, sq, ack, n, 65535)
	return tr
}

// out appends a segment the endpoint sent.
func (tr *trace) out(t testing.TB, flags string, sq, ack uint32, n int) *trace {
	tr.seg(t, observe.Output, flags, sq, ack, n, 65535)
	return tr
}

// change appends a state change.
func (tr *trace) change(from, to observe.State) *trace {
	tr.events = append(tr.events, observe.Event{Kind: observe.Change, Time: tr.now, From: from, To: to})
	return tr
}

// call appends an application call.
func (tr *trace) call(op observe.Op, n int, err observe.Err) *trace {
	tr.events = append(tr.events, observe.Event{Kind: observe.Call, Time: tr.now, Op: op, N: n, Err: err})
	return tr
}

// notify appends what the application was told.
func (tr *trace) notify(note observe.Note, err observe.Err) *trace {
	tr.events = append(tr.events, observe.Event{Kind: observe.Notify, Time: tr.now, Note: note, Err: err})
	return tr
}

// tick appends timers running at the current time.
func (tr *trace) tick() *trace {
	tr.events = append(tr.events, observe.Event{Kind: observe.Tick, Time: tr.now})
	return tr
}

// check runs m alone over the trace and returns its first violation.
func (tr *trace) check(m Monitor, cfg Config) *Violation {
	c := NewChecker(cfg, m)
	for i := range tr.events {
		c.Observe(&tr.events[i])
	}
	return c.Violation()
}

// mustFlag asserts that m flags the trace at event index at, with a message
// containing want.
func mustFlag(t *testing.T, tr *trace, m Monitor, cfg Config, at int, want string) {
	t.Helper()
	v := tr.check(m, cfg)
	if v == nil {
		t.Fatalf("%s passed a trace it must flag", m.Name())
	}
	if v.Monitor != m.Name() || v.Event != at || !strings.Contains(v.Message(), want) {
		t.Fatalf("got %s; want %s at event %d with %q", v, m.Name(), at, want)
	}
}

// mustPass asserts that m passes the trace.
func mustPass(t *testing.T, tr *trace, m Monitor, cfg Config) {
	t.Helper()
	if v := tr.check(m, cfg); v != nil {
		t.Fatalf("%s flagged a good trace: %s", m.Name(), v)
	}
}

// activeOpen is a client's handshake: ISS 1000, IRS 5000.
func activeOpen(t testing.TB) *trace {
	tr := &trace{}
	tr.call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).at(10).in(t, "S.", 5000, 1001, 0).
		change(observe.SynSent, observe.Established).out(t, ".", 1001, 5001, 0).
		notify(observe.NoteConnected, observe.ErrNone)
	return tr
}
