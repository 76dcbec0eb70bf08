package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"tcpcheck/convert"
	"tcpcheck/coverage"
)

// coverageSources are the stored inputs of the endpoint targets among
// targets (testdata and the build cache's corpus) and the script corpus.
func coverageSources(targets []Target, root, mod, gocache, corpus string) []coverage.Source {
	var out []coverage.Source
	for _, t := range targets {
		if !coverage.IsEndpointTarget(t.Name) {
			continue
		}
		dirs := []string{filepath.Join(root, t.Pkg, "testdata", "fuzz", t.Name)}
		if gocache != "" {
			dirs = append(dirs, filepath.Join(gocache, "fuzz", filepath.FromSlash(path.Join(mod, t.Pkg)), t.Name))
		}
		out = append(out, coverage.Source{Target: t.Name, Dirs: dirs})
	}
	return append(out, coverage.Source{Dirs: []string{under(root, corpus)}})
}

// coverageReport replays the stored corpora, prints the state-coverage
// report to w and writes the diagram into cfg.out: coverage.dot, and
// coverage.svg and coverage.png when Graphviz is installed.
func coverageReport(ctx context.Context, w io.Writer, cfg *config, root, mod string, r Runner) error {
	gocache := goEnv(ctx, r, cfg.goCmd, root, "GOCACHE")
	start := time.Now()
	rep := coverage.NewReplayer()
	rep.ToScript = toScript
	var tallies []coverage.Tally
	for _, src := range coverageSources(cfg.all, root, mod, gocache, cfg.corpus) {
		t, err := rep.Replay(src, convert.ReadCorpusFile)
		if err != nil {
			return err
		}
		tallies = append(tallies, t)
	}
	if err := coverage.WriteReport(w, &rep.Counts, tallies); err != nil {
		return err
	}
	fmt.Fprintf(w, "(replayed in %s)\n", time.Since(start).Round(time.Millisecond))
	return writeDiagram(ctx, w, &rep.Counts, under(root, cfg.out), cfg.out)
}

// writeDiagram writes coverage.dot into dir and renders it when dot is on
// PATH; shown is dir as the user should read it.
func writeDiagram(ctx context.Context, w io.Writer, c *coverage.Counts, dir, shown string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var b bytes.Buffer
	title := "tcpcheck state coverage, " + time.Now().UTC().Format("2006-01-02 15:04 UTC")
	if err := coverage.WriteDOT(&b, c, title); err != nil {
		return err
	}
	dotFile := filepath.Join(dir, "coverage.dot")
	if err := os.WriteFile(dotFile, b.Bytes(), 0o644); err != nil {
		return err
	}
	dot, err := exec.LookPath("dot")
	if err != nil {
		fmt.Fprintf(w, "wrote %s/coverage.dot; Graphviz is not installed, so no SVG or PNG "+
			"(sudo apt-get install graphviz, then make coverage)\n", shown)
		return nil
	}
	for _, format := range []string{"svg", "png"} {
		out, err := exec.CommandContext(ctx, dot, "-T"+format, "-o", filepath.Join(dir, "coverage."+format), dotFile).CombinedOutput()
		if err != nil {
			return fmt.Errorf("dot -T%s: %v %s", format, err, strings.TrimSpace(string(out)))
		}
	}
	fmt.Fprintf(w, "wrote %s/coverage.dot, coverage.svg, coverage.png\n", shown)
	return nil
}

// goEnv returns `go env NAME`, or "" when it cannot be run.
func goEnv(ctx context.Context, r Runner, goCmd, dir, name string) string {
	var v string
	if exit, err := r.Run(ctx, dir, goCmd, []string{"env", name}, func(s string) { v = strings.TrimSpace(s) }); err != nil || exit != 0 {
		return ""
	}
	return v
}
