package corpus

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpcheck/runner"
	"tcpcheck/script"
)

// corpusDirs hold the scripts make test runs, relative to this package:
// the hand-written corpus, the generated seeds and the shrunk regressions.
var corpusDirs = []string{"scripts", SeedsDir, RegressionsDir}

// xfail returns the reason of a "tcpcheck: xfail" directive, if any.
func xfail(s *script.Script) (string, bool) {
	for _, l := range s.Lines {
		if d, ok := l.Event.(*script.Directive); ok && d.Key == "xfail" {
			return d.Value, true
		}
	}
	return "", false
}

// TestCorpus runs every script in semantic mode; each must pass, or fail
// when it is marked xfail.
func TestCorpus(t *testing.T) {
	var paths []string
	for _, dir := range corpusDirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".pkt") {
				paths = append(paths, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(paths) == 0 {
		t.Fatalf("no scripts under %v", corpusDirs)
	}
	var passed, xfailed int
	for _, path := range paths {
		name := filepath.ToSlash(path)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := script.Parse(path, src)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			var trace strings.Builder
			res := runner.Run(s, runner.Options{Trace: &trace})
			reason, xf := xfail(s)
			switch {
			case xf && res.Passed:
				t.Errorf("marked xfail (%s) but passed", reason)
			case xf:
				xfailed++
				t.Logf("expected failure (%s): %v", reason, res.Failure)
			case !res.Passed:
				t.Errorf("%v\ntrace:\n%s", res.Failure, trace.String())
			default:
				passed++
			}
		})
	}
	t.Logf("corpus: %d scripts, %d passed, %d expected failures", len(paths), passed, xfailed)
}
