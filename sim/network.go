package sim

import (
	"encoding/binary"
	"net/netip"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// packet is a segment in flight, encoded as it travels: header, options
// and payload, with the checksum over its addresses (RFC 9293 §3.1).
type packet struct {
	from, to int32
	src, dst netip.Addr
	wire     []byte
	intact   bool // as encoded, checksum filled: verifying it would pass
	// seg is what decoding wire gives, when known (the segment it was
	// encoded from, see encode) and wire is still intact.
	seg   segment.Segment
	known bool
}

// alloc takes a free packet slot; slots and their buffers are reused.
func (s *Sim) alloc() int32 {
	if k := len(s.free); k > 0 {
		i := s.free[k-1]
		s.free = s.free[:k-1]
		return i
	}
	s.pk = append(s.pk, packet{wire: make([]byte, 0, 128)})
	return int32(len(s.pk) - 1)
}

func (s *Sim) release(i int32) { s.free = append(s.free, i) }

// handle takes the result of any call on n's endpoint: its segments go on
// the wire, its deadline is kept, its events reach the application.
func (s *Sim) handle(n *node, r fsm.Result) {
	n.deadline = r.Deadline
	if n.deadline <= 0 {
		n.deadline = fsm.Never
	}
	for i := range r.Out {
		s.transmit(n, i, &r.Out[i])
	}
	s.notice(n, r.Events, r.Err)
}

// dst is where n's segments go: the sender of the segment it is
// answering, else its connection's remote address.
func (n *node) dst() netip.Addr {
	if n.inInput {
		return n.replyTo
	}
	if a := n.probe.EP.Tuple().RemoteAddr; a.IsValid() {
		return a
	}
	return n.replyTo
}

// route returns the endpoint with this address and port, or -1.
func (s *Sim) route(addr netip.Addr, port uint16) int {
	for i := range s.nodes {
		if s.nodes[i].spec.Addr == addr && s.nodes[i].spec.Port == port {
			return i
		}
	}
	return -1
}

// transmit puts segment i of what n sent on the wire: encode, choose its
// fate, queue its delivery.
func (s *Sim) transmit(n *node, i int, g *segment.Segment) {
	n.rec.outbound(s.now, g)
	if s.stats.Sent++; s.stats.Sent > s.maxSegments {
		s.fail(PropOutputBounded, n.idx, "more than "+itoa(int64(s.maxSegments))+" segments sent")
		return
	}
	dst := n.dst()
	to := s.route(dst, g.DstPort)
	if to < 0 {
		s.stats.Unroutable++
		s.traceNet(n.idx, NetUnroutable, g)
		return
	}
	k := s.alloc()
	p := &s.pk[k]
	p.from, p.to, p.src, p.dst = int32(n.idx), int32(to), n.spec.Addr, dst
	p.encode(n.probe, i, g)
	s.decide(n.idx, to, k, g)
}

// encode fills p.wire with segment i of the probe's last call, g: the bytes
// the probe encoded for its Output event when their checksum covers p's
// addresses, else encoded here.
func (p *packet) encode(probe *observe.Probe, i int, g *segment.Segment) {
	if w, src, dst, ok := probe.Wire(i, g); ok && src == p.src && dst == p.dst {
		p.wire, p.intact = append(p.wire[:0], w...), true
	} else {
		p.wire = g.AppendTo(p.wire[:0])
		p.intact = segment.FillChecksum(p.wire, p.src, p.dst) == nil
	}
	p.keep(g)
}

// keep remembers g as the decoded form of p.wire, its encoding, so that
// delivering p need not decode it again. That holds when the option area
// needs no padding: g.Options, made by its Add methods or a decode, then
// holds exactly what decoding its bytes gives, and the header fields and
// payload are as encoded (the flags masked, the checksum as filled).
func (p *packet) keep(g *segment.Segment) {
	n := g.Options.Len()
	if n&3 != 0 {
		p.known = false
		return
	}
	d := &p.seg
	d.SrcPort, d.DstPort, d.Seq, d.Ack = g.SrcPort, g.DstPort, g.Seq, g.Ack
	d.Flags, d.Window, d.Urgent = g.Flags&segment.FlagMask, g.Window, g.Urgent
	d.Checksum = binary.BigEndian.Uint16(p.wire[16:])
	d.Options = g.Options
	d.Payload = p.wire[segment.HeaderLen+n:]
	p.known = true
}

// decide applies the link's faults to packet i and queues what survives.
func (s *Sim) decide(from, to int, i int32, g *segment.Segment) {
	l := &s.links[from*len(s.nodes)+to]
	d := &s.dec // kept in Sim: a local would escape through Faults.Decide
	*d = Decision{Delay: l.Delay}
	if s.cfg.Heal == 0 || s.now < s.cfg.Heal {
		if s.cfg.Faults != nil {
			s.cfg.Faults.Decide(s.now, from, to, s.pk[i].wire, d)
		} else {
			s.decideRandom(l, s.pk[i].wire, d)
		}
	}
	if d.Drop {
		s.stats.Lost++
		s.traceNet(from, NetLost, g)
		s.release(i)
		return
	}
	if d.Dup {
		s.stats.Duplicated++
		s.traceNet(from, NetDuplicated, g)
		j := s.alloc()
		s.pk[j].from, s.pk[j].to, s.pk[j].src, s.pk[j].dst = s.pk[i].from, s.pk[i].to, s.pk[i].src, s.pk[i].dst
		s.pk[j].wire, s.pk[j].intact = append(s.pk[j].wire[:0], s.pk[i].wire...), s.pk[i].intact
		s.pk[j].known = s.pk[i].known
		if s.pk[j].known {
			s.pk[j].seg = s.pk[i].seg
			s.pk[j].seg.Payload = s.pk[j].wire[len(s.pk[j].wire)-len(s.pk[i].seg.Payload):]
		}
		s.schedule(evDeliver, to, j, s.now+max(d.DupDelay, 0))
	}
	if d.Corrupt && len(s.pk[i].wire) > 0 {
		w := s.pk[i].wire
		bit := d.Bit % uint32(len(w)*8)
		w[bit/8] ^= 1 << (bit % 8)
		s.pk[i].intact = false
	}
	s.schedule(evDeliver, to, i, s.now+max(d.Delay, 0))
}

// schedule queues an event on the microsecond at or after at: inputs and
// application calls happen on whole microseconds, the resolution of
// packetdrill scripts, so recorded scripts replay them at the same times.
func (s *Sim) schedule(k eventKind, node int, arg int32, at Time) {
	s.q.push(event{at: ceilMicro(at), kind: k, node: int32(node), arg: arg})
}

// ceilMicro rounds t up to a whole microsecond.
func ceilMicro(t Time) Time {
	if r := t % Microsecond; r > 0 {
		return t - r + Microsecond
	}
	return t
}

// checkKnown, when set (by tests), sees every packet delivered whose
// decoded form was kept, before it is used or decoded.
var checkKnown func(p *packet)

// deliver hands packet i to its receiver: checksum verified (RFC 9293
// §3.1: a segment with a bad checksum is dropped), decoded, demultiplexed
// to the connection, then input to the endpoint. A packet still as encoded
// needs no verifying: FillChecksum's sum always verifies.
func (s *Sim) deliver(i int32) {
	p := &s.pk[i]
	n := &s.nodes[p.to]
	if !p.intact && !segment.VerifyChecksum(p.wire, p.src, p.dst) {
		s.stats.Corrupted++
		s.traceNet(int(p.from), NetCorrupted, nil)
		s.release(i)
		return
	}
	g := &p.seg // p.wire decoded, when known (see keep)
	if !p.known || !p.intact {
		g = &s.seg
		if err := g.Decode(p.wire); err != nil {
			s.fail(PropWellFormedOutput, int(p.from), "sent a segment that does not decode: "+err.Error())
			s.release(i)
			return
		}
	} else if checkKnown != nil {
		checkKnown(p)
	}
	if !n.accepts(p.src, g) {
		s.stats.Unroutable++
		s.traceNet(int(p.from), NetUnroutable, g)
		s.release(i)
		return
	}
	s.stats.Delivered++
	n.rec.inbound(s.now, g)
	n.replyTo, n.inInput = p.src, true
	r := n.probe.Input(s.now, g)
	s.handle(n, r)
	n.inInput = false
	s.release(i) // after handle: its segments take other slots
}

// accepts reports whether a segment from src belongs to n's endpoint: any
// segment while it listens or is closed (CLOSED answers with RST, RFC 9293
// §3.10.7.1), else only its connection's.
func (n *node) accepts(src netip.Addr, g *segment.Segment) bool {
	if n.state() <= fsm.Listen { // CLOSED or LISTEN
		return true
	}
	var t fsm.Tuple
	if n.fep != nil {
		t = n.fep.Tuple()
	} else {
		t = n.probe.EP.Tuple()
	}
	return t.RemotePort == g.SrcPort && (!t.RemoteAddr.IsValid() || t.RemoteAddr == src)
}
