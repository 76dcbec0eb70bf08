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
	exp := func(name string) string { return filepath.Join(dir, "x", name) }
	write("x/good.txt", "# expected differences\n\nfail  closed-fd   # close of an unopened fd\n")
	write("x/stale.txt", "fail closed-fd\npass stale\n")
	write("x/other.txt", "elsewhere closed-fd\n")
	write("x/fields.txt", "# one field\nfail\n")
	write("x/dup.txt", "fail closed-fd\n\nfail closed-fd\n")
	write("x/path.txt", "a/fail.pkt closed-fd\n")
	write("x/code.txt", "fail Closed_FD\n")
	pass, fail := filepath.Join(dir, "a", "pass.pkt"), filepath.Join(dir, "a", "fail.pkt")
	for _, tc := range []struct {
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{nil, 2, nil, "usage: tcpcheck run"},
		{[]string{"run"}, 2, nil, "usage: tcpcheck run"},
		{[]string{"run", "-bogus", dir}, 2, nil, "flag provided but not defined"},
		{[]string{"run", pass}, 0, []string{"PASS ", "1 passed, 0 expected differences, 0 failed (0 monitor violations), 0 errors; skipped lines: none; mode semantic"}, ""},
		{[]string{"run", "-strict", filepath.Join(dir, "a")}, 1, []string{"FAIL " + fail + ":1: close returned -1 EBADF", "mode strict"}, ""},
		{[]string{"run", dir}, 2, []string{"ERROR " + filepath.Join(dir, "b", "bad.pkt") + ":1:", "1 passed, 0 expected differences, 1 failed (0 monitor violations), 1 errors"}, ""},
		// -expect: a listed failure is an expected difference, a listed
		// pass an error, an unlisted failure a failure.
		{[]string{"run", "-expect", exp("good.txt"), filepath.Join(dir, "a")}, 0,
			[]string{"PASS " + pass, "EXPECTED " + fail + ":1: close returned -1 EBADF", "[closed-fd]\n",
				"1 passed, 1 expected differences, 0 failed (0 monitor violations), 0 errors"}, ""},
		{[]string{"run", "-expect", exp("stale.txt"), filepath.Join(dir, "a")}, 2,
			[]string{"ERROR " + pass + ": unexpected pass: remove it from " + exp("stale.txt"),
				"0 passed, 1 expected differences, 0 failed (0 monitor violations), 1 errors"}, ""},
		{[]string{"run", "-expect", exp("other.txt"), filepath.Join(dir, "a")}, 1,
			[]string{"FAIL " + fail + ":1:", "1 passed, 0 expected differences, 1 failed (0 monitor violations), 0 errors"}, ""},
		// A bad expectations file stops the run before any script, with
		// one line naming the file and line.
		{[]string{"run", "-expect", exp("fields.txt"), pass}, 2, nil, "tcpcheck: " + exp("fields.txt") + `:2: want "SCRIPT REASON", found 1 fields` + "\n"},
		{[]string{"run", "-expect", exp("dup.txt"), pass}, 2, nil, "tcpcheck: " + exp("dup.txt") + ":3: fail listed again (first at line 1)\n"},
		{[]string{"run", "-expect", exp("path.txt"), pass}, 2, nil, "tcpcheck: " + exp("path.txt") + `:1: "a/fail.pkt": name the script by its base name`},
		{[]string{"run", "-expect", exp("code.txt"), pass}, 2, nil, "tcpcheck: " + exp("code.txt") + `:1: reason "Closed_FD"`},
		{[]string{"run", "-expect", exp("missing.txt"), pass}, 2, nil, "tcpcheck: open " + exp("missing.txt")},
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
		if tc.stdout == nil && out.Len() != 0 {
			t.Errorf("%v: stdout %q, want nothing", tc.args, out.String())
		}
		if lines := strings.Count(errb.String(), "\n"); lines > 1 {
			t.Errorf("%v: %d lines on stderr, want at most one", tc.args, lines)
		}
	}
}

// TestConformanceExpectations checks the project's expected-differences
// file: it loads, and every reason code it uses is a section of
// docs/conformance.md.
func TestConformanceExpectations(t *testing.T) {
	docs := filepath.Join("..", "..", "docs")
	x, err := loadExpectations(filepath.Join(docs, "conformance-expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(docs, "conformance.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.reasons) == 0 {
		t.Fatal("no script listed")
	}
	for name, code := range x.reasons {
		if !strings.Contains(string(md), "\n### `"+code+"`\n") {
			t.Errorf("%s: reason %s has no section \"### `%s`\" in docs/conformance.md", name, code, code)
		}
	}
}
