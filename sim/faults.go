package sim

// Link is what the network does to segments going one way between two
// endpoints: probabilities per segment and delays. The zero Link delivers
// every segment intact, at once.
type Link struct {
	Loss    float64 // the segment is lost
	Dup     float64 // a second copy is delivered too
	Corrupt float64 // one bit of the segment is flipped; the receiver's checksum drops it
	Reorder float64 // the segment is held back by ReorderDelay, so later ones overtake it

	Delay        Time // one-way delay of every segment
	Jitter       Time // extra delay, uniform in [0, Jitter)
	ReorderDelay Time // extra delay of a reordered segment; 0 means 2*Delay + 1 ms
}

// Decision is the fate of one segment, chosen by a Faults. Reordering is a
// matter of delays: a segment delayed more than the ones sent after it
// arrives after them.
type Decision struct {
	Drop     bool   // lose the segment
	Corrupt  bool   // flip one bit of the (first) copy
	Bit      uint32 // which bit, modulo the segment's length in bits
	Delay    Time   // when the (first) copy arrives, after it was sent
	Dup      bool   // deliver a second, intact copy
	DupDelay Time   // when the copy arrives, after the segment was sent
}

// Faults decides the fate of each segment instead of the simulator's
// pseudo-random generator, so that a fuzzer can drive loss, duplication,
// corruption and delay from its input. Decide is called once per segment
// sent before Config.Heal, in the order they are sent, with wire the
// encoded segment (do not keep or change it) and d filled with the
// link's base delay and no fault. A Faults with a Reset() method is reset
// by Sim.Reset.
type Faults interface {
	Decide(now Time, from, to int, wire []byte, d *Decision)
}

// decideRandom is the default Faults: the link's probabilities drawn from
// the simulator's generator. Every segment takes the same six draws,
// whatever the outcome, so one decision does not shift the next.
func (s *Sim) decideRandom(l *Link, wire []byte, d *Decision) {
	r := &s.rng
	d.Drop = r.Chance(l.Loss)
	d.Dup = r.Chance(l.Dup)
	d.Corrupt = r.Chance(l.Corrupt)
	reorder := r.Chance(l.Reorder)
	d.Delay += Time(r.Below(uint64(max(l.Jitter, 0))))
	d.Bit = uint32(r.Below(uint64(len(wire)) * 8))
	d.DupDelay = d.Delay + l.Jitter/2
	if reorder {
		d.Delay += reorderDelay(l)
	}
}

// reorderDelay is the hold-back of a reordered segment.
func reorderDelay(l *Link) Time {
	if l.ReorderDelay > 0 {
		return l.ReorderDelay
	}
	return 2*l.Delay + Millisecond
}

// ByteFaults is a Faults read from bytes, two per segment, for fuzz
// targets: the top three bits of the first byte choose the fate (0-3
// deliver, 4 drop, 5 duplicate, 6 corrupt, 7 reorder) and the second adds
// that many Units (default 1 ms) of delay; its value also picks the bit a
// corruption flips. Once Data is used up every segment is delivered
// intact after the link's base delay.
type ByteFaults struct {
	Data []byte
	Unit Time
	pos  int
}

// Reset starts reading Data from the beginning again.
func (f *ByteFaults) Reset() { f.pos = 0 }

// Decide implements Faults.
func (f *ByteFaults) Decide(_ Time, _, _ int, wire []byte, d *Decision) {
	if f.pos+2 > len(f.Data) {
		return
	}
	fate, extra := f.Data[f.pos]>>5, f.Data[f.pos+1]
	f.pos += 2
	unit := f.Unit
	if unit <= 0 {
		unit = Millisecond
	}
	d.Delay += Time(extra) * unit
	if fate < 4 {
		return // delivered
	}
	switch fate {
	case 4:
		d.Drop = true
	case 5:
		d.Dup, d.DupDelay = true, d.Delay+unit
	case 6:
		d.Corrupt, d.Bit = true, uint32(extra)*131+uint32(len(wire))
	case 7:
		d.Delay += 256 * unit
	}
}
