package wirecheck

import (
	"net/netip"
	"sort"

	"tcpcheck/observe"
	"tcpcheck/segment"
)

// View is one endpoint's trace as the capture shows it: the segments it
// sent (Output) and received (Input), the states inferred from them
// (Change), and Ticks for the stimuli the wire does not show.
type View struct {
	Local, Remote netip.AddrPort
	Events        []observe.Event
	// Frames[i] is the frame number of Events[i]: the segment's frame, or
	// for an inferred state change the frame of the segment that caused
	// it.
	Frames []int
	// Final is the state inferred at the end of the capture.
	Final observe.State

	known []bool // the inferred state was known at the stimulus of each event
}

// Inferred reports whether event i was inferred rather than observed: true
// for every state change, since the wire shows no reported state, and for
// every Tick, which stands for a stimulus the wire does not show.
func (v *View) Inferred(i int) bool {
	k := v.Events[i].Kind
	return k == observe.Change || k == observe.Tick
}

// buildView returns the view of endpoint side of c. Segments received are
// moved later by 2*delay relative to segments sent: delay 0 is capture
// order (the capture taken at the endpoint); a positive delay is the one
// way delay from the endpoint to the capture point. Either way the order is
// then made causal (see causal). A segment sent more than react after the
// last segment received (or Tick), the first segment sent, and an RST sent
// after other segments with none received in between are preceded by a
// Tick: they answer something the wire does not show, a timer or the
// application.
func buildView(c *Conn, side int, delay, react int64) *View {
	local := c.Ends[side]
	v := &View{Local: local, Remote: c.Ends[1-side]}
	order := make([]int, len(c.pkts))
	key := make([]int64, len(c.pkts))
	for i, p := range c.pkts {
		order[i], key[i] = i, p.time
		if p.src != local {
			key[i] += 2 * delay
		}
	}
	if delay > 0 {
		sort.SliceStable(order, func(a, b int) bool { return key[order[a]] < key[order[b]] })
	}
	order = causal(c, local, order)
	var now int64
	frame := 0
	n := infer{st: observe.Unknown}
	n.emit = func(from, to observe.State) {
		v.add(observe.Event{Kind: observe.Change, Time: now, From: from, To: to}, frame)
	}
	if c.Opened {
		n.st = observe.Closed
		if side == 1 {
			frame = c.pkts[0].frame
			n.move(observe.Listen)
		}
	}
	stim := int64(-1)  // the time of the last stimulus
	sentSince := false // segments were sent since it
	known := false     // the inferred state at it was known
	for _, i := range order {
		p := c.pkts[i]
		if key[i] > now {
			now = key[i]
		}
		frame = p.frame
		if p.src == local {
			if stim < 0 || now-stim > react || p.seg.Flags.Has(segment.RST) && sentSince {
				known = n.st != observe.Unknown
				v.add(observe.Event{Kind: observe.Tick, Time: now}, frame)
				stim, sentSince = now, false
			}
			n.output(&p.seg)
			v.add(observe.Event{Kind: observe.Output, Time: now, Seg: &p.seg, Wire: p.wire,
				Src: p.src.Addr(), Dst: p.dst.Addr()}, frame)
			sentSince = true
		} else {
			known = n.st != observe.Unknown
			v.add(observe.Event{Kind: observe.Input, Time: now, Seg: &p.seg,
				Src: p.src.Addr(), Dst: p.dst.Addr()}, frame)
			stim, sentSince = now, false
			n.input(&p.seg)
		}
		for len(v.known) < len(v.Events) {
			v.known = append(v.known, known)
		}
	}
	v.Final = n.st
	return v
}

func (v *View) add(ev observe.Event, frame int) {
	v.Events = append(v.Events, ev)
	v.Frames = append(v.Frames, frame)
}
