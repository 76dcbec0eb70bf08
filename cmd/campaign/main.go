package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is the command line, checked.
type config struct {
	all          []Target // -targets: every target, whose corpora the coverage report replays
	targets      []Target // the targets to fuzz: -only, or all
	fuzzTime     string
	minimize     string
	budget       time.Duration
	parallel     int
	findings     string
	out          string
	corpus       string
	goCmd        string
	coverageOnly bool
	noCoverage   bool
}

var fuzzTimeRE = regexp.MustCompile(`^[0-9]+x$`)

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("campaign", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var list, only string
	var grace time.Duration
	fs.StringVar(&list, "targets", "", "every fuzz target, as pkg:FuzzName separated by spaces (the Makefile's FUZZ_TARGETS)")
	fs.StringVar(&only, "only", "", "run only these targets (pkg:FuzzName or a FuzzName of -targets); empty: all")
	fs.StringVar(&c.fuzzTime, "fuzztime", "30s", "fuzzing time per target: a duration, or Nx for N executions")
	fs.StringVar(&c.minimize, "minimize", "200x", "budget for minimizing each new interesting input or crasher (go test -fuzzminimizetime): a duration, or Nx for N executions; go test's own default is 60s")
	fs.DurationVar(&grace, "grace", 5*time.Minute, "time allowed beyond -fuzztime (build, baseline, minimizing) before a target is stopped")
	fs.IntVar(&c.parallel, "parallel", runtime.NumCPU(), "fuzzing workers per target")
	fs.StringVar(&c.findings, "findings", "corpus/regressions", "where findings are written as scripts")
	fs.StringVar(&c.out, "out", "fuzz-out", "where the coverage report (coverage.dot, .svg, .png) is written")
	fs.StringVar(&c.corpus, "corpus", "corpus", "directory of .pkt scripts also replayed for the coverage report")
	fs.StringVar(&c.goCmd, "go", "go", "the go command")
	fs.BoolVar(&c.coverageOnly, "coverage-only", false, "do not fuzz: print the state-coverage report of the stored corpora")
	fs.BoolVar(&c.noCoverage, "no-coverage", false, "skip the state-coverage report")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	all, err := ParseTargets(list, nil)
	if err != nil {
		return nil, fmt.Errorf("-targets: %v", err)
	}
	c.all, c.targets = all, all
	if strings.TrimSpace(only) != "" {
		if c.targets, err = ParseTargets(only, all); err != nil {
			return nil, fmt.Errorf("-only: %v", err)
		}
	}
	d, err := time.ParseDuration(c.fuzzTime)
	switch {
	case err == nil && d > 0:
		c.budget = d + grace
	case err == nil || !fuzzTimeRE.MatchString(c.fuzzTime):
		return nil, fmt.Errorf("-fuzztime %q: want a positive duration (30s, 10m) or Nx", c.fuzzTime)
	default:
		c.budget = grace
	}
	if err := checkBudget(c.minimize); err != nil {
		return nil, fmt.Errorf("-minimize %q: %v", c.minimize, err)
	}
	if c.parallel < 1 {
		return nil, fmt.Errorf("-parallel %d: want at least 1", c.parallel)
	}
	return &c, nil
}

// checkBudget accepts what go test's -fuzzminimizetime takes: a duration
// (0 turns minimizing off) or Nx.
func checkBudget(s string) error {
	if fuzzTimeRE.MatchString(s) {
		return nil
	}
	if d, err := time.ParseDuration(s); err != nil || d < 0 {
		return errors.New("want a duration (0 for none, 10s) or Nx")
	}
	return nil
}

// run is the command: exit status 0 when every target ran clean, 1 on a
// finding or a failed target, 2 on bad usage or a missing target, 130 when
// interrupted.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "campaign: %v\n", err)
		return 2
	}
	mod, err := modulePath("go.mod")
	if err != nil {
		fmt.Fprintf(stderr, "campaign: %v (run it from the module root)\n", err)
		return 2
	}
	root, _ := os.Getwd()
	runner := ExecRunner{}
	code := 0
	if !cfg.coverageOnly {
		c := &Campaign{
			Targets: cfg.targets, FuzzTime: cfg.fuzzTime, Minimize: cfg.minimize, Budget: cfg.budget, Parallel: cfg.parallel,
			Go: cfg.goCmd, Root: root, Run: runner, Out: stdout, TTY: isTerminal(stdout),
			Findings: &findings{Root: root, Dir: cfg.findings, Go: cfg.goCmd, Run: runner,
				Convert: converter(), ShrinkTime: 2 * time.Minute, Out: stdout},
		}
		res := c.Execute(ctx)
		writeSummary(stdout, res)
		fmt.Fprintln(stdout)
		code = exitCode(res)
	}
	if !cfg.noCoverage && ctx.Err() == nil {
		if err := coverageReport(ctx, stdout, cfg, root, mod, runner); err != nil {
			fmt.Fprintf(stderr, "campaign: coverage: %v\n", err)
			code = max(code, 1)
		}
	}
	return code
}

// modulePath reads the module line of a go.mod file.
func modulePath(file string) (string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", file)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
