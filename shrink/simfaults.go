package shrink

import "tcpcheck/sim"

// faultPlan is a sim.Faults that first draws each segment's fate from a
// seed, as sim's own links do, and remembers it; the shrinker then replays
// the plan with some faults switched off (those segments are delivered
// intact after the base delay), to find which faults matter. A fate is
// tied to the segment's place in the order segments are sent.
type faultPlan struct {
	link   sim.Link
	rng    sim.Rand
	seed   uint64
	drawn  []sim.Decision // the fate of segment i, as drawn
	faulty []bool         // whether segment i had a fault when drawn
	on     []bool         // replay: whether segment i's fault applies; nil: all
	next   int
}

// Reset starts a new run (sim.Sim.Reset calls it).
func (p *faultPlan) Reset() {
	p.next = 0
	if p.on == nil { // drawing: from the seed again
		p.rng.Seed(p.seed)
		p.drawn, p.faulty = p.drawn[:0], p.faulty[:0]
	}
}

// Decide implements sim.Faults.
func (p *faultPlan) Decide(_ sim.Time, _, _ int, wire []byte, d *sim.Decision) {
	i := p.next
	p.next++
	if p.on == nil {
		base := *d
		p.draw(wire, d)
		p.drawn = append(p.drawn, *d)
		p.faulty = append(p.faulty, *d != base)
		return
	}
	if i < len(p.drawn) && p.on[i] {
		*d = p.drawn[i]
	}
}

// draw is sim's random fate: every segment takes the same draws, whatever
// the outcome, so one decision does not shift the next.
func (p *faultPlan) draw(wire []byte, d *sim.Decision) {
	l, r := &p.link, &p.rng
	d.Drop = r.Chance(l.Loss)
	d.Dup = r.Chance(l.Dup)
	d.Corrupt = r.Chance(l.Corrupt)
	reorder := r.Chance(l.Reorder)
	d.Delay += sim.Time(r.Below(uint64(max(l.Jitter, 0))))
	d.Bit = uint32(r.Below(uint64(len(wire)) * 8))
	d.DupDelay = d.Delay + l.Jitter/2
	if reorder {
		d.Delay += 2*l.Delay + sim.Millisecond
	}
	if !d.Dup {
		d.DupDelay = 0
	}
}

// faults returns the indices of the segments that had a fault when drawn.
func (p *faultPlan) faults() []int {
	var out []int
	for i, f := range p.faulty {
		if f {
			out = append(out, i)
		}
	}
	return out
}

// only switches the plan to replay with just the faults of segments idx.
func (p *faultPlan) only(idx []int) {
	if p.on == nil {
		p.on = make([]bool, len(p.drawn))
	}
	clear(p.on)
	for _, i := range idx {
		p.on[i] = true
	}
}
