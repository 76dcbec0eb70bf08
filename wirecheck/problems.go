package wirecheck

import (
	"strconv"

	"tcpcheck/segment"
	"tcpcheck/seq"
)

// scope says which monitor findings a capture problem puts in doubt.
type scope uint8

const (
	scopeAll       scope = iota // every monitor's findings in the problem's span
	scopeHandshake              // only monitors that need the handshake
)

// problem is a capture problem with the stretch of the connection, as
// positions in Conn.pkts, over which it makes judgements doubtful.
type problem struct {
	Finding
	from, to int
	scope    scope
}

// direction follows the sequence space of one endpoint as captured.
type direction struct {
	seen  bool
	hi    seq.Num // the end of the highest sequence number captured
	holes []hole  // ranges skipped and not captured yet
	acks  []hole  // ACKs from the peer beyond hi: lo is the ACK, pos its position
	sent  []sent  // segments the peer has not acknowledged yet, for reply times
	bad   []int   // frames with a bad checksum
	cut   []int   // frames cut short by the snap length
	total int     // segments with a verifiable checksum
}

type hole struct {
	lo, hi seq.Num
	pos    int
}

type sent struct {
	end  seq.Num
	time int64
}

// analyse finds the capture problems of c and the endpoints' reply times.
func (c *Conn) analyse() {
	var d [2]direction
	c.reply = [2]int64{-1, -1}
	for pos, p := range c.pkts {
		if pos > 0 && p.time < c.pkts[pos-1].time {
			c.problem(KindTime, -1, pos-1, pos, scopeAll, "captured "+dur(c.pkts[pos-1].time-p.time)+
				" before frame "+strconv.Itoa(c.pkts[pos-1].frame)+", which precedes it in the file")
		}
		s := c.side(p)
		if p.missing > 0 {
			d[s].cut = append(d[s].cut, p.frame)
		} else {
			d[s].total++
			if p.badSum {
				d[s].bad = append(d[s].bad, p.frame)
			}
		}
		if !p.seg.Flags.Has(segment.RST) {
			c.sequence(&d[s], pos)
		}
		if p.seg.Flags.Has(segment.ACK) {
			c.acked(&d[1-s], s, pos)
		}
	}
	for s := range d {
		c.unresolved(&d[s], s)
	}
	c.artifacts(&d)
	c.handshake()
}

// sequence follows the sender's sequence space for the segment at pos.
func (c *Conn) sequence(ds *direction, pos int) {
	p := c.pkts[pos]
	start, end := p.seg.Seq, p.seg.Seq.Add(p.seg.SeqLen())
	first := !ds.seen || !start.LessThan(ds.hi)
	if !ds.seen {
		ds.seen, ds.hi = true, end
		ds.resolve(c, pos, true)
	} else {
		if ds.hi.LessThan(start) {
			ds.holes = append(ds.holes, hole{ds.hi, start, pos})
		}
		if start.LessThan(ds.hi) {
			ds.fill(c, pos, start, end)
		}
		if ds.hi.LessThan(end) {
			ds.hi = end
		}
		ds.resolve(c, pos, false)
	}
	if p.seg.SeqLen() > 0 && first {
		ds.sent = append(ds.sent, sent{end, p.time})
	}
}

// fill resolves the holes that the segment at pos, [start, end), covers.
func (ds *direction) fill(c *Conn, pos int, start, end seq.Num) {
	kept := ds.holes[:0]
	for _, h := range ds.holes {
		if !start.LessThan(h.hi) || !h.lo.LessThan(end) {
			kept = append(kept, h)
			continue
		}
		c.problem(KindGap, c.side(c.pkts[pos]), h.pos, pos, scopeAll, "sequence numbers "+
			num(h.lo)+".."+num(h.hi)+" of "+c.Ends[c.side(c.pkts[pos])].String()+
			" not captured before this frame; they appear at frame "+strconv.Itoa(c.pkts[pos].frame)+
			" (retransmitted after a loss before the capture point, or captured out of order)")
	}
	ds.holes = kept
}

// resolve settles the peer's ACKs that the sender's sequence space, now
// captured up to hi, covers: bytes acknowledged before they were captured
// were captured out of order, unless a hole below the ACK shows they were
// not captured at all. For the sender's first segment captured, an ACK at
// or below its sequence number acknowledges bytes sent before the capture
// began.
func (ds *direction) resolve(c *Conn, pos int, first bool) {
	p := c.pkts[pos]
	kept := ds.acks[:0]
	for _, a := range ds.acks {
		switch {
		case first && a.lo.LessThanEq(p.seg.Seq):
		case ds.hi.LessThan(a.lo):
			kept = append(kept, a)
		case ds.holeBelow(a.lo, a.pos):
		default:
			c.problem(KindOrder, c.side(p), a.pos, pos, scopeAll, "acknowledges "+num(a.lo)+" of "+
				p.src.String()+", captured only at frame "+strconv.Itoa(p.frame)+": captured out of order")
		}
	}
	ds.acks = kept
}

// holeBelow reports whether a hole starts below ack; if so the hole is
// known from position pos on.
func (ds *direction) holeBelow(ack seq.Num, pos int) bool {
	for i := range ds.holes {
		if h := &ds.holes[i]; h.lo.LessThan(ack) {
			h.pos = min(h.pos, pos)
			return true
		}
	}
	return false
}

// acked notes the ACK of the segment at pos, sent by side s, against the
// peer's sequence space ds.
func (c *Conn) acked(ds *direction, s, pos int) {
	p := c.pkts[pos]
	rst := p.seg.Flags.Has(segment.RST) // its ACK field answers one segment
	if !rst && (!ds.seen || ds.hi.LessThan(p.seg.Ack)) {
		ds.acks = append(ds.acks, hole{lo: p.seg.Ack, pos: pos})
	}
	// The quickest reply: the newest first transmission this ACK covers.
	kept, newest := ds.sent[:0], int64(-1)
	for _, x := range ds.sent {
		if x.end.LessThanEq(p.seg.Ack) {
			newest = max(newest, x.time)
		} else {
			kept = append(kept, x)
		}
	}
	ds.sent = kept
	if r := p.time - newest; newest >= 0 && r >= 0 && (c.reply[s] < 0 || r < c.reply[s]) {
		c.reply[s] = r
	}
}

// unresolved reports the holes never filled and the ACKs of bytes never
// captured, in the sequence space of side s.
func (c *Conn) unresolved(ds *direction, s int) {
	end := len(c.pkts) - 1
	for _, h := range ds.holes {
		c.problem(KindGap, s, h.pos, end, scopeAll, "sequence numbers "+num(h.lo)+".."+num(h.hi)+
			" of "+c.Ends[s].String()+" never captured")
	}
	if !ds.seen {
		return
	}
	for _, a := range ds.acks {
		c.problem(KindGap, s, a.pos, end, scopeAll, "acknowledges "+num(a.lo)+" of "+c.Ends[s].String()+
			", beyond anything captured from it ("+num(ds.hi)+"): segments not captured")
	}
}

// handshake reports a handshake not captured, or captured in part.
func (c *Conn) handshake() {
	syn, synack := -1, -1
	proceeds := false
	for i, p := range c.pkts {
		f := p.seg.Flags
		switch {
		case isSYN(p) && syn < 0:
			syn = i
		case f&(segment.SYN|segment.ACK|segment.RST) == segment.SYN|segment.ACK && synack < 0:
			synack = i
		case f&(segment.SYN|segment.RST) == 0 && f.Has(segment.ACK):
			proceeds = true
		}
	}
	c.Handshake = syn >= 0 && synack >= 0
	end := len(c.pkts) - 1
	switch {
	case !c.Opened:
		c.problem(KindHandshake, -1, 0, end, scopeHandshake,
			"handshake not captured: the connection was open before the capture began")
	case syn < 0:
		c.problem(KindHandshake, 0, 0, end, scopeAll, "the SYN of "+c.Ends[0].String()+" was not captured")
	case synack < 0 && proceeds:
		c.problem(KindHandshake, 1, syn, end, scopeAll, "the SYN-ACK of "+c.Ends[1].String()+
			" was not captured, yet the connection proceeds")
	}
}

// problem records a capture problem over positions from..to. A monitor
// that was shown a view with a hole or out of order may be thrown off for
// the rest of the connection (its idea of SND.NXT or RCV.NXT), so gaps and
// disorder put everything from them on in doubt.
func (c *Conn) problem(k Kind, side, from, to int, sc scope, msg string) {
	if k == KindGap || k == KindOrder {
		to = len(c.pkts) - 1
	}
	c.problems = append(c.problems, problem{Finding: Finding{Class: Capture, Kind: k, Endpoint: side,
		Frame: c.pkts[from].frame, Message: msg}, from: from, to: to, scope: sc})
}

func num(n seq.Num) string { return strconv.FormatUint(uint64(n), 10) }

// dur formats nanoseconds as seconds with microseconds.
func dur(ns int64) string { return strconv.FormatFloat(float64(ns)/1e9, 'f', 6, 64) + " s" }
