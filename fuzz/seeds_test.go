package fuzz

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"tcpcheck/convert"
	"tcpcheck/script"
)

// corpusDirs hold the scripts every target replays as seeds: the
// hand-written corpus, the generated seeds and the shrunk regressions.
var corpusDirs = []string{"../corpus/scripts", "../corpus/seeds", "../corpus/regressions"}

// corpusScripts parses every .pkt file under corpusDirs (absent
// directories are fine), in path order.
func corpusScripts(tb testing.TB) []*script.Script {
	tb.Helper()
	var paths []string
	for _, dir := range corpusDirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".pkt") {
				paths = append(paths, path)
			}
			if os.IsNotExist(err) {
				return nil
			}
			return err
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	sort.Strings(paths)
	out := make([]*script.Script, 0, len(paths))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		s, err := script.Parse(p, src)
		if err != nil {
			tb.Fatalf("corpus script: %v", err)
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		tb.Fatal("no corpus scripts found")
	}
	return out
}

// addCorpus adds the seeds of every corpus script for the named target,
// encoded by its converter. Scripts the converter cannot use are logged.
func addCorpus(f *testing.F, name string) {
	f.Helper()
	tg, ok := convert.Lookup(name)
	if !ok {
		f.Fatalf("no converter for %s", name)
	}
	added, unused := 0, 0
	for _, s := range corpusScripts(f) {
		seeds, err := tg.FromScript(s)
		if err != nil {
			unused++
			f.Logf("%s: not a seed: %v", name, err)
			continue
		}
		for _, b := range seeds {
			f.Add(b)
			added++
		}
	}
	if added == 0 {
		f.Fatalf("%s: no corpus script gave a seed (%d unused)", name, unused)
	}
}
