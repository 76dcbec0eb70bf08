package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bad usage is one line on stderr and exit 2.
func TestBadUsage(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 || strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

// Writing into an empty directory, then checking, finds nothing to change;
// a stale or edited file is reported by -check and fixed by a new run.
func TestWriteCheckPrune(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"-dir", dir}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"-dir", dir, "-check"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "0 written, 0 removed, 0 differ") {
		t.Fatalf("check after write: exit %d: %s", code, out.String())
	}
	stale := filepath.Join(dir, "handshake", "stale.pkt")
	edited := filepath.Join(dir, "handshake", "active.pkt")
	if err := os.WriteFile(stale, []byte("0 close(3) = 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edited, []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run([]string{"-dir", dir, "-check"}, &out, &errb); code != 1 ||
		!strings.Contains(out.String(), "differs: "+edited) || !strings.Contains(out.String(), "not generated: "+stale) {
		t.Fatalf("check with changes: exit %d: %s", code, out.String())
	}
	if code := run([]string{"-dir", dir}, &out, &errb); code != 0 {
		t.Fatalf("rewrite: exit %d", code)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale file kept: %v", err)
	}
}
