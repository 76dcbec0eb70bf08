package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"tcpcheck/capture"
	"tcpcheck/wirecheck"
)

// tcpcheck check [-v] FILE|DIR...
//
// Checks the TCP connections of packet captures (pcap, pcapng; a directory
// stands for the captures directly in it, see capture.Files) with
// wirecheck: each file gets a line, each connection a line "#N CLIENT >
// SERVER frames FIRST-LAST (COUNT) VERDICT" (A <> B when the capture does
// not show who opened), then its findings as "frame N: CLASS (KIND):
// MONITOR at ENDPOINT: message", RFC violations apart from capture
// problems (beyond the first two of a monitor at an endpoint, and for
// monitor findings the capture did not let wirecheck judge, one summing-up
// line each); then a summary. -v prints every finding in full, which
// monitors apply to a wire-only view and, per connection, the inferred
// final states and which monitors ran. Exit status: 2 when an input is missing, not a capture,
// unreadable or without TCP ("ERROR FILE: frame N (record at byte B):
// ..."; the other files are still checked), else 1 when some connection
// violates an RFC rule, else 0.

const checkUsage = "usage: tcpcheck check [-v] FILE.pcap|DIR..."

// maxFindings is how many findings of a connection are printed without -v.
const maxFindings = 12

func checkCmd(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	verbose := fl.Bool("v", false, "list monitor applicability, inferred states and every finding")
	if err := fl.Parse(args); err != nil {
		fmt.Fprintf(stderr, "tcpcheck: %v; %s\n", err, checkUsage)
		return 2
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, checkUsage)
		return 2
	}
	if *verbose {
		printApplicability(stdout)
	}
	var t checkTotals
	for _, arg := range fl.Args() {
		files := []string{arg}
		if st, err := os.Stat(arg); err == nil && st.IsDir() {
			if files, err = capture.Files(arg); err == nil && len(files) == 0 {
				err = fmt.Errorf("%s: no capture files (%s)", arg, strings.Join(capture.Patterns, " "))
			}
			if err != nil {
				fmt.Fprintf(stdout, "ERROR %v\n", err)
				t.errors++
				continue
			}
		}
		for _, f := range files {
			rep, err := wirecheck.CheckFile(f, nil)
			if rep != nil && (err == nil || len(rep.Conns)+len(rep.Findings) > 0) {
				printReport(stdout, rep, *verbose)
				t.add(rep)
			}
			if err != nil {
				fmt.Fprintf(stdout, "ERROR %v\n", err)
				t.errors++
			}
		}
	}
	fmt.Fprintf(stdout, "%s, %s: %d ok, %d capture incomplete, %d violate an RFC rule; %s, %s; %s\n",
		plural(t.files, "file"), plural(t.conns, "connection"), t.verdicts[wirecheck.OK],
		t.verdicts[wirecheck.Incomplete], t.verdicts[wirecheck.Violation], plural(t.rfc, "RFC violation"),
		plural(t.capture, "capture problem"), plural(t.errors, "error"))
	switch {
	case t.errors > 0:
		return 2
	case t.rfc > 0:
		return 1
	}
	return 0
}

type checkTotals struct {
	files, conns, rfc, capture, errors int
	verdicts                           [3]int
}

func (t *checkTotals) add(r *wirecheck.Report) {
	t.files++
	t.conns += len(r.Conns)
	for _, c := range r.Conns {
		t.verdicts[c.Verdict()]++
	}
	rfc, capt := r.Count()
	t.rfc += rfc
	t.capture += capt
}

func printApplicability(w io.Writer) {
	fmt.Fprintln(w, "monitors on a wire-only view:")
	for _, a := range wirecheck.Applicability() {
		use := a.Use.String()
		switch {
		case !a.Registered:
			use = "not registered yet; " + use
		case !a.InTable:
			use = "not run"
		}
		if a.Inputs && a.Use != wirecheck.Skip {
			use += ", judged at both ends of the capture-point range"
		}
		fmt.Fprintf(w, "  %-27s %s: %s\n", a.Name, use, a.Why)
	}
}

func printReport(w io.Writer, r *wirecheck.Report, verbose bool) {
	rfc, capt := r.Count()
	fmt.Fprintf(w, "%s: %s, %s, %s; %s, %s\n", r.File, plural(r.Frames, "frame"),
		plural(r.Segments, "TCP segment"), plural(len(r.Conns), "connection"), plural(rfc, "RFC violation"),
		plural(capt, "capture problem"))
	for i := range r.Findings {
		fmt.Fprintf(w, "    %s\n", r.Findings[i].String())
	}
	for _, c := range r.Conns {
		sep := " > "
		if !c.Opened {
			sep = " <> "
		}
		fmt.Fprintf(w, "  #%d %s%s%s frames %d-%d (%d) %s\n", c.ID, c.Ends[0], sep, c.Ends[1],
			c.Frames[0], c.Frames[len(c.Frames)-1], len(c.Frames), c.Verdict())
		if verbose {
			printConnDetail(w, c)
		}
		for _, e := range c.Errors {
			fmt.Fprintf(w, "    monitor error: %s\n", e)
		}
		printFindings(w, c, verbose)
	}
}

// printFindings prints a connection's findings in frame order. Without -v
// it prints at most maxFindings of them, the first two RFC violations of
// each monitor at each endpoint, and sums up the rest in a line per
// monitor, endpoint and class, as it does the monitor findings that the
// capture did not let it judge.
func printFindings(w io.Writer, c *wirecheck.Conn, verbose bool) {
	type group struct {
		class   wirecheck.Class
		kind    wirecheck.Kind
		monitor string
		end     int
	}
	seen := map[group]int{}
	more := map[group][]string{}
	var order []group
	lines := 0
	for i := range c.Findings {
		f := &c.Findings[i]
		if verbose {
			printFinding(w, c, f)
			continue
		}
		g := group{f.Class, f.Kind, f.Monitor, f.Endpoint}
		seen[g]++
		if f.Monitor != "" && (f.Class == wirecheck.Capture || seen[g] > 2) || lines == maxFindings {
			if len(more[g]) == 0 {
				order = append(order, g)
			}
			more[g] = append(more[g], fmt.Sprint(f.Frame))
			continue
		}
		printFinding(w, c, f)
		lines++
	}
	for _, g := range order {
		fr := more[g]
		if len(fr) > 8 {
			fr = append(fr[:8:8], "...")
		}
		what := g.class.String()
		if g.kind != "" {
			what += " (" + string(g.kind) + ")"
		}
		switch {
		case g.monitor == "":
			fmt.Fprintf(w, "    and %d more %s findings (frames %s; -v lists them)\n", len(more[g]), what, strings.Join(fr, ", "))
		case g.class == wirecheck.Capture:
			fmt.Fprintf(w, "    not judged, %s: %s at %s %s flagged %s (frames %s; -v shows why)\n", what, g.monitor,
				c.Name(g.end), c.Ends[g.end], plural(len(more[g]), "segment"), strings.Join(fr, ", "))
		default:
			fmt.Fprintf(w, "    and %d more %ss of %s at %s %s (frames %s)\n", len(more[g]), what, g.monitor,
				c.Name(g.end), c.Ends[g.end], strings.Join(fr, ", "))
		}
	}
}

func printConnDetail(w io.Writer, c *wirecheck.Conn) {
	fmt.Fprintf(w, "    inferred states at the end: %s %s, %s %s; handshake captured: %v\n",
		c.Name(0), c.Views[0].Final, c.Name(1), c.Views[1].Final, c.Handshake)
	var ran, not []string
	for _, m := range c.Monitors {
		if m.Ran {
			ran = append(ran, m.Name)
		} else if !strings.HasPrefix(m.Why, "not in wirecheck's table") {
			not = append(not, m.Name)
		} else {
			not = append(not, m.Name+" (not in the table)")
		}
	}
	fmt.Fprintf(w, "    ran: %s; not run: %s\n", list(ran), list(not))
}

func printFinding(w io.Writer, c *wirecheck.Conn, f *wirecheck.Finding) {
	g := *f
	if g.Monitor != "" && g.Endpoint >= 0 {
		g.Monitor += " at " + c.Name(g.Endpoint) + " " + c.Ends[g.Endpoint].String()
	}
	fmt.Fprintf(w, "    %s\n", g.String())
}

func list(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// plural formats "1 file", "2 files".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
