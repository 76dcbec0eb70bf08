package coverage

import (
	"fmt"
	"io"
	"strings"
)

// WriteReport prints what was replayed (a line per source), the (state,
// kind) table and the transitions.
func WriteReport(w io.Writer, c *Counts, tallies []Tally) error {
	var b strings.Builder
	total, skipped := 0, 0
	for _, t := range tallies {
		total += t.Replayed
		skipped += t.Skipped
	}
	fmt.Fprintf(&b, "State coverage: %d inputs replayed through the reference endpoint, %d skipped, %d segments\n",
		total, skipped, c.Segments())
	for _, t := range tallies {
		fmt.Fprintf(&b, "  %-22s %6d replayed %6d skipped\n", t.Source, t.Replayed, t.Skipped)
		if t.FirstErr != "" {
			fmt.Fprintf(&b, "  %-22s first skipped: %s\n", "", t.FirstErr)
		}
	}
	b.WriteByte('\n')
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if err := WriteTable(w, c); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	return WriteEdges(w, c)
}
