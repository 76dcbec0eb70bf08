package coverage

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"tcpcheck/observe"
)

// Uncovered is how the table prints a cell or edge never exercised.
const Uncovered = "--"

// WriteTable prints the (state, kind) table: a row per state, a column per
// Kind, each cell the number of segments of that kind that arrived in that
// state, Uncovered where none did, with row and column totals and the share
// of cells covered.
func WriteTable(w io.Writer, c *Counts) error {
	var b strings.Builder
	const first = 13
	fmt.Fprintf(&b, "%-*s", first, "state")
	for k := Kind(0); k < NumKinds; k++ {
		fmt.Fprintf(&b, "%9s", k)
	}
	fmt.Fprintf(&b, "%10s\n", "total")
	var cols [NumKinds]uint64
	for s := 0; s < NumStates; s++ {
		fmt.Fprintf(&b, "%-*s", first, observe.State(s))
		var row uint64
		for k := range c.Cells[s] {
			n := c.Cells[s][k]
			row += n
			cols[k] += n
			fmt.Fprintf(&b, "%9s", cell(n))
		}
		fmt.Fprintf(&b, "%10d\n", row)
	}
	fmt.Fprintf(&b, "%-*s", first, "total")
	for _, n := range cols {
		fmt.Fprintf(&b, "%9d", n)
	}
	fmt.Fprintf(&b, "%10d\n", c.Segments())
	hit, total := c.CellsHit()
	fmt.Fprintf(&b, "cells covered: %d of %d (%s); %s marks a cell no input reached\n",
		hit, total, percent(hit, total), Uncovered)
	_, err := io.WriteString(w, b.String())
	return err
}

func cell(n uint64) string {
	if n == 0 {
		return Uncovered
	}
	return strconv.FormatUint(n, 10)
}

func percent(n, d int) string {
	if d == 0 {
		return "0.0%"
	}
	return strconv.FormatFloat(100*float64(n)/float64(d), 'f', 1, 64) + "%"
}

// WriteEdges prints the transitions: every edge of Figure 5 with its count
// (UNCOVERED when never taken), then every other change seen, with its
// causes.
func WriteEdges(w io.Writer, c *Counts) error {
	var b strings.Builder
	hit := 0
	for _, e := range Figure5 {
		if c.Edge(e.From, e.To) > 0 {
			hit++
		}
	}
	fmt.Fprintf(&b, "RFC 9293 Figure 5 transitions covered: %d of %d (%s)\n", hit, len(Figure5), percent(hit, len(Figure5)))
	for _, e := range Figure5 {
		n := c.Edge(e.From, e.To)
		mark := ""
		if n == 0 {
			mark = "  UNCOVERED"
		}
		fmt.Fprintf(&b, "  %-12s -> %-12s %-36s %8s%s\n", e.From, e.To, e.Label(), cell(n), mark)
	}
	extra := Extras(c)
	fmt.Fprintf(&b, "transitions seen that Figure 5 does not draw: %d\n", len(extra))
	for _, x := range extra {
		fmt.Fprintf(&b, "  %-12s -> %-12s %s\n", x.From, x.To, x.Label(", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Extra is a change seen that Figure 5 does not draw, with its counts by
// cause.
type Extra struct {
	From, To observe.State
	Total    uint64
	ByCause  [NumCauses]uint64
}

// Label lists the causes with their counts, separated by sep, and the
// Figure 5 note that allows the change where one does.
func (x *Extra) Label(sep string) string {
	var parts []string
	for k, n := range x.ByCause {
		if n == 0 {
			continue
		}
		p := Cause(k).String() + " " + strconv.FormatUint(n, 10)
		if OriginOf(x.From, x.To, Cause(k)) == OriginNotes {
			p += noteOf(x.From, x.To)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, sep)
}

func noteOf(from, to observe.State) string {
	if from == observe.FinWait1 && to == observe.TimeWait {
		return " (note 2)"
	}
	return " (note 3)"
}

// Extras returns the changes counted in c that are not Figure 5 edges, in
// (from, to) order.
func Extras(c *Counts) []Extra {
	var out []Extra
	for f := 0; f < NumStates; f++ {
		for t := 0; t < NumStates; t++ {
			from, to := observe.State(f), observe.State(t)
			n := c.Edge(from, to)
			if n == 0 || inFigure5(from, to) {
				continue
			}
			out = append(out, Extra{From: from, To: to, Total: n, ByCause: c.Edges[f][t]})
		}
	}
	return out
}
