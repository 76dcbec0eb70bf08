package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Campaign fuzzes its targets one after the other, each in its own go test
// invocation with anchored patterns, and collects what happened.
type Campaign struct {
	Targets  []Target
	FuzzTime string        // -fuzztime: a duration, or Nx for N executions
	Minimize string        // -fuzzminimizetime: each new input's minimizing budget; "": go test's default (60s)
	Budget   time.Duration // wall-clock limit per target (FuzzTime plus a grace period); 0: none
	Parallel int           // -parallel: fuzzing workers
	Go       string        // the go command
	Root     string        // the module root, where go test runs
	Run      Runner
	Findings FindingHandler // turns failing inputs into scripts; nil: keep them as they are
	Out      io.Writer      // progress and summary
	TTY      bool           // Out is a terminal: progress lines overwrite each other
}

// Result is what one target's run came to.
type Result struct {
	Target   Target
	Status   Status
	Outcome  Outcome
	Findings []Finding
	Err      error // why go test could not run, when it could not
}

// FindingHandler deals with the failing inputs of a target's run.
type FindingHandler interface {
	Handle(ctx context.Context, t Target, o *Outcome) []Finding
}

// Execute runs every target in turn and returns their results; targets not
// reached because ctx was cancelled are StatusNotRun.
func (c *Campaign) Execute(ctx context.Context) []Result {
	res := make([]Result, len(c.Targets))
	for i, t := range c.Targets {
		res[i] = Result{Target: t, Status: StatusNotRun}
	}
	for i, t := range c.Targets {
		if ctx.Err() != nil {
			break
		}
		fmt.Fprintf(c.Out, "== [%d/%d] %s %s (fuzztime %s)\n", i+1, len(c.Targets), t.Pkg, t.Name, c.FuzzTime)
		res[i] = c.runTarget(ctx, t)
		if res[i].Status == StatusFinding && c.Findings != nil {
			res[i].Findings = c.Findings.Handle(ctx, t, &res[i].Outcome)
		}
		fmt.Fprintf(c.Out, "   %s: %s\n", t.Name, verdict(&res[i]))
	}
	return res
}

// Args returns the go test arguments for t.
func (c *Campaign) Args(t Target) []string {
	args := []string{"test", t.Pkg, "-run=^$", "-fuzz=^" + t.Name + "$",
		"-fuzztime=" + c.FuzzTime, "-parallel=" + strconv.Itoa(c.Parallel)}
	if c.Minimize != "" {
		args = append(args, "-fuzzminimizetime="+c.Minimize)
	}
	return args
}

func (c *Campaign) runTarget(ctx context.Context, t Target) Result {
	tctx, cancel := ctx, context.CancelFunc(func() {})
	if c.Budget > 0 {
		tctx, cancel = context.WithTimeout(ctx, c.Budget)
	}
	defer cancel()
	r := Result{Target: t}
	p := &progress{w: c.Out, tty: c.TTY, name: t.Name}
	exit, err := c.Run.Run(tctx, c.Root, c.Go, c.Args(t), func(s string) {
		l := ParseLine(s)
		r.Outcome.Apply(l)
		p.show(l, &r.Outcome, s)
	})
	p.end()
	interrupted := ctx.Err() != nil
	timedOut := !interrupted && errors.Is(tctx.Err(), context.DeadlineExceeded)
	if err != nil && !interrupted && !timedOut {
		r.Err = err
	}
	r.Status = r.Outcome.status(exit, timedOut, interrupted)
	if r.Err != nil && r.Status == StatusOK {
		r.Status = StatusFailed
	}
	return r
}

// verdict is the line that closes a target's section.
func verdict(r *Result) string {
	o := &r.Outcome
	s := fmt.Sprintf("%s: %d execs in %s (%.0f/s), corpus %d (%d new)", r.Status, o.Execs, o.Elapsed, o.Rate(), o.Corpus, o.New)
	switch {
	case r.Err != nil:
		s += "; " + r.Err.Error()
	case r.Status == StatusTimeout:
		s += "; go test was stopped: it ran past FUZZTIME plus the grace period"
	case r.Status == StatusMissing:
		s += "; go test found no fuzz target of that name in " + r.Target.Pkg
	case r.Status == StatusBuildFailed:
		s += "; see the compiler's messages above"
	}
	return s
}
