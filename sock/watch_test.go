package sock

import (
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// eventText renders an event with every field that applies to its kind,
// the bytes sent included.
func eventText(ev *observe.Event) string {
	s := fmt.Sprintf("%d %s", ev.Time/int64(fsm.Millisecond), ev.Kind)
	switch ev.Kind {
	case observe.Input:
		s += fmt.Sprintf(" %v>%v %s", ev.Src, ev.Dst, ev.Seg)
	case observe.Output:
		s += fmt.Sprintf(" %v>%v %s %s", ev.Src, ev.Dst, ev.Seg, hex.EncodeToString(ev.Wire))
	case observe.Change:
		s += " " + ev.From.String() + " -> " + ev.To.String()
	case observe.Call:
		s += fmt.Sprintf(" %s %d %s", ev.Op, ev.N, ev.Err)
	case observe.Notify:
		s += fmt.Sprintf(" %d %s", ev.Note, ev.Err)
	}
	return s
}

// recorder keeps the events of every connection a stack reports.
type recorder struct {
	conns [][]string
	cfgs  []fsm.Config
}

func (r *recorder) open(cfg *fsm.Config) func(*observe.Event) {
	i := len(r.conns)
	r.conns = append(r.conns, nil)
	r.cfgs = append(r.cfgs, *cfg)
	return func(ev *observe.Event) { r.conns[i] = append(r.conns[i], eventText(ev)) }
}

// twin drives a host and, with the same stimuli, an observe.Probe around a
// reference endpoint of the same configuration: what the host reports of
// its connection must be what the probe reports.
type twin struct {
	*host
	rec  recorder
	p    *observe.Probe
	want []string
}

func newTwin(t *testing.T) *twin {
	w := &twin{host: newHost(t)}
	w.Observe(w.rec.open)
	w.p = observe.NewProbe(w.Config(), func(ev *observe.Event) { w.want = append(w.want, eventText(ev)) })
	return w
}

func (w *twin) at(ms int64) { w.Now = fsm.Time(ms) * fsm.Millisecond }

// in gives the same segment from the remote peer to both.
func (w *twin) in(src, dst uint16, flags segment.Flags, sn, ack uint32, payload string) {
	g := segment.Segment{SrcPort: src, DstPort: dst, Seq: seq.Num(sn), Ack: seq.Num(ack),
		Flags: flags, Window: 65535, Payload: []byte(payload)}
	c := g
	w.Input(&g, remote)
	w.p.Input(w.Now, &c)
	w.Outgoing()
}

// idle runs both through every timer left.
func (w *twin) idle() {
	for d := w.Deadline(); d != fsm.Never; d = w.Deadline() {
		w.Now = d
		w.Tick()
		w.p.Tick(d)
	}
}

// check compares the host's one connection with the probe's trace.
func (w *twin) check() {
	w.t.Helper()
	if len(w.rec.conns) != 1 {
		w.t.Fatalf("%d connections observed, want 1", len(w.rec.conns))
	}
	got, want := strings.Join(w.rec.conns[0], "\n"), strings.Join(w.want, "\n")
	if got != want {
		w.t.Fatalf("the stack reported:\n%s\nthe probe:\n%s", got, want)
	}
}

// An active open with data both ways and an active close reports the
// events a probe around the endpoint reports.
func TestObserveActiveOpenAsProbe(t *testing.T) {
	w := newTwin(t)
	fd, e := w.Socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP)
	w.call("socket", fd, e, 3, OK)
	n, e := w.Connect(fd, remote, 80)
	w.call("connect", n, e, -1, EINPROGRESS)
	w.p.Connect(0, fsm.Tuple{LocalAddr: local, LocalPort: firstPort, RemoteAddr: remote, RemotePort: 80})
	w.at(10)
	w.in(80, firstPort, synack, 5000, 1001, "")
	w.at(20)
	data := make([]byte, 100)
	n, e = w.Write(fd, data)
	w.call("write", n, e, 100, OK)
	w.p.Send(w.Now, data)
	w.at(30)
	w.in(80, firstPort, psh, 5001, 1101, strings.Repeat("x", 50))
	w.at(40)
	buf := make([]byte, 100)
	n, e = w.Read(fd, buf)
	w.call("read", n, e, 50, OK)
	w.p.Recv(w.Now, buf)
	w.at(50)
	n, e = w.Close(fd)
	w.call("close", n, e, 0, OK)
	w.p.Close(w.Now)
	w.at(60)
	w.in(80, firstPort, fin, 5051, 1102, "")
	w.idle()
	w.check()
	if w.rec.cfgs[0].ISN == nil || w.rec.cfgs[0].NoSACK != true {
		t.Errorf("open got the configuration %+v", w.rec.cfgs[0])
	}
}

// A connection a listener takes reports the listen call (when it was
// made), then what the probe reports of an endpoint that listened.
func TestObservePassiveOpenAsProbe(t *testing.T) {
	w := newTwin(t)
	w.at(5)
	lfd, e := w.Socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	w.call("socket", lfd, e, 3, OK)
	n, e := w.Bind(lfd, netip.IPv4Unspecified(), 8080)
	w.call("bind", n, e, 0, OK)
	n, e = w.Listen(lfd, 2)
	w.call("listen", n, e, 0, OK)
	w.p.Listen(w.Now, fsm.Tuple{LocalAddr: local, LocalPort: 8080, RemoteAddr: remote})
	w.at(10)
	w.in(50000, 8080, syn, 0, 0, "")
	w.at(20)
	w.in(50000, 8080, ack, 1, 1001, "")
	fd, e := w.Accept(lfd)
	w.call("accept", fd, e, 4, OK)
	w.at(30)
	w.in(50000, 8080, psh, 1, 1001, "0123456789")
	buf := make([]byte, 10)
	n, e = w.Read(fd, buf)
	w.call("read", n, e, 10, OK)
	w.p.Recv(w.Now, buf)
	w.at(40)
	w.in(50000, 8080, rst, 11, 0, "")
	w.idle()
	w.check()
}

// A listener's connection ends in CLOSED; the endpoint it leaves is
// reported again only from the next SYN on, as a new connection. Closing
// the listener aborts a connection not accepted, and the idle endpoints
// of its pool are not connections.
func TestObserveListenerConnections(t *testing.T) {
	h := newHost(t)
	var rec recorder
	h.Observe(rec.open)
	lfd, _ := h.Socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	h.Bind(lfd, netip.IPv4Unspecified(), 8080)
	h.Listen(lfd, 1)
	h.Now = 10 * fsm.Millisecond
	h.in(50000, 8080, syn, 0, 0, "")
	for d := h.Deadline(); d != fsm.Never; d = h.Deadline() {
		h.Now = d
		h.Tick() // SYN-ACK retransmissions, then the open gives up
	}
	h.Now = 200 * fsm.Second
	h.in(50001, 8080, syn, 0, 0, "")
	h.in(50001, 8080, ack, 1, 1001, "")
	h.Close(lfd)
	if len(rec.conns) != 2 {
		t.Fatalf("%d connections observed, want 2", len(rec.conns))
	}
	a, b := strings.Join(rec.conns[0], "\n"), strings.Join(rec.conns[1], "\n")
	for _, c := range []string{a, b} {
		if !strings.HasPrefix(c, "0 call listen 0 ok\n0 change CLOSED -> LISTEN\n") || strings.Count(c, "-> LISTEN") != 1 {
			t.Errorf("a connection does not start with its listen, or returns to LISTEN:\n%s", c)
		}
	}
	if !strings.HasSuffix(a, "123010 change SYN-RECEIVED -> CLOSED\n123010 notify 48 timed out") {
		t.Errorf("the first connection does not end timing out in CLOSED:\n%s", a)
	}
	if !strings.Contains(b, "call abort 0 ok\n200000 change ESTABLISHED -> CLOSED\n200000 output 192.0.2.1>192.0.2.2 8080 > 50001 [RST]") {
		t.Errorf("closing the listener did not abort the second connection:\n%s", b)
	}
}

// Observing changes nothing the stack does, and nil turns it off.
func TestObserveLeavesStackAlone(t *testing.T) {
	plain := session(New(local, fsm.Config{}))
	st := New(local, fsm.Config{})
	var rec recorder
	st.Observe(rec.open)
	if got := session(st); got != plain {
		t.Errorf("observed:\n%s\nplain:\n%s", got, plain)
	}
	if len(rec.conns) != 3 {
		t.Errorf("%d connections observed in the session, want 3 (the segment for no socket is one)", len(rec.conns))
	}
	st = New(local, fsm.Config{})
	st.Observe(rec.open)
	st.Observe(nil)
	before := len(rec.conns)
	if session(st); len(rec.conns) != before {
		t.Errorf("Observe(nil) still observes")
	}
	// A listener made while observing is no longer observed either.
	h := newHost(t)
	h.Observe(rec.open)
	lfd, _ := h.Socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	h.Bind(lfd, netip.IPv4Unspecified(), 8080)
	h.Listen(lfd, 1)
	h.in(50000, 9999, ack, 0, 0, "") // an RST from a closed port, observed
	h.Outgoing()
	before = len(rec.conns)
	h.Observe(nil)
	h.in(50000, 8080, syn, 0, 0, "")
	h.out("8080 > 50000 [SYN|ACK] seq 1000 ack 1 win 65535 <mss 1460> len 0")
	if len(rec.conns) != before {
		t.Errorf("the listener's connection was observed after Observe(nil)")
	}
}

// A segment for no connection is one of its own: answered with an RST by
// the endpoint in CLOSED, or by a listener in LISTEN.
func TestObserveStraySegments(t *testing.T) {
	h := newHost(t)
	var rec recorder
	h.Observe(rec.open)
	h.Now = 5 * fsm.Millisecond
	h.in(50000, 9999, ack, 7, 4242, "")
	lfd, _ := h.Socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	h.Bind(lfd, netip.IPv4Unspecified(), 8080)
	h.Listen(lfd, 1)
	h.Now = 10 * fsm.Millisecond
	h.in(50001, 8080, ack, 7, 4242, "")
	h.out("9999 > 50000 [RST] seq 4242 ack 0 win 0 len 0", "8080 > 50001 [RST] seq 4242 ack 0 win 0 len 0")
	want := []string{
		"5 input 192.0.2.2>192.0.2.1 50000 > 9999 [ACK] seq 7 ack 4242 win 65535 len 0\n" +
			"5 output 192.0.2.1>192.0.2.2 9999 > 50000 [RST] seq 4242 ack 0 win 0 len 0 ",
		"5 call listen 0 ok\n5 change CLOSED -> LISTEN\n" +
			"10 input 192.0.2.2>192.0.2.1 50001 > 8080 [ACK] seq 7 ack 4242 win 65535 len 0\n" +
			"10 output 192.0.2.1>192.0.2.2 8080 > 50001 [RST] seq 4242 ack 0 win 0 len 0 ",
	}
	if len(rec.conns) != len(want) {
		t.Fatalf("%d connections, want %d: %q", len(rec.conns), len(want), rec.conns)
	}
	for i, w := range want {
		if got := strings.Join(rec.conns[i], "\n"); !strings.HasPrefix(got, w) || strings.Count(got, "\n") != strings.Count(w, "\n") {
			t.Errorf("connection %d:\n%s\nwant:\n%s...", i, got, w)
		}
	}
}

// The events of an established connection cost no allocation: the
// stimulus, the segments and their encoding reuse the watcher's memory.
func TestObserveAllocs(t *testing.T) {
	w := newTwin(t)
	events := 0
	w.Observe(func(*fsm.Config) func(*observe.Event) { return func(*observe.Event) { events++ } })
	lfd, _ := w.Socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	w.Bind(lfd, netip.IPv4Unspecified(), 8080)
	w.Listen(lfd, 1)
	w.host.in(50000, 8080, syn, 0, 0, "")
	w.host.in(50000, 8080, ack, 1, 1001, "")
	fd, _ := w.Accept(lfd)
	g := segment.Segment{SrcPort: 50000, DstPort: 8080, Seq: 1, Ack: 1001, Flags: psh, Window: 65535, Payload: make([]byte, 100)}
	buf := make([]byte, 100)
	allocs := testing.AllocsPerRun(100, func() {
		w.Input(&g, remote)
		w.Read(fd, buf)
		g.Seq = g.Seq.Add(100)
	})
	if allocs != 0 || events == 0 {
		t.Errorf("%v allocations per segment and read, %d events", allocs, events)
	}
}

// A Tick tells every open connection that time passed: the one whose
// timer was due runs it, the others hear of a Tick that did nothing, as
// their endpoint's Tick would have done; a closed one hears nothing.
func TestObserveIdleTick(t *testing.T) {
	h := newHost(t)
	var rec recorder
	h.Observe(rec.open)
	a, _ := h.Socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP)
	b, _ := h.Socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP)
	c, _ := h.Socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_TCP)
	h.Connect(a, remote, 80)
	h.Connect(b, remote, 81)
	h.Connect(c, remote, 82)
	h.in(81, firstPort+1, synack, 5000, 1001, "") // b is established: no timer
	h.in(82, firstPort+2, rst|ack, 0, 1001, "")   // c is refused: CLOSED
	h.Now = fsm.Second
	h.Tick() // a's SYN is resent
	h.Now = 1500 * fsm.Millisecond
	h.Tick() // nothing is due
	last := func(i, n int) string {
		evs := rec.conns[i]
		return strings.Join(evs[max(0, len(evs)-n):], "\n")
	}
	if got := last(0, 3); !strings.HasPrefix(got, "1000 tick\n1000 output") || !strings.HasSuffix(got, "1500 tick") {
		t.Errorf("a ends with:\n%s", got)
	}
	if got := last(1, 2); got != "1000 tick\n1500 tick" {
		t.Errorf("b ends with:\n%s", got)
	}
	if got := last(2, 1); strings.Contains(got, "tick") {
		t.Errorf("c, closed, ends with %s", got)
	}
}
