package sim

import (
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Determinism compares two traces of the same scenario with the same seed
// (and the same Faults input): they must be identical. It returns nil or
// a *Violation naming the first event that differs.
func Determinism(a, b *Trace) error { return compareTraces(a, b, 0, PropDeterminism) }

// SeqOffsetInvariance compares the trace of a scenario (a) with the trace
// of the same scenario, same seed, where every endpoint's ISN was
// increased by shift (b), modulo 2^32: they must be identical except that
// every sequence number, acknowledgment number and SACK block of b is
// shift more (RFC 9293 §3.4: only differences of sequence numbers carry
// meaning). It returns nil or a *Violation naming the first difference.
func SeqOffsetInvariance(a, b *Trace, shift uint32) error {
	return compareTraces(a, b, shift, PropSeqOffsetInvariance)
}

// compareTraces finds the first pair of events that differ.
func compareTraces(a, b *Trace, shift uint32, p Property) error {
	n := min(len(a.Events), len(b.Events))
	for i := 0; i < n; i++ {
		x, y := &a.Events[i], &b.Events[i]
		if !eventEqual(x, y, shift) {
			d := "first: " + x.String() + "; second: " + y.String()
			return &Violation{Property: p, Node: -1, Time: x.Time, Event: i, Detail: d}
		}
	}
	if len(a.Events) != len(b.Events) {
		d := "first trace has " + itoa(int64(len(a.Events))) + " events, second " + itoa(int64(len(b.Events)))
		return &Violation{Property: p, Node: -1, Event: n, Detail: d}
	}
	return nil
}

// eventEqual compares two events, b's sequence numbers shift more.
func eventEqual(a, b *TraceEvent, shift uint32) bool {
	return a.Time == b.Time && a.Node == b.Node && a.Kind == b.Kind && a.Net == b.Net &&
		a.Len == b.Len && a.Sum == b.Sum && a.From == b.From && a.To == b.To &&
		a.Op == b.Op && a.N == b.N && a.Err == b.Err && a.Note == b.Note &&
		a.hasSeg == b.hasSeg && (!a.hasSeg || segEqual(&a.Seg, &b.Seg, shift))
}

// segEqual compares two headers, b's numbers shift more. An ACK field
// without the ACK flag may or may not be a sequence number; either
// reading is accepted.
func segEqual(a, b *segment.Segment, shift uint32) bool {
	d := seq.Size(shift)
	ackOK := a.Ack.Add(d) == b.Ack || a.Flags&segment.ACK == 0 && a.Ack == b.Ack
	return a.SrcPort == b.SrcPort && a.DstPort == b.DstPort && a.Seq.Add(d) == b.Seq && ackOK &&
		a.Flags == b.Flags && a.Window == b.Window && a.Urgent == b.Urgent &&
		optionsEqual(&a.Options, &b.Options, d)
}

// optionsEqual compares option areas option by option; SACK blocks of b
// are shift more, every other option is compared byte for byte.
func optionsEqual(a, b *segment.Options, shift seq.Size) bool {
	if a.Len() != b.Len() {
		return false
	}
	oa, na := a.Next(0)
	ob, nb := b.Next(0)
	for ; na >= 0 && nb >= 0; oa, na, ob, nb = next2(a, b, na, nb) {
		if oa.Kind != ob.Kind || len(oa.Data) != len(ob.Data) {
			return false
		}
		if oa.Kind == segment.KindSACK {
			continue // compared below, from the decoded blocks
		}
		if string(oa.Data) != string(ob.Data) {
			return false
		}
	}
	if na != nb {
		return false
	}
	sa, sb := a.SACK(), b.SACK()
	if len(sa) != len(sb) {
		return false
	}
	for i := range sa {
		if sa[i].Left.Add(shift) != sb[i].Left || sa[i].Right.Add(shift) != sb[i].Right {
			return false
		}
	}
	return true
}

// next2 advances two option iterators together.
func next2(a, b *segment.Options, na, nb int) (segment.Option, int, segment.Option, int) {
	oa, na := a.Next(na)
	ob, nb := b.Next(nb)
	return oa, na, ob, nb
}
