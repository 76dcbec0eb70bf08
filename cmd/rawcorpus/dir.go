package main

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
)

// output is one converted input: its file name in the destination and
// its content.
type output struct {
	name string
	data []byte
}

// tally counts what a conversion did.
type tally struct {
	inputs, written, present, skipped int
}

// readDir reads every regular file directly in dir, in name order.
func readDir(dir string) (names []string, contents [][]byte, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, nil, err
		}
		names = append(names, filepath.Join(dir, e.Name()))
		contents = append(contents, b)
	}
	sort.Sort(byName{names, contents})
	return names, contents, nil
}

type byName struct {
	names    []string
	contents [][]byte
}

func (s byName) Len() int           { return len(s.names) }
func (s byName) Less(i, j int) bool { return s.names[i] < s.names[j] }
func (s byName) Swap(i, j int) {
	s.names[i], s.names[j] = s.names[j], s.names[i]
	s.contents[i], s.contents[j] = s.contents[j], s.contents[i]
}

// toRaw converts every native file of src into a raw input in dst.
func toRaw(src, dst string, f frame, notes io.Writer) (tally, error) {
	names, contents, err := readDir(src)
	if err != nil {
		return tally{}, &inputError{err}
	}
	t := tally{inputs: len(names)}
	var outs []output
	for i, name := range names {
		vs, err := parseNative(name, contents[i])
		if err != nil {
			return t, &inputError{err}
		}
		raw, err := encode(f, vs)
		if errors.Is(err, errNoForm) {
			t.skipped++
			fmt.Fprintf(notes, "rawcorpus: skip %s: %v\n", name, err)
			continue
		}
		if err != nil {
			return t, &inputError{&posError{file: name, line: 2, col: 1, msg: err.Error()}}
		}
		outs = append(outs, output{rawName(raw), raw})
	}
	return t, writeAll(dst, outs, &t)
}

// toNative converts every raw input of src into a native file in dst.
func toNative(src, dst string, f frame, ks []kind, notes io.Writer) (tally, error) {
	names, contents, err := readDir(src)
	if err != nil {
		return tally{}, &inputError{err}
	}
	t := tally{inputs: len(names)}
	var outs []output
	for i, name := range names {
		vs, err := decode(f, ks, contents[i])
		if errors.Is(err, errNoForm) {
			t.skipped++
			fmt.Fprintf(notes, "rawcorpus: skip %s: %v\n", name, err)
			continue
		}
		if err != nil {
			return t, &inputError{fmt.Errorf("%s: %v", name, err)}
		}
		data := formatNative(vs)
		outs = append(outs, output{nativeName(data), data})
	}
	return t, writeAll(dst, outs, &t)
}

// rawName is libFuzzer's name for an input: the SHA-1 of its content.
func rawName(data []byte) string {
	sum := sha1.Sum(data)
	return hex.EncodeToString(sum[:])
}

// nativeName is go test's name for a corpus file: the first 16 hex digits
// of the SHA-256 of its content.
func nativeName(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:16]
}

// writeAll writes the outputs into dir, leaving files already there.
func writeAll(dir string, outs []output, t *tally) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, o := range outs {
		path := filepath.Join(dir, o.name)
		if _, err := os.Stat(path); err == nil {
			t.present++
			continue
		}
		if err := os.WriteFile(path, o.data, 0o644); err != nil {
			return err
		}
		t.written++
	}
	return nil
}

// dirKinds returns the argument types of the native files in dir, which
// must all agree; ok is false when dir has none.
func dirKinds(dir string) (ks []kind, ok bool, err error) {
	names, contents, err := readDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	for i, name := range names {
		vs, err := parseNative(name, contents[i])
		if err != nil {
			return nil, false, err
		}
		if ok && !slices.Equal(ks, kinds(vs)) {
			return nil, false, fmt.Errorf("%s: arguments %s, but %s has %s", name, typeList(kinds(vs)), names[0], typeList(ks))
		}
		ks, ok = kinds(vs), true
	}
	return ks, ok, nil
}

// inputError marks a failure caused by the input (exit status 2), as
// opposed to one writing the output (exit status 1).
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }
