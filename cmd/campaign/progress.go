package main

import (
	"fmt"
	"io"
)

// progress prints a target's go test output as it comes: one line per
// statistics report, go test's other lines indented as they are. On a
// terminal the statistics line is rewritten in place; otherwise no control
// codes are written.
type progress struct {
	w    io.Writer
	tty  bool
	name string
	open bool // a statistics line without its newline is on the terminal
}

func (p *progress) show(l Line, o *Outcome, raw string) {
	switch l.Kind {
	case LineProgress, LineBaseline:
		p.stats(l, o)
	case LinePass:
	default:
		p.end()
		fmt.Fprintf(p.w, "    %s\n", raw)
	}
}

func (p *progress) stats(l Line, o *Outcome) {
	var s string
	if l.Kind == LineBaseline {
		s = fmt.Sprintf("%s  elapsed %s  baseline coverage %d/%d", p.name, l.Elapsed, l.Done, l.Corpus)
		if l.Workers > 0 {
			s += fmt.Sprintf(", fuzzing with %d workers", l.Workers)
		}
	} else {
		s = fmt.Sprintf("%s  elapsed %s  execs %d (%d/s)  corpus %d  new %d", p.name, l.Elapsed, l.Execs, l.Rate, o.Corpus, o.New)
	}
	if !p.tty {
		fmt.Fprintf(p.w, "  %s\n", s)
		return
	}
	fmt.Fprintf(p.w, "\r\033[K  %s", s)
	p.open = true
}

// end finishes a statistics line left open on a terminal.
func (p *progress) end() {
	if p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
}
