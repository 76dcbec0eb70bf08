package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// FormatCorpus output parses back to the same bytes, whatever they are.
func TestCorpusRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOf(rapid.Byte()).Draw(t, "data")
		got, err := ParseCorpus("x", FormatCorpus(b))
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("ParseCorpus(FormatCorpus(%q)) = %q, %v", b, got, err)
		}
	})
}

// The files go test writes parse: the repository's own, a string value and
// a raw literal.
func TestParseCorpusGoFiles(t *testing.T) {
	files, _ := filepath.Glob("../fuzz/testdata/fuzz/*/*")
	if len(files) == 0 {
		t.Fatal("no corpus files under ../fuzz/testdata/fuzz")
	}
	for _, f := range files {
		if _, err := ReadCorpusFile(f); err != nil {
			t.Errorf("%v", err)
		}
	}
	for src, want := range map[string]string{
		"go test fuzz v1\nstring(\"a\\x00b\")\n": "a\x00b",
		"go test fuzz v1\n\n[]byte(`raw`)\n\n":   "raw",
	} {
		if got, err := ParseCorpus("f", []byte(src)); err != nil || string(got) != want {
			t.Errorf("ParseCorpus(%q) = %q, %v", src, got, err)
		}
	}
}

// Malformed files give an error naming the file and the line.
func TestParseCorpusErrors(t *testing.T) {
	for src, where := range map[string]string{
		"":                                "f:1:",
		"go test fuzz v2\n[]byte(\"\")\n": "f:1:",
		"go test fuzz v1\n":               "f:2:",
		"go test fuzz v1\nint(3)\n":       "f:2:",
		"go test fuzz v1\n[]byte(\"x)\n":  "f:2:",
		"go test fuzz v1\n[]byte(\"a\")\nbool(true)": "f:3:",
	} {
		_, err := ParseCorpus("f", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), where) {
			t.Errorf("ParseCorpus(%q) = %v, want an error at %s", src, err, where)
		}
	}
	if _, err := ReadCorpusFile(filepath.Join(t.TempDir(), "missing")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}
