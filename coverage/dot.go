package coverage

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"tcpcheck/observe"
)

// WriteDOT writes the state diagram as a Graphviz digraph: the eleven
// states, every Figure 5 edge labelled as the figure labels it plus its
// count (dashed and red when never taken), and every other change seen in
// blue, labelled with its causes. Edges are thicker the more often taken.
func WriteDOT(w io.Writer, c *Counts, title string) error {
	var b strings.Builder
	b.WriteString("digraph tcp_states {\n")
	fmt.Fprintf(&b, "  label=%s;\n  labelloc=t;\n  fontname=\"Helvetica\";\n", quote(title+
		"\nblack: RFC 9293 Figure 5 edge taken (count); red dashed: Figure 5 edge never taken;"+
		" blue: change seen that Figure 5 does not draw"))
	b.WriteString("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=10];\n")
	for s := 0; s < NumStates; s++ {
		fmt.Fprintf(&b, "  %s;\n", quote(observe.State(s).String()))
	}
	for _, e := range Figure5 {
		writeFigureEdge(&b, e, c.Edge(e.From, e.To))
	}
	for _, x := range Extras(c) {
		fmt.Fprintf(&b, "  %s -> %s [color=blue, fontcolor=blue, penwidth=%s, label=%s];\n",
			quote(x.From.String()), quote(x.To.String()), width(x.Total), quote(x.Label("\n")))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFigureEdge(b *strings.Builder, e Edge, n uint64) {
	label := e.Event + "\n/ " + e.Action
	if n == 0 {
		fmt.Fprintf(b, "  %s -> %s [style=dashed, color=red, fontcolor=red, label=%s];\n",
			quote(e.From.String()), quote(e.To.String()), quote(label+"\n(never)"))
		return
	}
	fmt.Fprintf(b, "  %s -> %s [penwidth=%s, label=%s];\n",
		quote(e.From.String()), quote(e.To.String()), width(n), quote(label+"\n("+strconv.FormatUint(n, 10)+")"))
}

// width grows with the logarithm of the count, from 1 to at most 5.
func width(n uint64) string {
	v := 1 + math.Log10(float64(n))/2
	return strconv.FormatFloat(math.Min(v, 5), 'f', 1, 64)
}

// quote makes s a DOT string: quotes and backslashes escaped, newlines as
// \n line breaks.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
