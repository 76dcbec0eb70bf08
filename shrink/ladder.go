package shrink

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"tcpcheck/observe"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// A ladder diagram shows the trace as a person draws a TCP exchange: time
// down the page, the endpoint on the left with its state as it changes,
// the peer on the right, one arrow per segment with its flags, sequence
// numbers (start:end(length), as packetdrill writes them), ACK, window
// and options, the application's calls and what it was told on the
// endpoint's side, and a marker on the event that broke the invariant.
// Numbers follow the script's conventions, so each arrow reads like the
// script line it comes from: the endpoint's own sequence numbers relative
// to its ISN, the peer's as sent.

// rung is one row of the ladder.
type rung struct {
	time  int64
	state string // the endpoint's new state, on a change
	text  string // an arrow's label, a call or a note
	dir   byte   // '<' a segment arrives, '>' one is sent, 0 no arrow
	mark  bool
}

const (
	stateWidth = 12 // "SYN-RECEIVED"
	minArrow   = 44
)

// Ladder writes the trace as a ladder diagram in text.
func (t *Trace) Ladder(w io.Writer) error {
	rungs := t.rungs()
	width := minArrow
	for _, r := range rungs {
		if r.dir != 0 {
			width = max(width, len(r.text)+12)
		}
	}
	b := bufio.NewWriter(w)
	t.ladderHeader(b, width)
	for _, r := range rungs {
		writeRung(b, &r, width, t.Failure.Name())
	}
	t.ladderFooter(b)
	return b.Flush()
}

func (t *Trace) ladderHeader(b *bufio.Writer, width int) {
	open := "active open"
	if t.Passive {
		open = "passive open"
	}
	b.WriteString("endpoint " + t.Local.String() + " (" + open + ", ISN " + strconv.FormatUint(uint64(t.ISN), 10) +
		"; its sequence numbers relative to it), peer " + t.Remote.String() + " (injected; numbers as sent)\n\n")
	left := "endpoint"
	b.WriteString(pad("time (s)", 10) + "  " + pad("state", stateWidth) + " " + left +
		strings.Repeat(" ", width+2-len(left)-4) + "peer\n")
}

func (t *Trace) ladderFooter(b *bufio.Writer) {
	f := &t.Failure
	switch {
	case t.Marked < 0 && f.Kind == NoFailure:
		b.WriteString("\nno invariant broken\n")
		return
	case t.Marked < 0:
		b.WriteString("\n<== " + f.Name() + " (not at an event of this exchange): " + f.Message + "\n")
		return
	}
	at := strconv.FormatFloat(float64(t.Events[t.Marked].Time)/1e9, 'f', 6, 64)
	b.WriteString("\n<== " + f.Name() + " at event " + strconv.Itoa(t.Marked) + " (" + at + " s): " + f.Message + "\n")
}

// writeRung writes one row: time, state column, the endpoint's line, the
// arrow or text, the peer's line, and the marker.
func writeRung(b *bufio.Writer, r *rung, width int, name string) {
	b.WriteString(pad(strconv.FormatFloat(float64(r.time)/1e9, 'f', 6, 64), 10) + "  ")
	b.WriteString(pad(r.state, stateWidth) + " |")
	switch r.dir {
	case '<':
		fill := width - len(r.text) - 3
		b.WriteString("<" + strings.Repeat("-", fill/2) + " " + r.text + " " + strings.Repeat("-", fill-fill/2) + "|")
	case '>':
		fill := width - len(r.text) - 3
		b.WriteString(strings.Repeat("-", fill/2) + " " + r.text + " " + strings.Repeat("-", fill-fill/2) + ">|")
	default:
		b.WriteString(pad(" "+r.text, width) + "|")
	}
	if r.mark {
		b.WriteString("  <== " + name)
	}
	b.WriteByte('\n')
}

// pad right-pads s with spaces to n characters.
func pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}

// rungs turns the events into rows. A timer that did nothing is left out.
func (t *Trace) rungs() []rung {
	var out []rung
	var iss seq.Num
	for i := range t.Events {
		ev := &t.Events[i]
		r := rung{time: ev.Time, mark: i == t.Marked}
		switch ev.Kind {
		case observe.Input:
			r.dir, r.text = '<', segmentLabel(ev.Seg, script.Inbound, iss)
		case observe.Output:
			if ev.Seg.Flags.Has(segment.SYN) {
				iss = ev.Seg.Seq
			}
			r.dir, r.text = '>', segmentLabel(ev.Seg, script.Outbound, iss)
		case observe.Change:
			r.state = ev.To.String()
		case observe.Call:
			r.text = callText(ev)
		case observe.Notify:
			r.text = "app told: " + noteText(ev.Note, ev.Err)
		case observe.Tick:
			if !r.mark && !t.tickDidSomething(i) {
				continue
			}
			r.text = "timers run"
		}
		out = append(out, r)
	}
	return out
}

// tickDidSomething reports whether the Tick at i changed the state or sent
// a segment.
func (t *Trace) tickDidSomething(i int) bool {
	for j := i + 1; j < len(t.Events); j++ {
		switch t.Events[j].Kind {
		case observe.Change, observe.Output, observe.Notify:
			return true
		case observe.Input, observe.Call, observe.Tick:
			return false
		}
	}
	return false
}

// segmentLabel writes a segment as a script line would, without the
// direction: the endpoint's numbers relative to iss.
func segmentLabel(g *segment.Segment, dir script.Direction, iss seq.Num) string {
	pk := script.Packet{Dir: dir, Flags: g.Flags & flagMask, Len: seq.Size(len(g.Payload)),
		HasWin: true, Win: g.Window, HasUrg: g.Flags.Has(segment.URG), Urg: g.Urgent}
	if dir == script.Outbound {
		pk.Seq, pk.Ack, pk.HasAck = g.Seq-iss, g.Ack, g.Flags.Has(segment.ACK)
	} else {
		pk.Seq, pk.Ack, pk.HasAck = g.Seq, g.Ack-iss, g.Flags.Has(segment.ACK) || g.Ack != 0
	}
	line := script.Line{Event: &pk}
	b := line.AppendText(nil)[2:] // drop "< "
	if odd := g.Flags &^ flagMask; odd != 0 {
		b = append(append(b, " +"...), odd.String()...)
	}
	if g.Options.Len() > 0 {
		b = append(g.Options.AppendText(append(b, " <"...)), '>')
	}
	return string(b)
}

// callText writes an application call and its outcome.
func callText(ev *observe.Event) string {
	s := ev.Op.String() + "()"
	if ev.Op == observe.OpSend || ev.Op == observe.OpRecv {
		s += " = " + strconv.Itoa(ev.N)
	}
	if ev.Err != observe.ErrNone {
		s += " (" + ev.Err.String() + ")"
	}
	return s
}

var noteNames = [...]string{"connected", "readable", "peer closed", "reset", "closed", "error"}

// noteText names the notes of n.
func noteText(n observe.Note, e observe.Err) string {
	var parts []string
	for i, name := range noteNames {
		if n&(1<<i) != 0 {
			parts = append(parts, name)
		}
	}
	s := strings.Join(parts, ", ")
	if e != observe.ErrNone {
		s += " (" + e.String() + ")"
	}
	return s
}
