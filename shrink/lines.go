package shrink

import (
	"tcpcheck/runner"
	"tcpcheck/script"
)

// ScriptResult is a shrunk script that fails when runner.Run replays it.
type ScriptResult struct {
	Script  *script.Script
	Failure Failure
	// Failed is the index in Script.Lines of the line that fails, -1 for
	// a panic.
	Failed int
	Stats  Stats
}

// linesWorld is the predicate over a script's lines: runner.Run fails the
// same way, at the same line (the line that failed first stays last).
type linesWorld struct {
	opts runner.Options
	hdr  script.Options
	keep []script.Line // directives, kept first in every candidate
	last *script.Line  // the line that fails, kept last; nil for a panic
	want Failure
	s    *session
	cand script.Script
	key  []byte
}

func (w *linesWorld) build(lines []script.Line) *script.Script {
	w.cand.Options = w.hdr
	w.cand.Lines = append(append(w.cand.Lines[:0], w.keep...), lines...)
	if w.last != nil {
		w.cand.Lines = append(w.cand.Lines, *w.last)
	}
	return &w.cand
}

func (w *linesWorld) fails(lines []script.Line) bool {
	sc := w.build(lines)
	w.key = sc.AppendText(w.key[:0])
	return w.s.cached(w.s.hash(w.key), func() bool {
		f, at := RunScript(sc, w.opts)
		return w.want.Same(&f) && (w.last == nil || at == len(sc.Lines)-1)
	})
}

// ScriptLines shrinks a script that fails when runner.Run replays it with
// opts (a mismatch between the endpoint and the script's '>' lines or
// results, or a panic) to fewer and simpler lines that fail the same way
// at the same line. The line that fails stays, with the directives; ddmin
// removes the other lines ('<' lines, system calls, '>' lines, shell lines,
// and with them the time gaps they stood for), comments go, and the
// simplification passes drop the options, flags and payload of '<' lines,
// make times absolute and round them. It returns ErrNoFailure when the
// script passes; s is not changed.
func ScriptLines(s *script.Script, opts runner.Options, opt Options) (*ScriptResult, error) {
	s = numbered(s)
	w := &linesWorld{opts: opts, hdr: s.Options}
	var at int
	w.want, at = RunScript(s, opts)
	if w.want.Kind == NoFailure {
		return nil, ErrNoFailure
	}
	items := splitLines(w, s, at)
	w.s = newSession(opt, len(items))
	for round := 0; round < maxRounds && !w.s.spent(); round++ {
		before := string(w.build(items).AppendText(nil))
		w.s.begin("ddmin", len(items))
		items = ddmin(w.s, items, w.fails)
		items = simplifyLines(w, items)
		if before == string(w.build(items).AppendText(nil)) {
			break
		}
	}
	out := &script.Script{Options: s.Options}
	out.Lines = append(out.Lines, w.build(items).Lines...)
	res := &ScriptResult{Script: out}
	res.Failure, res.Failed = RunScript(out, opts)
	res.Stats = w.s.finish(len(items))
	return res, nil
}

// numbered returns s, or a copy of it whose lines have distinct positions
// (a recorded script has none), by which a failure names its line.
func numbered(s *script.Script) *script.Script {
	seen := make(map[script.Pos]bool, len(s.Lines))
	for i := range s.Lines {
		if seen[s.Lines[i].Pos] {
			c := &script.Script{Options: s.Options, Lines: append([]script.Line(nil), s.Lines...)}
			for j := range c.Lines {
				c.Lines[j].Pos = script.Pos{File: "script", Line: j + 1, Col: 1}
			}
			return c
		}
		seen[s.Lines[i].Pos] = true
	}
	return s
}

// splitLines sets the kept lines of w and returns the removable ones: the
// timed lines before the one that failed (all of them after a panic). The
// directives, wherever they stand, are kept.
func splitLines(w *linesWorld, s *script.Script, at int) []script.Line {
	end := len(s.Lines)
	if w.want.Kind != Panic && at >= 0 {
		end = at
		last := s.Lines[at]
		w.last = &last
	}
	var items []script.Line
	for i := range s.Lines {
		switch s.Lines[i].Event.(type) {
		case *script.Comment:
		case *script.Directive:
			w.keep = append(w.keep, s.Lines[i])
		default:
			if i < end {
				items = append(items, s.Lines[i])
			}
		}
	}
	return items
}
