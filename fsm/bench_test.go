package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// Benchmarks of the endpoint's hot paths and of a whole connection
// between two endpoints. Run them with
//
//	go test ./fsm -run '^$' -bench . -benchmem
//
// Every benchmark builds its endpoints before the timed loop; the loop
// itself must not allocate (allocs_test.go asserts it).

// benchEstablished returns a rig in ESTABLISHED with timestamps and window
// scaling negotiated, the common case on today's networks.
func benchEstablished(b *testing.B, cfg fsm.Config) *rig {
	r := newRig(b, cfg)
	r.peer.ts, r.peer.wscale, r.peer.sack = true, 7, true
	return r.established()
}

// One ESTABLISHED step: a pure ACK that acknowledges nothing new and keeps
// the window (RFC 9293 §3.10.7.4: acceptability, PAWS, the ACK and window
// checks, no text). It sends nothing.
func BenchmarkEstablishedPureACK(b *testing.B) {
	r := benchEstablished(b, fsm.Config{})
	e, now := r.e, r.now
	ack := r.mk(segment.ACK, r.peerNxt, e.SndNxt(), nil)
	var res fsm.Result
	b.ReportAllocs()
	for b.Loop() {
		res = e.Input(now, ack)
	}
	if len(res.Out) != 0 || res.Err != fsm.OK || e.State() != fsm.Established {
		b.Fatalf("pure ACK: %d segments, %v, %v", len(res.Out), res.Err, e.State())
	}
}

// One ESTABLISHED step: a 1460-byte in-order segment, delivered to the
// receive buffer and acknowledged at once (one ACK out, with timestamps).
//
// The receive buffer must keep having room, and b.Loop times the whole
// body, so the loop drains the buffer with one Recv whenever less than a
// segment's room is left: every 44th iteration of a 64 KiB buffer pays for
// copying 64 KiB out. ns/op is therefore one Input plus 1/44 of a 64 KiB
// Recv, the cost of a segment's bytes going in and out. See
// BenchmarkEstablishedDataAndRecv for one Input and one Recv per segment.
func BenchmarkEstablishedData(b *testing.B) {
	r := benchEstablished(b, fsm.Config{})
	e, now := r.e, r.now
	seg := r.mk(segment.ACK|segment.PSH, r.peerNxt, e.SndNxt(), rigBytes(1460))
	sink := make([]byte, 64<<10)
	var res fsm.Result
	b.ReportAllocs()
	for b.Loop() {
		res = e.Input(now, seg)
		seg.Seq = e.RcvNxt()
		if e.RcvWnd() < 1460 {
			e.Recv(now, sink)
		}
	}
	if len(res.Out) != 1 || res.Out[0].Ack != e.RcvNxt() || res.Events&fsm.EvReadable == 0 {
		b.Fatalf("data segment: %d segments out, events %v", len(res.Out), res.Events)
	}
}

// One data segment in and the application reading it: Input then Recv of
// 1460 bytes, two calls per iteration.
func BenchmarkEstablishedDataAndRecv(b *testing.B) {
	r := benchEstablished(b, fsm.Config{})
	e, now := r.e, r.now
	seg := r.mk(segment.ACK|segment.PSH, r.peerNxt, e.SndNxt(), rigBytes(1460))
	sink := make([]byte, 1460)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		e.Input(now, seg)
		seg.Seq = e.RcvNxt()
		n, _ = e.Recv(now, sink)
	}
	if n != 1460 || e.Readable() != 0 {
		b.Fatalf("Recv got %d, %d left", n, e.Readable())
	}
}

// One ESTABLISHED step on the sending side: an ACK for 1448 bytes in
// flight, which frees them and lets the next 1448 bytes go out: one Input,
// one data segment out, and the Send that refills the buffer.
func BenchmarkEstablishedAckAndSend(b *testing.B) {
	r := benchEstablished(b, fsm.Config{})
	e, now := r.e, r.now
	chunk := rigBytes(1448)
	e.Send(now, chunk)
	ack := r.mk(segment.ACK, r.peerNxt, 0, nil)
	b.ReportAllocs()
	for b.Loop() {
		e.Send(now, chunk)
		ack.Ack = e.SndUna().Add(1448)
		e.Input(now, ack)
	}
	if e.Unacked() != 1448 || e.SndNxt() != e.SndUna().Add(1448) {
		b.Fatalf("unacked %d", e.Unacked())
	}
}

// A Tick with no timer due, the call a driver makes most.
func BenchmarkTickIdle(b *testing.B) {
	r := benchEstablished(b, fsm.Config{})
	e, now := r.e, r.now
	b.ReportAllocs()
	for b.Loop() {
		e.Tick(now)
	}
}

// b2b wires two endpoints back to back for the whole-connection benchmark:
// every segment one sends is handed to the other in FIFO order until both
// are quiet. With codec false a segment is passed as a struct copy, its
// payload copied into an arena (the sender may overwrite its buffer before
// the segment is delivered); with codec true it is encoded with AppendTo
// and decoded again, as a driver on a real link would.
type b2b struct {
	a, b  *fsm.Endpoint
	now   fsm.Time
	codec bool
	q     [32]b2bHop
	head  int
	n     int
	arena []byte
	dec   segment.Segment
	msg   []byte
	buf   []byte
	segs  int // segments carried
}

type b2bHop struct {
	to  *fsm.Endpoint
	seg segment.Segment // codec false
	raw []byte          // codec true: the encoded segment in the arena
}

func newB2B(codec bool) *b2b {
	return &b2b{
		a: fsm.New(fsm.Config{}), b: fsm.New(fsm.Config{}), codec: codec,
		arena: make([]byte, 0, 16<<10), msg: rigBytes(1024), buf: make([]byte, 4096),
	}
}

// push queues the segments of res, sent by from.
func (w *b2b) push(from *fsm.Endpoint, res fsm.Result) bool {
	to := w.a
	if from == w.a {
		to = w.b
	}
	for i := range res.Out {
		if w.n == len(w.q) {
			return false
		}
		h := &w.q[(w.head+w.n)%len(w.q)]
		w.n++
		h.to = to
		s := &res.Out[i]
		start := len(w.arena)
		if w.codec {
			w.arena = s.AppendTo(w.arena)
			h.raw = w.arena[start:]
			continue
		}
		h.seg = *s
		w.arena = append(w.arena, s.Payload...)
		h.seg.Payload = w.arena[start:len(w.arena):len(w.arena)]
	}
	return true
}

// run delivers res and everything it provokes.
func (w *b2b) run(from *fsm.Endpoint, res fsm.Result) bool {
	if !w.push(from, res) {
		return false
	}
	for w.n > 0 {
		h := &w.q[w.head]
		w.head = (w.head + 1) % len(w.q)
		w.n--
		in := &h.seg
		if w.codec {
			if w.dec.Decode(h.raw) != nil {
				return false
			}
			in = &w.dec
		}
		w.segs++
		if !w.push(h.to, h.to.Input(w.now, in)) {
			return false
		}
	}
	w.arena = w.arena[:0]
	return true
}

// exchange is one connection's life: LISTEN and CONNECT, 1 KiB each way,
// read by each side, CLOSE from a then b, and a's TIME-WAIT ended by a Tick
// after 2 MSL, so both endpoints are CLOSED again and ready for the next
// round. It reports whether everything went as expected.
func (w *b2b) exchange() bool {
	a, b := w.a, w.b
	w.now += fsm.Second
	ok := w.run(b, b.Listen(w.now, tupB)) && w.run(a, a.Connect(w.now, tupA))
	ok = ok && a.State() == fsm.Established && b.State() == fsm.Established
	n1, r := a.Send(w.now, w.msg)
	ok = ok && w.run(a, r)
	n2, r := b.Send(w.now, w.msg)
	ok = ok && w.run(b, r)
	m1, r := b.Recv(w.now, w.buf)
	ok = ok && w.run(b, r)
	m2, r := a.Recv(w.now, w.buf)
	ok = ok && w.run(a, r)
	ok = ok && n1 == 1024 && n2 == 1024 && m1 == 1024 && m2 == 1024
	ok = ok && w.run(a, a.Close(w.now)) && w.run(b, b.Close(w.now))
	ok = ok && a.State() == fsm.TimeWait && b.State() == fsm.Closed
	w.now += 2 * a.Config().MSL
	ok = ok && w.run(a, a.Tick(w.now))
	return ok && a.State() == fsm.Closed
}

func benchExchange(b *testing.B, codec bool) {
	w := newB2B(codec)
	if !w.exchange() {
		b.Fatalf("the exchange failed")
	}
	w.segs = 0
	rounds := 0
	b.ReportAllocs()
	for b.Loop() {
		if !w.exchange() {
			b.Fatalf("the exchange failed in round %d", rounds)
		}
		rounds++
	}
	b.ReportMetric(float64(w.segs)/float64(rounds), "segs/op")
}

// A whole connection between two endpoints, segments passed as structs:
// 3-way handshake, 1 KiB each way, FIN/ACK each way, TIME-WAIT ended.
func BenchmarkExchangeDirect(b *testing.B) { benchExchange(b, false) }

// The same through the codec: every segment encoded and decoded.
func BenchmarkExchangeCodec(b *testing.B) { benchExchange(b, true) }
