// Command shrink reduces a failing TCP trace to a minimal repro: a
// packetdrill script, a ladder diagram, a pcap and a Go regression test.
//
//	shrink [flags] FILE        a script (.pkt), a native fuzz crasher, or a capture (pcap, pcapng)
//	shrink [flags] -sim SEED   a closed-world simulation with network faults
//
// The input is run to find how it fails (a monitor violation, a mismatch
// between the endpoint and a script, or a panic), then shrunk by delta
// debugging and simplification passes to a smaller input that fails the
// same way (package shrink). The kind of FILE is told by its content: a
// fuzz crasher starts "go test fuzz v1", a capture with pcap's, pcapng's or
// gzip's magic number; anything else is parsed as a script.
//
// Inputs:
//   - a script: its stimuli run against the reference endpoint with every
//     monitor, and the script replays with runner (tcpcheck run);
//   - a crasher: its target is the name of its folder
//     (testdata/fuzz/FuzzX/HASH) or -target; FuzzOpenWorld's is decoded
//     into its scenario, the other targets of package fuzz shrink as bytes
//     with the target's check;
//   - a capture: -conn N (wirecheck's numbering) or -tuple A:P-B:P picks a
//     connection (needed when there are several), -side client|server the
//     endpoint (default server), whose view becomes a script;
//   - -sim SEED: sim.Exchange of -bytes each way over a network with
//     -loss, -dup, -reorder, -corrupt, -delay and -jitter until -heal.
//
// Outputs: the minimal script to stdout or -o FILE, with a header naming
// the failure, the source, the endpoint's configuration and ISN and the
// replay command; the ladder diagram on stderr (unless -q) and in -ladder
// FILE; -pcap FILE, the run as a pcap; -gotest FILE, a Go test replaying
// it (package -gotest-pkg); -crasher FILE, a byte-level crasher's minimal
// input in go test's corpus format; -save, the script also in
// corpus/regressions/NAME-HASH.pkt of the module (or -save-dir). Progress
// lines go to stderr unless -q. -timeout and -max-calls bound the shrink.
//
// Exit status: 0 when a repro was written; 1 when the input does not fail;
// 2 on bad usage or bad input (a script that does not parse, a crasher of an
// unknown target, a capture without TCP), with one line on stderr and
// nothing written.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"tcpcheck/fsm"
	"tcpcheck/mutants"
	"tcpcheck/observe"
	"tcpcheck/shrink"
)

const usage = "usage: shrink [-o FILE] [-ladder FILE] [-pcap FILE] [-gotest FILE] [-crasher FILE] [-save] [-target NAME] [-conn N | -tuple A:P-B:P] [-side client|server] [-timeout D] [-max-calls N] [-mutant NAME] [-q] FILE | -sim SEED"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// endpointBuild makes the endpoint under test; nil, the reference
// endpoint, in the command. The tests plug deliberately broken endpoints in
// here (the open world's, and endpoint a of a simulation).
var endpointBuild func(fsm.Config) observe.Endpoint

// config is the command line.
type config struct {
	out, ladder, pcap, gotest, gotestPkg string
	crasher                              string
	save                                 bool
	saveDir                              string
	target                               string
	conn                                 int
	tuple, side                          string
	sim                                  simFlags
	timeout                              time.Duration
	maxCalls                             int
	mutant                               string
	quiet                                bool
	input                                string
}

// badInput is an error of the input or the command line: exit status 2.
type badInput struct{ err error }

func (b badInput) Error() string { return b.err.Error() }
func (b badInput) Unwrap() error { return b.err }

func bad(format string, args ...any) error { return badInput{fmt.Errorf(format, args...)} }

// run is the command: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args)
	if err != nil {
		fmt.Fprintf(stderr, "shrink: %v\n", err)
		return 2
	}
	opt := shrink.Options{Timeout: cfg.timeout, MaxCalls: cfg.maxCalls, Build: endpointBuild}
	if cfg.mutant != "" {
		m, ok := mutants.Lookup(cfg.mutant)
		if !ok {
			fmt.Fprintf(stderr, "shrink: -mutant %q: no such broken endpoint (want one of %s)\n", cfg.mutant, mutantNames())
			return 2
		}
		opt.Build = m.Build
	}
	if !cfg.quiet {
		opt.Progress = stderr
	}
	rep, err := load(cfg, opt)
	var b badInput
	switch {
	case errors.As(err, &b):
		fmt.Fprintf(stderr, "shrink: %v\n", err)
		return 2
	case errors.Is(err, shrink.ErrNoFailure):
		fmt.Fprintf(stderr, "shrink: %s: %v\n", cfg.name(), err)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "shrink: %s: %v\n", cfg.name(), err)
		return 2
	}
	if err := write(cfg, rep, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "shrink: %v\n", err)
		return 2
	}
	st := rep.Stats
	unit := rep.Unit
	if unit == "" {
		unit = "stimuli"
	}
	fmt.Fprintf(stderr, "shrink: %s: %d -> %d %s, %d runs (%d cached), %.3f s\n",
		rep.Failure.Name(), st.Original, st.Minimal, unit, st.Calls, st.CacheHits, st.Elapsed.Seconds())
	return 0
}

func (c *config) name() string {
	if c.input == "" {
		return "simulation seed " + c.sim.seed
	}
	return c.input
}

func parseFlags(args []string) (*config, error) {
	c := &config{}
	fl := flag.NewFlagSet("shrink", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	fl.StringVar(&c.out, "o", "", "write the minimal script to FILE instead of stdout")
	fl.StringVar(&c.ladder, "ladder", "", "write the ladder diagram to FILE")
	fl.StringVar(&c.pcap, "pcap", "", "write the minimal trace to FILE as a pcap")
	fl.StringVar(&c.gotest, "gotest", "", "write a Go regression test replaying the script to FILE")
	fl.StringVar(&c.crasher, "crasher", "", "write the minimal input of a byte-level fuzz crasher to FILE (go test's corpus format)")
	fl.StringVar(&c.gotestPkg, "gotest-pkg", "regressions", "package name of the -gotest file")
	fl.BoolVar(&c.save, "save", false, "also write the script to corpus/regressions/NAME-HASH.pkt")
	fl.StringVar(&c.saveDir, "save-dir", "", "the folder -save writes to (default corpus/regressions of the module)")
	fl.StringVar(&c.target, "target", "", "fuzz target of a crasher (default: the name of its folder)")
	fl.IntVar(&c.conn, "conn", 0, "capture: the connection's number, from 1 (default: the only one)")
	fl.StringVar(&c.tuple, "tuple", "", "capture: the connection's endpoints, A:PORT-B:PORT")
	fl.StringVar(&c.side, "side", "server", "capture: the endpoint to replay, client or server")
	c.sim.register(fl)
	fl.DurationVar(&c.timeout, "timeout", 2*time.Minute, "stop shrinking after this long (0: no bound)")
	fl.IntVar(&c.maxCalls, "max-calls", 0, "stop shrinking after this many runs (0: no bound)")
	fl.StringVar(&c.mutant, "mutant", "", "run the input against this deliberately broken endpoint of package mutants instead of the reference (to see the shrinker at work)")
	fl.BoolVar(&c.quiet, "q", false, "no progress or ladder on stderr")
	if err := fl.Parse(args); err != nil {
		return nil, fmt.Errorf("%v; %s", err, usage)
	}
	switch {
	case c.sim.seed != "" && fl.NArg() == 0:
	case c.sim.seed == "" && fl.NArg() == 1:
		c.input = fl.Arg(0)
	default:
		return nil, errors.New(usage)
	}
	if c.conn < 0 || c.maxCalls < 0 || c.timeout < 0 {
		return nil, errors.New("-conn, -max-calls and -timeout cannot be negative")
	}
	if c.gotestPkg == "" || strings.ContainsAny(c.gotestPkg, " ./") {
		return nil, fmt.Errorf("-gotest-pkg %q is not a package name", c.gotestPkg)
	}
	return c, nil
}

// mutantNames lists the broken endpoints -mutant accepts.
func mutantNames() string {
	var names []string
	for _, m := range mutants.All() {
		names = append(names, m.Name)
	}
	return strings.Join(names, ", ")
}
