package fsm_test

import (
	"net/netip"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// pair wires two endpoints back to back: every segment one sends is encoded,
// decoded and fed to the other, until both are quiet.
type pair struct {
	a, b    *fsm.Endpoint
	now     fsm.Time
	buf     []byte
	seg     segment.Segment
	inbox   [2][]byte // encoded segments waiting, per receiver
	carried int
}

var (
	addrA = netip.MustParseAddr("192.0.2.1")
	addrB = netip.MustParseAddr("192.0.2.2")
	tupA  = fsm.Tuple{LocalAddr: addrA, RemoteAddr: addrB, LocalPort: 40000, RemotePort: 80}
	tupB  = fsm.Tuple{LocalAddr: addrB, RemoteAddr: addrA, LocalPort: 80}
)

func newPair(cfg fsm.Config) *pair {
	return &pair{a: fsm.New(cfg), b: fsm.New(cfg), buf: make([]byte, 0, 1<<17)}
}

// deliver carries r's segments from src to dst and everything they provoke.
func (p *pair) deliver(tb testing.TB, from *fsm.Endpoint, r fsm.Result) {
	type hop struct {
		to  *fsm.Endpoint
		raw []byte
	}
	var queue [64]hop
	n := 0
	push := func(src *fsm.Endpoint, res fsm.Result) {
		dst := p.a
		if src == p.a {
			dst = p.b
		}
		for i := range res.Out {
			if n == len(queue) {
				tb.Fatalf("more than %d segments in flight", len(queue))
			}
			start := len(p.buf)
			p.buf = res.Out[i].AppendTo(p.buf)
			queue[n] = hop{dst, p.buf[start:]}
			n++
		}
	}
	push(from, r)
	for i := 0; i < n; i++ {
		if err := p.seg.Decode(queue[i].raw); err != nil {
			tb.Fatalf("endpoint sent an undecodable segment: %v", err)
		}
		p.carried++
		push(queue[i].to, queue[i].to.Input(p.now, &p.seg))
	}
	p.buf = p.buf[:0]
}

func TestBackToBackHandshakeDataClose(t *testing.T) {
	p := newPair(fsm.Config{})
	p.deliver(t, p.b, p.b.Listen(0, tupB))
	p.deliver(t, p.a, p.a.Connect(0, tupA))
	if p.a.State() != fsm.Established || p.b.State() != fsm.Established {
		t.Fatalf("after handshake: a %v, b %v", p.a.State(), p.b.State())
	}
	if !p.a.Timestamps() || !p.a.SACKPermitted() {
		t.Fatalf("options not negotiated")
	}
	msg := make([]byte, 1024)
	for i := range msg {
		msg[i] = byte(i)
	}
	n, r := p.a.Send(0, msg)
	if n != len(msg) || r.Err != fsm.OK {
		t.Fatalf("send: %d %v", n, r.Err)
	}
	p.deliver(t, p.a, r)
	_, r = p.b.Send(0, msg)
	p.deliver(t, p.b, r)
	got := make([]byte, 4096)
	if n, _ := p.b.Recv(0, got); n != len(msg) || string(got[:n]) != string(msg) {
		t.Fatalf("b read %d bytes", n)
	}
	if n, _ := p.a.Recv(0, got); n != len(msg) {
		t.Fatalf("a read %d bytes", n)
	}
	p.deliver(t, p.a, p.a.Close(0))
	if p.a.State() != fsm.FinWait2 || p.b.State() != fsm.CloseWait {
		t.Fatalf("after a's close: a %v, b %v", p.a.State(), p.b.State())
	}
	p.deliver(t, p.b, p.b.Close(0))
	if p.a.State() != fsm.TimeWait || p.b.State() != fsm.Closed {
		t.Fatalf("after b's close: a %v, b %v", p.a.State(), p.b.State())
	}
	r = p.a.Tick(r.Deadline)
	mslEnd := 2 * p.a.Config().MSL
	r = p.a.Tick(mslEnd - 1)
	if p.a.State() != fsm.TimeWait {
		t.Fatalf("TIME-WAIT ended before 2 MSL")
	}
	r = p.a.Tick(mslEnd)
	if p.a.State() != fsm.Closed || r.Events&fsm.EvClosed == 0 {
		t.Fatalf("TIME-WAIT did not end at 2 MSL: %v", p.a.State())
	}
}
