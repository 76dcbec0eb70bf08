// Command corpusgen writes tcpcheck's generated seed scripts: every seed of
// corpus.Seeds, recorded from its open-world scenario on the reference
// endpoint, into one folder per family under corpus/seeds.
//
//	corpusgen [-dir corpus/seeds] [-check]
//
// The output is deterministic: running it twice writes the same files.
// .pkt files under the directory that no seed produces are removed, so the
// directory is exactly the generator's output. -check writes nothing and
// reports the files that differ from the generator's output (exit 1 if
// any). A seed on which the reference endpoint breaks a property is still
// written (its script stops at the violation) and reported; the exit status
// is then 1. Bad usage or an I/O error: one line on stderr, exit 2.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"tcpcheck/corpus"
)

const usage = "usage: corpusgen [-dir DIR] [-check]"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run executes the command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("corpusgen", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	dir := fl.String("dir", filepath.Join("corpus", corpus.SeedsDir), "the seeds directory")
	check := fl.Bool("check", false, "report files that differ from the generator's output; write nothing")
	if err := fl.Parse(args); err != nil || fl.NArg() != 0 {
		fmt.Fprintln(stderr, "corpusgen: bad arguments; "+usage)
		return 2
	}
	g := &gen{dir: *dir, check: *check, stdout: stdout, stderr: stderr}
	if err := g.all(); err != nil {
		fmt.Fprintln(stderr, "corpusgen:", err)
		return 2
	}
	fmt.Fprintf(stdout, "corpusgen: %d seeds, %d written, %d removed, %d differ, %d violations\n",
		g.seeds, g.written, g.removed, g.differ, g.violations)
	if g.violations > 0 || *check && (g.differ > 0 || g.removed > 0) {
		return 1
	}
	return 0
}

// gen writes (or checks) the seeds.
type gen struct {
	dir                                         string
	check                                       bool
	stdout, stderr                              io.Writer
	seeds, written, removed, differ, violations int
}

func (g *gen) all() error {
	want := map[string]bool{}
	for _, s := range corpus.Seeds() {
		g.seeds++
		text, v := s.Text()
		path := filepath.Join(g.dir, filepath.FromSlash(s.Path))
		want[path] = true
		if v != nil {
			g.violations++
			fmt.Fprintf(g.stderr, "corpusgen: %s: the reference endpoint violates %s\n", path, v)
		}
		if err := g.file(path, text); err != nil {
			return err
		}
	}
	return g.prune(want)
}

// file writes one seed unless it is already there as generated.
func (g *gen) file(path string, text []byte) error {
	old, err := os.ReadFile(path)
	if err == nil && bytes.Equal(old, text) {
		return nil
	}
	g.differ++
	if g.check {
		fmt.Fprintf(g.stdout, "differs: %s\n", path)
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	g.written++
	return os.WriteFile(path, text, 0o644)
}

// prune removes the .pkt files no seed produced.
func (g *gen) prune(want map[string]bool) error {
	var stale []string
	err := filepath.WalkDir(g.dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".pkt") && !want[path] {
			stale = append(stale, path)
		}
		if os.IsNotExist(err) {
			return nil
		}
		return err
	})
	for _, p := range stale {
		g.removed++
		if g.check {
			fmt.Fprintf(g.stdout, "not generated: %s\n", p)
			continue
		}
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return err
}
