//go:build gofuzz

package fuzz

import (
	"errors"
	"sort"
	"testing"
)

// TestGoFuzzEntries: goFuzzEntries lists exactly All, and every entry
// point returns 0 or 1 without panicking on inputs the targets pass.
func TestGoFuzzEntries(t *testing.T) {
	var names, entries []string
	for _, e := range All {
		names = append(names, e.Name)
	}
	for name := range goFuzzEntries {
		entries = append(entries, name)
	}
	sort.Strings(names)
	sort.Strings(entries)
	if len(names) != len(entries) {
		t.Fatalf("All has %v, goFuzzEntries %v", names, entries)
	}
	for i := range names {
		if names[i] != entries[i] {
			t.Fatalf("All has %v, goFuzzEntries %v", names, entries)
		}
	}
	inputs := [][]byte{nil, {0}, make([]byte, 60), []byte("+0 close(3) = 0\n")}
	for name, fn := range goFuzzEntries {
		for _, in := range inputs {
			if r := fn(in); r != 0 && r != 1 {
				t.Errorf("%s(%q) = %d", name, in, r)
			}
		}
	}
}

// TestGoFuzzInteresting: inputs that get past the decoder are 1.
func TestGoFuzzInteresting(t *testing.T) {
	syn := []byte{0x9c, 0x40, 0, 80, 0, 0, 3, 0xe8, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0}
	cases := []struct {
		name string
		fn   func([]byte) int
		in   []byte
		want int
	}{
		{"segment", FuzzRawSegmentDecode, syn, 1},
		{"short segment", FuzzRawSegmentDecode, syn[:19], 0},
		{"round trip", FuzzRawSegmentRoundTrip, syn, 1},
		{"checksum", FuzzRawChecksum, append([]byte{1}, syn...), 1},
		{"script", FuzzRawParse, []byte("+0 close(3) = 0\n"), 1},
		{"not a script", FuzzRawParse, []byte("+0 )("), 0},
		{"open world", FuzzRawOpenWorld, nil, 1},
		{"empty", FuzzRawEmpty, syn, 0},
	}
	for _, c := range cases {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, got, c.want)
		}
	}
}

// TestGoFuzzPanicsOnFailure: a failure reaches go-fuzz as a panic with the
// *Failure.
func TestGoFuzzPanicsOnFailure(t *testing.T) {
	want := &Failure{Target: "FuzzX", Property: "p", Message: "m"}
	defer func() {
		r := recover()
		err, ok := r.(error)
		var got *Failure
		if !ok || !errors.As(err, &got) || got != want {
			t.Fatalf("recovered %v, want the failure", r)
		}
	}()
	goFuzz(func([]byte) error { return want }, nil, always)
	t.Fatal("no panic")
}
