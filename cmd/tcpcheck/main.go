// Command tcpcheck runs packetdrill scripts against tcpcheck's reference
// TCP endpoint, and checks the TCP connections of packet captures.
//
//	tcpcheck run [-v] [-strict] [-monitors=false] [-tolerance_usecs N] [-pcap OUT] [-expect FILE] FILE|DIR...
//	tcpcheck check [-v] FILE.pcap|DIR...
//
// check is described in check.go.
//
// Directories are searched recursively for .pkt files. Each script gets one
// line: "PASS FILE", "FAIL FILE:LINE: first mismatch" or "ERROR
// FILE:LINE:COL: ..." for a script that does not parse; then a summary line
// with the counts (passed, expected differences, failed and how many of
// those were monitor violations, errors), the skipped lines by kind and the
// mode (semantic or strict). The exit status is 0 when every script passed
// or differed as expected, 1 when some failed, 2 on bad usage or when some
// input could not be read or parsed (the other scripts still run) or a
// script passed unexpectedly.
//
// Every monitor of package properties watches every connection the
// script's sockets make (runner.Options.Monitor with properties.Sink): the
// first violation fails the script at the line being run, "FAIL FILE:LINE:
// MonitorName: message (event N at T s)", so a repro cmd/shrink wrote for a
// violation of the reference endpoint fails when replayed. A violation is
// a failure even in a script -expect lists. -monitors=false turns the
// monitors off and compares with the script only.
//
// -expect FILE names an expected-differences file: one line per script
// expected to fail, "BASENAME REASON" (the script's file name without
// .pkt, and a reason code such as those of docs/conformance.md), '#'
// starting a comment. A listed script that fails is reported as "EXPECTED
// FILE:LINE: first mismatch [REASON]" and counted as an expected
// difference; a listed script that passes is an error ("unexpected pass:
// remove it from FILE"), so that the file stays exact. A malformed FILE is
// reported as "tcpcheck: FILE:LINE: problem" (exit 2) before any script
// runs.
//
// -pcap OUT, valid only with a single script file, also writes every
// segment the run injected and sent to OUT as a raw-IP pcap (see
// capture.Writer), stamped PcapEpoch (2026-01-01T00:00:00Z) plus the
// virtual time since the start of the script. A failing script's pcap ends
// at the failure; failing to write OUT is an error (exit 2).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"tcpcheck/capture"
	"tcpcheck/properties"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
)

const usage = "usage: tcpcheck run [-v] [-strict] [-monitors=false] [-tolerance_usecs N] [-pcap OUT] [-expect FILE] FILE|DIR..."

// monitor is the check of each connection with -monitors: every monitor
// of package properties. Tests replace it.
var monitor = properties.Sink

// PcapEpoch is the time of a script's start in -pcap files.
var PcapEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func main() {
	os.Exit(cmd(os.Args[1:], os.Stdout, os.Stderr))
}

// cmd runs the command line args and returns the exit status.
func cmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "check" {
		return checkCmd(args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "run" {
		fmt.Fprintln(stderr, usage+" or "+checkUsage[len("usage: "):])
		return 2
	}
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	verbose := fl.Bool("v", false, "trace every event and segment")
	strict := fl.Bool("strict", false, "also compare windows, options and socket option values")
	tol := fl.Int64("tolerance_usecs", 0, "timing tolerance, overriding the scripts'")
	pcap := fl.String("pcap", "", "write the run of a single script file to this pcap file")
	expectFile := fl.String("expect", "", "expected-differences file: scripts expected to fail, with a reason")
	monitors := fl.Bool("monitors", true, "check every connection with every invariant monitor")
	if err := fl.Parse(args[1:]); err != nil {
		fmt.Fprintf(stderr, "tcpcheck: %v; %s\n", err, usage)
		return 2
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if *pcap != "" {
		if st, err := os.Stat(fl.Arg(0)); fl.NArg() != 1 || err == nil && st.IsDir() {
			fmt.Fprintln(stderr, "tcpcheck: -pcap needs exactly one script FILE, not a directory or several")
			return 2
		}
	}
	var expect *expectations
	if *expectFile != "" {
		var err error
		if expect, err = loadExpectations(*expectFile); err != nil {
			fmt.Fprintf(stderr, "tcpcheck: %v\n", err)
			return 2
		}
	}
	opts := runner.Options{Strict: *strict, ToleranceUsecs: *tol}
	if *monitors {
		opts.Monitor = monitor
	}
	if *verbose {
		opts.Trace = stdout
	}
	var c counts
	skipped := map[string]int{}
	for _, root := range fl.Args() {
		files, err := scripts(root)
		if err != nil {
			fmt.Fprintf(stdout, "ERROR %v\n", err)
			c.errors++
			continue
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				fmt.Fprintf(stdout, "ERROR %v\n", err)
				c.errors++
				continue
			}
			s, err := script.Parse(f, src)
			if err != nil {
				fmt.Fprintf(stdout, "ERROR %v\n", err)
				c.errors++
				continue
			}
			if *verbose {
				fmt.Fprintf(stdout, "== %s\n", f)
				for _, w := range s.Options.Warnings() {
					fmt.Fprintln(stdout, w)
				}
			}
			var pw *pcapWriter
			if *pcap != "" {
				if pw, err = newPcapWriter(*pcap); err != nil {
					fmt.Fprintf(stdout, "ERROR %v\n", err)
					c.errors++
					continue
				}
				opts.Capture = pw.write
			}
			res := runner.Run(s, opts)
			if pw != nil {
				if err := pw.close(); err != nil {
					fmt.Fprintf(stdout, "ERROR %v\n", err)
					c.errors++
				}
			}
			for k, n := range res.Skipped {
				skipped[k] += n
			}
			c.record(stdout, f, res, expect)
		}
	}
	mode := "semantic"
	if *strict {
		mode = "strict"
	}
	violations := "monitors off"
	if *monitors {
		violations = plural(c.violations, "monitor violation")
	}
	fmt.Fprintf(stdout, "%d passed, %d expected differences, %d failed (%s), %d errors; skipped lines: %s; mode %s\n",
		c.passed, c.expected, c.failed, violations, c.errors, kinds(skipped), mode)
	switch {
	case c.errors > 0:
		return 2
	case c.failed > 0:
		return 1
	}
	return 0
}

// counts are the numbers of the summary line.
type counts struct {
	passed, expected, failed, errors int
	violations                       int // failed by a monitor
}

// record prints the line of a script that ran and counts it. A script that
// x lists is an expected difference when it fails and an error when it
// passes, so that the expectations stay exact; a monitor violation is a
// failure even then, since x lists differences from the script, not broken
// invariants.
func (c *counts) record(w io.Writer, file string, res runner.Result, x *expectations) {
	reason := x.reason(file)
	switch {
	case res.Passed && reason != "":
		c.errors++
		fmt.Fprintf(w, "ERROR %s: unexpected pass: remove it from %s\n", file, x.file)
	case res.Passed:
		c.passed++
		fmt.Fprintf(w, "PASS %s\n", file)
	case reason != "" && !res.Failure.Violation:
		c.expected++
		fmt.Fprintf(w, "EXPECTED %s [%s]\n", res.Failure, reason)
	default:
		c.failed++
		if res.Failure.Violation {
			c.violations++
		}
		fmt.Fprintf(w, "FAIL %s\n", res.Failure)
	}
}

// pcapWriter writes a run to a pcap file for -pcap.
type pcapWriter struct {
	f   *os.File
	b   *bufio.Writer
	w   *capture.Writer
	err error // the first error
}

func newPcapWriter(name string) (*pcapWriter, error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	p := &pcapWriter{f: f, b: bufio.NewWriter(f)}
	if p.w, err = capture.NewWriter(p.b); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

// write is the runner's Options.Capture.
func (p *pcapWriter) write(at time.Duration, src, dst netip.AddrPort, seg *segment.Segment) {
	if p.err == nil {
		p.err = p.w.WriteSegment(PcapEpoch.Add(at), src, dst, seg)
	}
}

// close flushes and closes the file and returns the first error.
func (p *pcapWriter) close() error {
	err := p.err
	if e := p.b.Flush(); err == nil {
		err = e
	}
	if e := p.f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("%s: %w", p.f.Name(), err)
	}
	return nil
}

// scripts returns root if it is a file, else the .pkt files under it.
func scripts(root string) ([]string, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{root}, nil
	}
	var files []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".pkt") {
			files = append(files, p)
		}
		return err
	})
	return files, err
}

// kinds formats skipped-line counts as "sysctl 12, python 3", largest
// first, or "none".
func kinds(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
