package sim

import (
	"strconv"

	"tcpcheck/observe"
	"tcpcheck/segment"
)

// NetEvent is something the network did to a segment.
type NetEvent uint8

// The network events of a trace.
const (
	NetNone       NetEvent = iota
	NetLost                // lost, when sent
	NetDuplicated          // a second copy was made, when sent
	NetCorrupted           // a corrupted copy failed the receiver's checksum and was dropped
	NetUnroutable          // no endpoint has the destination, or it has no such connection
)

var netNames = [...]string{"-", "lost", "duplicated", "corrupted", "unroutable"}

func (k NetEvent) String() string {
	if int(k) >= len(netNames) {
		return "?"
	}
	return netNames[k]
}

// TraceEvent is one event of a run: an observation of an endpoint (Kind
// set, as observe.Event) or a network event (Net set; Node is the sender).
type TraceEvent struct {
	Time Time
	Node int
	Kind observe.Kind
	Net  NetEvent
	// Seg is the segment's header and options (Payload nil, Checksum 0)
	// for Input, Output and network events; Len and Sum are its
	// payload's length and one's complement sum.
	Seg  segment.Segment
	Len  int
	Sum  uint16
	From observe.State
	To   observe.State
	Op   observe.Op
	N    int
	Err  observe.Err
	Note observe.Note

	hasSeg bool
}

// Trace is the sequence of events of a run, across all endpoints, in the
// order they happened. Sim.Trace's value is reused by the next Reset;
// Clone keeps one.
type Trace struct {
	Events []TraceEvent
}

// Clone returns a copy of t.
func (t *Trace) Clone() *Trace {
	return &Trace{Events: append([]TraceEvent(nil), t.Events...)}
}

// Trace returns the run's trace (empty unless Config.Trace is set).
func (s *Sim) Trace() *Trace { return &s.trace }

// add appends an endpoint's event.
func (t *Trace) add(node int, ev *observe.Event) {
	t.Events = append(t.Events, TraceEvent{
		Time: Time(ev.Time), Node: node, Kind: ev.Kind, From: ev.From, To: ev.To,
		Op: ev.Op, N: ev.N, Err: ev.Err, Note: ev.Note,
	})
	if ev.Seg != nil {
		t.Events[len(t.Events)-1].setSeg(ev.Seg)
	}
}

// setSeg copies a segment's header and summarises its payload.
func (e *TraceEvent) setSeg(g *segment.Segment) {
	e.Seg, e.hasSeg = *g, true
	e.Seg.Payload, e.Seg.Checksum = nil, 0
	e.Len, e.Sum = len(g.Payload), segment.Sum(g.Payload, 0)
}

// traceNet appends a network event about a segment from node (g may be
// nil when it no longer decodes).
func (s *Sim) traceNet(node int, k NetEvent, g *segment.Segment) {
	if !s.cfg.Trace {
		return
	}
	s.trace.Events = append(s.trace.Events, TraceEvent{Time: s.now, Node: node, Net: k})
	if g != nil {
		s.trace.Events[len(s.trace.Events)-1].setSeg(g)
	}
}

// AppendText appends a one-line description of the event.
func (e *TraceEvent) AppendText(b []byte) []byte {
	b = append(appendSeconds(b, e.Time), ' ')
	b = strconv.AppendInt(b, int64(e.Node), 10)
	if e.Net != NetNone {
		b = append(append(b, " net "...), e.Net.String()...)
	} else {
		b = append(append(b, ' '), e.Kind.String()...)
	}
	switch {
	case e.hasSeg:
		b = append(b, ' ')
		b = e.Seg.AppendText(b)
		if e.Len > 0 && e.Seg.Payload == nil {
			b = strconv.AppendInt(append(b, " payload "...), int64(e.Len), 10)
		}
	case e.Kind == observe.Change:
		b = append(append(append(append(b, ' '), e.From.String()...), " -> "...), e.To.String()...)
	case e.Kind == observe.Call:
		b = append(append(b, ' '), e.Op.String()...)
		b = strconv.AppendInt(append(b, " n "...), int64(e.N), 10)
		b = append(append(b, ' '), e.Err.String()...)
	case e.Kind == observe.Notify:
		b = strconv.AppendUint(append(b, " note "...), uint64(e.Note), 2)
		b = append(append(b, ' '), e.Err.String()...)
	}
	return b
}

// String returns the description AppendText writes.
func (e *TraceEvent) String() string { return string(e.AppendText(nil)) }
