package convert

import (
	"bytes"
	"os"
	"strconv"
	"strings"
)

// corpusHeader is the first line of a native Go fuzz corpus file.
const corpusHeader = "go test fuzz v1"

// ReadCorpusFile reads a native Go fuzz corpus file (as go test writes under
// testdata/fuzz/FuzzX/ and in $GOCACHE/fuzz) holding one []byte value.
// Errors name the file and the line.
func ReadCorpusFile(path string) ([]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCorpus(path, src)
}

// ParseCorpus reads the corpus file src, named name in errors: the header
// line "go test fuzz v1", then exactly one value, []byte("...") or
// string("...") with a Go string literal (interpreted or raw). Blank lines
// are allowed. Errors are "name:line: problem".
func ParseCorpus(name string, src []byte) ([]byte, error) {
	lines := strings.Split(string(src), "\n")
	if strings.TrimSpace(lines[0]) != corpusHeader {
		return nil, corpusError(name, 1, "expected the header "+strconv.Quote(corpusHeader))
	}
	var value []byte
	found := false
	for i, l := range lines[1:] {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if found {
			return nil, corpusError(name, i+2, "a second value: tcpcheck's targets take one []byte")
		}
		v, err := corpusValue(l)
		if err != nil {
			return nil, corpusError(name, i+2, err.Error())
		}
		value, found = v, true
	}
	if !found {
		return nil, corpusError(name, len(lines), "no value after the header")
	}
	return value, nil
}

// corpusValue reads one []byte(...) or string(...) line.
func corpusValue(l string) ([]byte, error) {
	var lit string
	switch {
	case strings.HasPrefix(l, "[]byte(") && strings.HasSuffix(l, ")"):
		lit = l[len("[]byte(") : len(l)-1]
	case strings.HasPrefix(l, "string(") && strings.HasSuffix(l, ")"):
		lit = l[len("string(") : len(l)-1]
	default:
		return nil, &Error{Msg: "expected []byte(\"...\"), found " + strconv.Quote(clip(l, 40))}
	}
	s, err := strconv.Unquote(strings.TrimSpace(lit))
	if err != nil {
		return nil, &Error{Msg: "not a Go string literal: " + strconv.Quote(clip(lit, 40))}
	}
	return []byte(s), nil
}

func corpusError(name string, line int, msg string) error {
	return &Error{Pos: name + ":" + strconv.Itoa(line), Msg: msg}
}

// clip shortens s to n bytes for a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// FormatCorpus writes data as a native Go fuzz corpus file, as go test
// does: the header and []byte("...") quoted with Go's %q rules.
func FormatCorpus(data []byte) []byte {
	var b bytes.Buffer
	b.WriteString(corpusHeader + "\n[]byte(")
	b.WriteString(strconv.Quote(string(data)))
	b.WriteString(")\n")
	return b.Bytes()
}
