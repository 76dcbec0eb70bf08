package sock

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// The events of the calls a stack makes on its endpoints, for Observe.

// change records a state change of the endpoint being called. One call
// makes a few; a listener filling its pool makes many, which belong to no
// connection and are dropped past the buffer's room.
func (w *watcher) change(now fsm.Time, from, to fsm.State) {
	if len(w.changes) < cap(w.changes) {
		w.changes = append(w.changes, observe.Event{Kind: observe.Change, Time: int64(now), From: observe.FromFSM(from), To: observe.FromFSM(to)})
	}
}

// idle ends a Stack.Tick: every open connection it did not tick had no
// timer due, and is told that time passed as a Tick that did nothing, as
// an endpoint's Tick called then would have done.
func (w *watcher) idle() {
	if w == nil {
		return
	}
	w.ev = observe.Event{Kind: observe.Tick, Time: int64(w.stack.Now)}
	for _, k := range w.order {
		if k.state != observe.Closed && k.tick != w.ticks {
			k.tick = w.ticks
			k.emit(&w.ev)
		}
	}
}

// flush reports one endpoint call, as observe.Probe would: the stimulus,
// the state changes, the segments sent, what the application learnt.
func (w *watcher) flush(k *watched, ep *fsm.Endpoint, r fsm.Result) {
	now := int64(w.stack.Now)
	if t := ep.Tuple(); t.RemotePort != 0 {
		k.tuple = t
	}
	if w.stim.kind == observe.Tick {
		k.tick = w.ticks
	}
	w.ev = observe.Event{Kind: w.stim.kind, Time: now}
	switch w.stim.kind {
	case observe.Input:
		w.ev.Seg, w.ev.Src, w.ev.Dst = w.stim.seg, w.stim.from, w.stack.local
	case observe.Call:
		w.ev.Op, w.ev.N, w.ev.Err = w.stim.op, w.stim.n, observe.FromReason(r.Err)
	}
	k.emit(&w.ev)
	for i := range w.changes {
		ch := &w.changes[i]
		if k.child && k.state == observe.Closed {
			break // what follows is the listener reusing the endpoint
		}
		k.state = ch.To
		k.emit(ch)
	}
	w.changes = w.changes[:0]
	for i := range r.Out {
		w.output(k, now, &r.Out[i])
	}
	if note := noteOf(r.Events); note != 0 {
		w.ev = observe.Event{Kind: observe.Notify, Time: now, Note: note, Err: observe.FromReason(r.Err)}
		k.emit(&w.ev)
	}
}

// output reports a segment sent, encoded with its checksum.
func (w *watcher) output(k *watched, now int64, g *segment.Segment) {
	src, dst := w.stack.local, k.tuple.RemoteAddr
	w.wire = g.AppendTo(w.wire[:0])
	if dst.IsValid() {
		_ = segment.FillChecksum(w.wire, src, dst)
	}
	w.ev = observe.Event{Kind: observe.Output, Time: now, Seg: g, Wire: w.wire, Src: src, Dst: dst}
	k.emit(&w.ev)
}

func (k *watched) emit(ev *observe.Event) { k.sink(ev) }

// notes maps the events of a Result to what the application is told.
var notes = [...]struct {
	ev   fsm.Events
	note observe.Note
}{{fsm.EvConnected, observe.NoteConnected}, {fsm.EvReadable, observe.NoteReadable}, {fsm.EvPeerClosed, observe.NotePeerClosed},
	{fsm.EvReset, observe.NoteReset}, {fsm.EvClosed, observe.NoteClosed}, {fsm.EvError, observe.NoteError}}

func noteOf(ev fsm.Events) observe.Note {
	var n observe.Note
	for _, m := range notes {
		if ev&m.ev != 0 {
			n |= m.note
		}
	}
	return n
}
