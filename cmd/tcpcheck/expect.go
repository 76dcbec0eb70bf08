package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// expectations is an expected-differences file (-expect): the scripts that
// are expected to fail, by base name without ".pkt", each with a reason
// code that names the section of the documentation explaining the
// difference (docs/conformance.md for the FreeBSD suite). One script per
// line; '#' starts a comment:
//
//	# RFC 9293 §3.10.7.4 eighth: ACK of the FIN at SND.NXT
//	rcv-rst-closing-left-edge-insecure-ipv4  closing-fin
type expectations struct {
	file    string
	reasons map[string]string // script base name -> reason code
}

// loadExpectations reads an expected-differences file. A malformed line is
// an error that reads "FILE:LINE: problem".
func loadExpectations(file string) (*expectations, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	x := &expectations{file: file, reasons: map[string]string{}}
	lines := map[string]int{}
	for i, line := range strings.Split(string(src), "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if err := checkEntry(f, lines); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", file, i+1, err)
		}
		lines[f[0]] = i + 1
		x.reasons[f[0]] = f[1]
	}
	return x, nil
}

// checkEntry checks the fields of one line; lines holds the line of every
// script listed so far.
func checkEntry(f []string, lines map[string]int) error {
	switch {
	case len(f) != 2:
		return fmt.Errorf("want \"SCRIPT REASON\", found %d fields", len(f))
	case strings.ContainsAny(f[0], `/\`) || strings.HasSuffix(f[0], ".pkt"):
		return fmt.Errorf("%q: name the script by its base name, without directory or .pkt", f[0])
	case !isReasonCode(f[1]):
		return fmt.Errorf("reason %q: use lower-case letters, digits and '-'", f[1])
	}
	if l, ok := lines[f[0]]; ok {
		return fmt.Errorf("%s listed again (first at line %d)", f[0], l)
	}
	return nil
}

// isReasonCode reports whether s is a reason code: [a-z0-9-]+.
func isReasonCode(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return s != ""
}

// reason returns the reason code under which the script at path is
// expected to fail, or "" if it is not listed. A nil x lists nothing.
func (x *expectations) reason(path string) string {
	if x == nil {
		return ""
	}
	return x.reasons[strings.TrimSuffix(filepath.Base(path), ".pkt")]
}
