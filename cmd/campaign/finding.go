package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Finding is one failing input and what the campaign made of it.
type Finding struct {
	Target  Target
	Crasher string   // the stored input, relative to the module root ("" for an f.Add seed)
	Script  string   // the script written, relative to the module root; "" when none
	Shrunk  bool     // Script is cmd/shrink's minimal form
	Notes   []string // what was done, or why not
	Repro   []string // commands that reproduce it, from the module root
}

// Converter turns a stored fuzz input into a packetdrill script.
type Converter interface {
	// Script returns the script text for the input of target stored in
	// file; ok is false when target has no script form.
	Script(target, file string) (text string, ok bool, err error)
}

// findings is the FindingHandler of make fuzz: convert the crasher into a
// script, shrink it with cmd/shrink when the module has it, write it into
// Dir, and say how to reproduce it. The crasher stays under testdata, so
// go test keeps replaying it.
type findings struct {
	Root       string // module root
	Dir        string // where scripts go, relative to Root (corpus/regressions)
	Go         string
	Run        Runner
	Convert    Converter // nil: no conversion available
	ShrinkTime time.Duration
	Out        io.Writer
}

// Handle implements FindingHandler.
func (h *findings) Handle(ctx context.Context, t Target, o *Outcome) []Finding {
	var out []Finding
	for _, p := range o.Crashers {
		out = append(out, h.one(ctx, t, path.Join(t.Pkg, filepath.ToSlash(p))))
	}
	for _, name := range o.SeedFailures {
		_, id, _ := strings.Cut(name, "/")
		file := path.Join(t.Pkg, "testdata", "fuzz", t.Name, id)
		if _, err := os.Stat(filepath.Join(h.Root, file)); err != nil {
			out = append(out, Finding{Target: t, Notes: []string{"a seed added with f.Add fails: fix the code or the seed"},
				Repro: []string{goTestRun(t, id)}})
			continue
		}
		out = append(out, h.one(ctx, t, file))
	}
	return out
}

// one handles the crasher at file (relative to Root, slash-separated).
func (h *findings) one(ctx context.Context, t Target, file string) Finding {
	file = path.Clean(file)
	f := Finding{Target: t, Crasher: file, Repro: []string{goTestRun(t, path.Base(file))}}
	script := path.Join(h.Dir, t.Name+"-"+path.Base(file)+".pkt")
	if h.shrink(ctx, &f, file, script) {
		return f
	}
	h.convert(&f, file, script)
	return f
}

// shrink runs cmd/shrink on the crasher; it reports whether a script was
// written.
func (h *findings) shrink(ctx context.Context, f *Finding, file, script string) bool {
	if _, err := os.Stat(filepath.Join(h.Root, "cmd", "shrink")); err != nil {
		f.note("not shrunk: no cmd/shrink in this module")
		return false
	}
	if err := os.MkdirAll(under(h.Root, h.Dir), 0o755); err != nil {
		f.note("not shrunk: cannot create %s: %v", h.Dir, err)
		return false
	}
	sctx, cancel := context.WithTimeout(ctx, h.ShrinkTime)
	defer cancel()
	var last string
	exit, err := h.Run.Run(sctx, h.Root, h.Go, []string{"run", "./cmd/shrink", "-q", "-o", script, file}, func(s string) {
		fmt.Fprintf(h.Out, "    shrink: %s\n", s)
		if strings.TrimSpace(s) != "" {
			last = strings.TrimSpace(s)
		}
	})
	switch {
	case err != nil:
		f.note("not shrunk: cmd/shrink did not finish: %v", err)
	case exit == 0:
		f.Script, f.Shrunk = script, true
		f.Repro = append([]string{"go run ./cmd/tcpcheck run " + script}, f.Repro...)
		f.note("shrunk by cmd/shrink into %s", script)
		return true
	case exit == 1:
		f.note("not shrunk: cmd/shrink says the input does not fail when replayed (%s)", last)
	default:
		f.note("not shrunk: cmd/shrink exit %d (%s)", exit, last)
	}
	return false
}

// convert writes the crasher, unshrunk, as a script.
func (h *findings) convert(f *Finding, file, script string) {
	if h.Convert == nil {
		f.note("no script conversion available; the crasher stays at %s", file)
		return
	}
	text, ok, err := h.Convert.Script(f.Target.Name, filepath.Join(h.Root, file))
	switch {
	case err != nil:
		f.note("cannot convert to a script: %v; the crasher stays at %s", err, file)
		return
	case !ok:
		f.note("%s has no script form; the crasher stays at %s", f.Target.Name, file)
		return
	}
	err = os.MkdirAll(under(h.Root, h.Dir), 0o755)
	if err == nil {
		err = os.WriteFile(under(h.Root, script), []byte(text), 0o644)
	}
	if err != nil {
		f.note("cannot write %s: %v", script, err)
		return
	}
	f.Script = script
	f.Repro = append([]string{"go run ./cmd/tcpcheck run " + script}, f.Repro...)
	f.note("converted, unshrunk, into %s", script)
}

func (f *Finding) note(format string, args ...any) {
	f.Notes = append(f.Notes, fmt.Sprintf(format, args...))
}

// goTestRun is the command go test prints to re-run a stored input.
func goTestRun(t Target, id string) string {
	return "go test " + t.Pkg + " -run=" + t.Name + "/" + id
}

// under is p, relative to root unless absolute.
func under(root, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(root, p)
}
