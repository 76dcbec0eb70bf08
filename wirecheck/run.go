package wirecheck

import (
	"fmt"

	"tcpcheck/properties"
)

// flagged is a violation a monitor reported in a view.
type flagged struct {
	event, frame int
	msg          string
}

// runMonitors builds the views of c and runs every applicable registered
// monitor over both.
func (c *Conn) runMonitors(cfg properties.Config, applies []Applies) {
	for side := range c.Views {
		c.Views[side] = buildView(c, side, 0, 2*c.delay(side)+slack)
	}
	var late [2]*View
	for _, a := range applies {
		if !a.Registered {
			continue
		}
		if why := c.skip(a); why != "" {
			c.Monitors = append(c.Monitors, Ran{Name: a.Name, Why: why})
			continue
		}
		c.Monitors = append(c.Monitors, Ran{Name: a.Name, Ran: true})
		for side := range c.Views {
			got, err := runOne(a.Name, cfg, c.Views[side])
			if err != nil {
				c.Errors = append(c.Errors, fmt.Sprintf("%s on %s: %v", a.Name, c.Ends[side], err))
				continue
			}
			if len(got) == 0 {
				continue
			}
			var robust map[int]bool
			if a.Inputs {
				if late[side] == nil {
					late[side] = buildView(c, side, c.delay(side), slack)
				}
				lg, _ := runOne(a.Name, cfg, late[side])
				robust = map[int]bool{}
				for _, f := range lg {
					robust[f.frame] = true
				}
			}
			for _, f := range got {
				// A checksum rule's finding on a bad checksum repeats
				// the checksum finding of the capture.
				if g := c.classify(a.Rule, side, f, robust); g.Kind != KindChecksum {
					c.Findings = append(c.Findings, g)
				}
			}
		}
	}
}

// skip returns why the monitor of a does not run on c, or "".
func (c *Conn) skip(a Applies) string {
	switch {
	case a.Use == Skip:
		return a.Why
	case a.Use == WithHandshake && !c.Handshake:
		return "the handshake was not captured"
	}
	return ""
}

// runOne runs a fresh monitor called name over v and returns every
// violation it reports. A monitor that panics is reported as an error.
func runOne(name string, cfg properties.Config, v *View) (got []flagged, err error) {
	m := properties.ByName(name)
	if m == nil {
		return nil, nil
	}
	i := 0
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic at frame %d: %v", v.Frames[i], r)
		}
	}()
	ch := properties.NewChecker(cfg, m)
	for i = range v.Events {
		if viol := ch.Observe(&v.Events[i]); viol != nil {
			got = append(got, flagged{i, v.Frames[i], viol.Message()})
		}
	}
	return got, nil
}

// slack is how long after a segment received an endpoint's answer may
// leave it: processing time.
const slack = int64(1e6)

// delay is the longest one-way delay between the capture point and
// endpoint side that the capture allows: half its quickest reply, or,
// when it never acknowledged a captured segment, the whole connection.
func (c *Conn) delay(side int) int64 {
	if r := c.reply[side]; r >= 0 {
		return r / 2
	}
	return c.pkts[len(c.pkts)-1].time - c.pkts[0].time + 1
}

// classify turns what a monitor flagged in side's view into a finding: an
// RFC violation, unless the capture is in doubt at that frame.
func (c *Conn) classify(r Rule, side int, f flagged, robust map[int]bool) Finding {
	out := Finding{Class: Capture, Monitor: r.Name, Endpoint: side, Frame: f.frame, Message: f.msg}
	pos, ok := c.pos[f.frame]
	if !ok {
		pos = 0
	}
	p := c.pkts[pos]
	if r.Checksums && p.badSum {
		out.Kind = KindChecksum
		out.Message += " (not judged: the checksum on the wire is not the one sent when the capture host offloads checksums)"
		return out
	}
	if r.Checksums && p.missing > 0 {
		out.Kind = KindTruncated
		out.Message += " (not judged: the frame was cut short by the snap length)"
		return out
	}
	if !c.Views[side].known[f.event] {
		out.Kind = KindHandshake
		out.Message += " (not judged: the endpoint's state is unknown here, the connection began before the capture)"
		return out
	}
	for _, pr := range c.problems {
		if pr.scope == scopeAll && pr.from <= pos && pos <= pr.to {
			out.Kind = pr.Kind
			out.Message += " (not judged: the capture is in doubt from frame " + fmt.Sprint(pr.Frame) + " on: " + pr.Message + ")"
			return out
		}
	}
	if r.Inputs && !robust[f.frame] {
		out.Kind = KindCapturePoint
		at := c.Ends[side].Addr().String()
		if c.reply[side] >= 0 {
			out.Message += " (a violation only if the capture was taken at " + at + ": the capture point may be up to " +
				dur(c.delay(side)) + " from it, and with the segments it received arriving that much later the rule holds)"
		} else {
			out.Message += " (a violation only if the capture was taken at " + at + ": it acknowledged no captured " +
				"segment, so the capture does not show how late the segments it received arrived)"
		}
		return out
	}
	out.Class = RFC
	return out
}
