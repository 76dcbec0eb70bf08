package shrink

import (
	"tcpcheck/script"
	"tcpcheck/seq"
)

// simplifyLines runs the simplification passes over a script's lines once:
// absolute times, then, line by line, the options, flags, payload and
// window of '<' lines and rounder times. A change stays when the script
// still fails the same way.
func simplifyLines(w *linesWorld, items []script.Line) []script.Line {
	w.s.begin("absolute", len(items))
	if abs, ok := absoluteTimes(items); ok && w.fails(abs) {
		items = abs
	}
	w.s.begin("packets", len(items))
	for i := range items {
		if pk, ok := items[i].Event.(*script.Packet); ok && pk.Dir == script.Inbound {
			simplifyPacket(w, items, i)
		}
	}
	w.s.begin("time", len(items))
	for i := range items {
		roundLineTime(w, items, i)
	}
	return items
}

// tryLine replaces line i with l and keeps it if the script still fails.
func tryLine(w *linesWorld, items []script.Line, i int, l script.Line) bool {
	old := items[i]
	items[i] = l
	if w.fails(items) {
		return true
	}
	items[i] = old
	return false
}

// tryPacket replaces the packet of line i with pk.
func tryPacket(w *linesWorld, items []script.Line, i int, pk script.Packet) bool {
	l := items[i]
	l.Event = &pk
	return tryLine(w, items, i, l)
}

// simplifyPacket drops options, clears flags (leaving at least one, as the
// notation needs), shortens the payload and offers the largest window.
func simplifyPacket(w *linesWorld, items []script.Line, i int) {
	cur := func() script.Packet { return *items[i].Event.(*script.Packet) }
	if pk := cur(); pk.OptForm != script.OptNone {
		pk.OptForm, pk.Options = script.OptNone, nil
		if !tryPacket(w, items, i, pk) {
			for j := len(cur().Options) - 1; j >= 0; j-- {
				pk := cur()
				pk.Options = append(append([]script.TCPOption(nil), pk.Options[:j]...), pk.Options[j+1:]...)
				tryPacket(w, items, i, pk)
			}
		}
	}
	for _, f := range flagOrder {
		if pk := cur(); pk.Flags&f != 0 && pk.Flags&^f&flagMask != 0 {
			pk.Flags &^= f
			tryPacket(w, items, i, pk)
		}
	}
	for {
		pk := cur()
		if pk.Len == 0 {
			break
		}
		done := true
		for _, n := range []seq.Size{0, 1, pk.Len / 2, pk.Len - 1} {
			if n < pk.Len {
				next := pk
				next.Len = n
				if tryPacket(w, items, i, next) {
					done = false
					break
				}
			}
		}
		if done {
			break
		}
	}
	if pk := cur(); !pk.HasWin || pk.Win != 65535 {
		pk.HasWin, pk.Win = true, 65535
		tryPacket(w, items, i, pk)
	}
}

// absoluteTimes writes every time as absolute, when the lines have only
// plain absolute and relative times (no ranges, blocking calls or "*"):
// a line no longer moves when one before it goes.
func absoluteTimes(items []script.Line) ([]script.Line, bool) {
	out := append([]script.Line(nil), items...)
	var now int64
	changed := false
	for i := range out {
		t := &out[i].Time
		if t.Kind == script.NoTime {
			continue
		}
		if t.Range || t.Blocking || t.Kind == script.AnyTime {
			return nil, false
		}
		if t.Kind == script.Relative {
			t.Kind, t.Usecs, changed = script.Absolute, now+t.Usecs, true
		}
		now = t.Usecs
	}
	return out, changed
}

// roundLineTime rounds an absolute time to whole seconds, tenths,
// hundredths or milliseconds, the coarsest that keeps the failure and the
// order of the lines.
func roundLineTime(w *linesWorld, items []script.Line, i int) {
	t := items[i].Time
	if t.Kind != script.Absolute || t.Range || t.Blocking {
		return
	}
	lo, hi := int64(0), int64(1<<62)
	for j := i - 1; j >= 0; j-- {
		if p := items[j].Time; p.Kind == script.Absolute {
			lo = p.Usecs
			break
		}
	}
	for j := i + 1; j < len(items); j++ {
		if n := items[j].Time; n.Kind == script.Absolute {
			hi = n.Usecs
			break
		}
	}
	for _, u := range []int64{1_000_000, 100_000, 10_000, 1_000} {
		if t.Usecs%u == 0 {
			return
		}
		for _, v := range []int64{t.Usecs / u * u, (t.Usecs + u - 1) / u * u} {
			if v < lo || v > hi {
				continue
			}
			l := items[i]
			l.Time.Usecs = v
			if tryLine(w, items, i, l) {
				return
			}
		}
	}
}
