package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCmd(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/pass.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = 0\n")
	write("a/fail.pkt", "0 close(3) = 0\n")
	write("b/bad.pkt", "0 < S 0:0(\n")
	write("b/ignored.txt", "not a script")
	for _, tc := range []struct {
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{nil, 2, nil, "usage: tcpcheck run"},
		{[]string{"run"}, 2, nil, "usage: tcpcheck run"},
		{[]string{"run", "-bogus", dir}, 2, nil, "flag provided but not defined"},
		{[]string{"run", filepath.Join(dir, "a", "pass.pkt")}, 0, []string{"PASS ", "1 passed, 0 failed, 0 errors; skipped lines: none; mode semantic"}, ""},
		{[]string{"run", "-strict", filepath.Join(dir, "a")}, 1, []string{"FAIL " + filepath.Join(dir, "a", "fail.pkt") + ":1: close returned -1 EBADF", "mode strict"}, ""},
		{[]string{"run", dir}, 2, []string{"ERROR " + filepath.Join(dir, "b", "bad.pkt") + ":1:", "1 passed, 1 failed, 1 errors"}, ""},
	} {
		var out, errb strings.Builder
		code := cmd(tc.args, &out, &errb)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out.String(), errb.String())
		}
		for _, w := range tc.stdout {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: stdout lacks %q:\n%s", tc.args, w, out.String())
			}
		}
		if !strings.Contains(errb.String(), tc.stderr) || (tc.stderr == "") != (errb.Len() == 0) {
			t.Errorf("%v: stderr %q, want %q", tc.args, errb.String(), tc.stderr)
		}
	}
}
