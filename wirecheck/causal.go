package wirecheck

import (
	"net/netip"
	"sort"

	"tcpcheck/segment"
	"tcpcheck/seq"
)

// lookahead bounds how many segments sent causal looks past for one
// segment received.
const lookahead = 64

// causal makes the order of a view agree with what the endpoint's own
// segments show it had received, as the capture point, nearer one end or
// the other, may not. Segments sent keep their order; segments received
// move:
//   - earlier, before the first segment sent that acknowledges them (a SYN
//     captured after the SYN-ACK that answers it);
//   - later, past the segment sent whose bytes they acknowledge, and past
//     the segments sent whose ACK field is their first sequence number:
//     had they arrived, those would acknowledge them.
func causal(c *Conn, local netip.AddrPort, order []int) []int {
	type item struct{ idx, key int }
	items := make([]item, len(order))
	for i, idx := range order {
		items[i] = item{idx, 2 * i}
	}
	early := acknowledgedEarly(c, local, order)
	var sndNxt seq.Num
	sent := false
	for i, idx := range order {
		p := c.pkts[idx]
		if p.src == local {
			end := p.seg.Seq.Add(p.seg.SeqLen())
			if !sent || sndNxt.LessThan(end) {
				sndNxt, sent = end, true
			}
			continue
		}
		if early[i] >= 0 {
			items[i].key = 2*early[i] - 1
			continue
		}
		at := i
		f := p.seg.Flags
		if f.Has(segment.ACK) && !f.Has(segment.RST) && (!sent || sndNxt.LessThan(p.seg.Ack)) {
			at = firstSending(c, local, order, i, p.seg.Ack)
		}
		if p.seg.SeqLen() > 0 {
			at = lastUnacknowledging(c, local, order, at, p)
		}
		if at > i {
			items[i].key = 2*at + 1
		}
	}
	sort.SliceStable(items, func(a, b int) bool { return items[a].key < items[b].key })
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = it.idx
	}
	return out
}

// acknowledgedEarly returns, for each position of order, the position of
// the segment sent that acknowledges the segment received there although
// it comes before it, or -1.
func acknowledgedEarly(c *Conn, local netip.AddrPort, order []int) []int {
	early := make([]int, len(order))
	for i := range early {
		early[i] = -1
	}
	var rcvEnd seq.Num
	got := false
	for j, idx := range order {
		p := c.pkts[idx]
		f := p.seg.Flags
		switch {
		case p.src != local:
			if end := p.seg.Seq.Add(p.seg.SeqLen()); early[j] < 0 && p.seg.SeqLen() > 0 && !f.Has(segment.RST) &&
				(!got || rcvEnd.LessThan(end)) {
				rcvEnd, got = end, true
			}
			continue
		case !f.Has(segment.ACK) || f.Has(segment.RST) || got && !rcvEnd.LessThan(p.seg.Ack):
			continue
		}
		for k, n := j+1, 0; k < len(order) && n < lookahead; k++ {
			q := c.pkts[order[k]]
			if q.src == local || early[k] >= 0 || q.seg.SeqLen() == 0 || q.seg.Flags.Has(segment.RST) {
				continue
			}
			n++
			start, end := q.seg.Seq, q.seg.Seq.Add(q.seg.SeqLen())
			if !start.LessThan(p.seg.Ack) || p.seg.Ack.LessThan(end) && !got ||
				got && !rcvEnd.LessThan(end) {
				continue
			}
			early[k] = j
			rcvEnd, got = end, true
			if !rcvEnd.LessThan(p.seg.Ack) {
				break
			}
		}
	}
	return early
}

// firstSending returns the position after i of the first segment sent by
// local that reaches ack, or i when there is none within the lookahead.
func firstSending(c *Conn, local netip.AddrPort, order []int, i int, ack seq.Num) int {
	for j, n := i+1, 0; j < len(order) && n < lookahead; j++ {
		q := c.pkts[order[j]]
		if q.src != local {
			continue
		}
		n++
		if ack.LessThanEq(q.seg.Seq.Add(q.seg.SeqLen())) {
			return j
		}
	}
	return i
}

// lastUnacknowledging returns the position of the last segment sent by
// local, in the run of them after from, whose ACK field shows that p had
// not arrived (it stops at p's first sequence number: everything before p
// had arrived, p had not); from when there is none.
func lastUnacknowledging(c *Conn, local netip.AddrPort, order []int, from int, p *packet) int {
	start := p.seg.Seq
	at := from
	for j, n := from+1, 0; j < len(order) && n < lookahead; j++ {
		q := c.pkts[order[j]]
		if q.src != local {
			continue
		}
		n++
		if !q.seg.Flags.Has(segment.ACK) || q.seg.Flags.Has(segment.RST) || q.seg.Ack != start {
			break
		}
		at = j
	}
	return at
}
