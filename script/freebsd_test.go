package script

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// freebsdDir is the FreeBSD TCP test suite, relative to this package.
var freebsdDir = filepath.Join("..", "..", "shared", "conformance", "freebsd-tcp-testsuite")

// freebsdScripts returns the .pkt files of the FreeBSD suite, or skips.
func freebsdScripts(t *testing.T) []string {
	if st, err := os.Stat(freebsdDir); err != nil || !st.IsDir() {
		t.Skipf("FreeBSD test suite %s absent: %v", freebsdDir, err)
	}
	var files []string
	err := filepath.WalkDir(freebsdDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".pkt") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no .pkt files in %s", freebsdDir)
	}
	return files
}

// TestFreeBSDScripts parses every script of the FreeBSD suite, prints it
// and checks that the printed form parses to the same AST.
func TestFreeBSDScripts(t *testing.T) {
	files := freebsdScripts(t)
	parsed := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(path, src)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		checkReparse(t, s)
		parsed++
	}
	t.Logf("%d of %d FreeBSD scripts parse and round-trip", parsed, len(files))
}
