package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs the command and returns its status, stdout and stderr.
func runCmd(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// writeFiles fills dir with the named files.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readFiles returns the files of dir by name.
func readFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	names, contents, err := readDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for i, name := range names {
		m[filepath.Base(name)] = string(contents[i])
	}
	return m
}

// canonical native files of FuzzChecksum's signature, named as go test
// names them.
func checksumSeeds(t *testing.T) map[string]string {
	m := map[string]string{goWrittenName: goWritten}
	for _, vs := range [][]value{
		{{kind: kBytes, b: []byte("\x45\x00")}, {kind: kBool}},
		{{kind: kBytes, b: []byte{}}, {kind: kBool, n: 1}},
	} {
		data := formatNative(vs)
		vs2, err := parseNative("x", data)
		if err != nil || !sameValues(vs, vs2) {
			t.Fatal(err)
		}
		m[nativeName(data)] = string(data)
	}
	return m
}

func TestDirRoundTripGo118(t *testing.T) {
	tmp := t.TempDir()
	native, raw, back := filepath.Join(tmp, "FuzzChecksum"), filepath.Join(tmp, "raw"), filepath.Join(tmp, "back")
	seeds := checksumSeeds(t)
	writeFiles(t, native, seeds)
	code, out, errOut := runCmd("to-raw", "-frame", "go118", native, raw)
	if code != 0 || !strings.Contains(out, "3 inputs") || !strings.Contains(out, "3 written") {
		t.Fatalf("to-raw: %d %q %q", code, out, errOut)
	}
	code, out, errOut = runCmd("to-native", "-frame", "go118", "-types", "[]byte,bool", raw, back)
	if code != 0 || !strings.Contains(out, "3 written") {
		t.Fatalf("to-native: %d %q %q", code, out, errOut)
	}
	if got := readFiles(t, back); !equalMaps(got, seeds) {
		t.Fatalf("round trip gave %v, want %v", got, seeds)
	}
	// Again into the original directory: the types come from its files,
	// and nothing is new.
	code, out, _ = runCmd("to-native", "-frame", "go118", raw, native)
	if code != 0 || !strings.Contains(out, "0 written") || !strings.Contains(out, "3 already there") {
		t.Fatalf("second to-native: %d %q", code, out)
	}
}

func TestDirRoundTripRaw(t *testing.T) {
	tmp := t.TempDir()
	rawDir, native, back := filepath.Join(tmp, "raw"), filepath.Join(tmp, "native"), filepath.Join(tmp, "back")
	inputs := map[string]string{"a": "", "b": "\x00\xff\n", "c": "go test fuzz v1\n"}
	writeFiles(t, rawDir, inputs)
	if code, out, errOut := runCmd("to-native", rawDir, native); code != 0 || !strings.Contains(out, "3 written") {
		t.Fatalf("to-native: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := runCmd("to-raw", native, back); code != 0 || !strings.Contains(out, "3 written") {
		t.Fatalf("to-raw: %d %q %q", code, out, errOut)
	}
	got := readFiles(t, back)
	for _, data := range inputs {
		if got[rawName([]byte(data))] != data {
			t.Errorf("input %q did not come back: %v", data, got)
		}
	}
}

func TestSkips(t *testing.T) {
	tmp := t.TempDir()
	native, raw := filepath.Join(tmp, "native"), filepath.Join(tmp, "raw")
	writeFiles(t, native, map[string]string{"empty": "go test fuzz v1\n[]byte(\"\")\n", "one": "go test fuzz v1\n[]byte(\"1\")\n"})
	code, out, errOut := runCmd("to-raw", "-frame", "go118", native, raw)
	if code != 0 || !strings.Contains(out, "1 written") || !strings.Contains(out, "1 skipped") ||
		!strings.Contains(errOut, "skip "+filepath.Join(native, "empty")+": argument 1: an empty last []byte") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	writeFiles(t, raw, map[string]string{"short": "\x00\x00\x01"})
	back := filepath.Join(tmp, "back")
	code, out, errOut = runCmd("to-native", "-frame", "go118", "-types", "[]byte", raw, back)
	if code != 0 || !strings.Contains(out, "1 written") || !strings.Contains(errOut, "too short for argument 1 ([]byte) at byte offset 0") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
}

func TestBadInput(t *testing.T) {
	tmp := t.TempDir()
	bad := filepath.Join(tmp, "bad")
	writeFiles(t, bad, map[string]string{"ok": goWritten, "x": "go test fuzz v1\n[]byte(\"a\")\nint8(300)\n"})
	two := filepath.Join(tmp, "two")
	writeFiles(t, two, map[string]string{goWrittenName: goWritten})
	mixed := filepath.Join(tmp, "mixed")
	writeFiles(t, mixed, map[string]string{"a": goWritten, "b": "go test fuzz v1\n[]byte(\"\")\n"})
	file := filepath.Join(tmp, "file")
	writeFiles(t, tmp, map[string]string{"file": "x"})
	out := filepath.Join(tmp, "out")
	cases := []struct {
		args []string
		want string
	}{
		{nil, "usage: rawcorpus"},
		{[]string{"convert", bad, out}, "usage: rawcorpus"},
		{[]string{"to-raw", bad}, "usage: rawcorpus"},
		{[]string{"to-raw", "-types", "int", bad, out}, "usage: rawcorpus"},
		{[]string{"to-raw", "-nope", bad, out}, "usage: rawcorpus"},
		{[]string{"to-raw", "-frame", "afl", bad, out}, "rawcorpus: -frame: want raw or go118"},
		{[]string{"to-native", "-types", "[]byte,chan", bad, out}, `rawcorpus: -types: unknown type "chan"`},
		{[]string{"to-native", "-frame", "go118", bad, out}, "rawcorpus: -frame go118 needs -types"},
		{[]string{"to-raw", "-frame", "go118", bad, out}, "rawcorpus: " + filepath.Join(bad, "x") + ":3:6: 300 does not fit in int8"},
		{[]string{"to-raw", two, out}, "rawcorpus: " + filepath.Join(two, goWrittenName) + ":2:1: -frame raw holds one []byte or string argument, this file has []byte,bool"},
		{[]string{"to-raw", filepath.Join(tmp, "missing"), out}, "rawcorpus: open " + filepath.Join(tmp, "missing")},
		{[]string{"to-native", "-frame", "go118", two, bad}, "rawcorpus: " + filepath.Join(bad, "x") + ":3:6:"},
		{[]string{"to-native", "-frame", "go118", two, mixed}, "rawcorpus: " + filepath.Join(mixed, "b") + ": arguments []byte, but " + filepath.Join(mixed, "a") + " has []byte,bool"},
	}
	for _, c := range cases {
		code, stdout, stderr := runCmd(c.args...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed conversion wrote its output directory")
	}
	// An output that cannot be written is exit status 1.
	if code, _, stderr := runCmd("to-raw", two, file); code != 2 {
		t.Errorf("raw frame of a two-value file: exit %d %q", code, stderr)
	}
	writeFiles(t, filepath.Join(tmp, "one"), map[string]string{"a": "go test fuzz v1\n[]byte(\"a\")\n"})
	if code, _, stderr := runCmd("to-raw", filepath.Join(tmp, "one"), file); code != 1 || !strings.HasPrefix(stderr, "rawcorpus: mkdir "+file) {
		t.Errorf("unwritable output: exit %d %q", code, stderr)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}
