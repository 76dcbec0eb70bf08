package main

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// genValue draws a value of any kind, integers and floats truncated to
// their width as the reader produces them.
func genValue(t *rapid.T, label string) value {
	k := kind(rapid.IntRange(0, int(numKinds)-1).Draw(t, label+".kind"))
	v := value{kind: k}
	switch k {
	case kBytes, kString:
		v.b = rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, label+".b")
	case kBool:
		v.n = uint64(rapid.IntRange(0, 1).Draw(t, label+".n"))
	default:
		v.n = rapid.Uint64().Draw(t, label+".n") & mask(k)
	}
	return v
}

func genValues(t *rapid.T) []value {
	vs := make([]value, rapid.IntRange(1, 5).Draw(t, "n"))
	for i := range vs {
		vs[i] = genValue(t, "v")
	}
	return vs
}

func sameValues(a, b []value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].kind != b[i].kind || a[i].n != b[i].n || !bytes.Equal(a[i].b, b[i].b) {
			return false
		}
	}
	return true
}

// TestGo118RoundTrip: values encode to an input that reads back as the
// same values; only an empty last []byte or string has no form.
func TestGo118RoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		vs := genValues(t)
		raw, err := encode(frameGo118, vs)
		last := vs[len(vs)-1]
		if noForm := (last.kind == kBytes || last.kind == kString) && len(last.b) == 0; noForm != errors.Is(err, errNoForm) {
			t.Fatalf("encode %v: err %v", vs, err)
		}
		if err != nil {
			return
		}
		back, err := decode(frameGo118, kinds(vs), raw)
		if err != nil || !sameValues(vs, back) {
			t.Fatalf("%v -> %x -> %v, %v", vs, raw, back, err)
		}
	})
}

// TestNativeRoundTrip: every value prints as a line that parses back to
// it.
func TestNativeRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		vs := genValues(t)
		back, err := parseNative("f", formatNative(vs))
		if err != nil || !sameValues(vs, back) {
			t.Fatalf("%v -> %s -> %v, %v", vs, formatNative(vs), back, err)
		}
	})
}

func TestGo118Reader(t *testing.T) {
	b := func(n int, bs ...byte) value { return value{kind: kBytes, b: append(make([]byte, 0, n), bs...)} }
	cases := []struct {
		name string
		ks   []kind
		raw  []byte
		want []value // nil: skipped
	}{
		{"exact length", []kind{kBytes}, []byte{0, 0, 0, 2, 'a', 'b'}, []value{b(2, 'a', 'b')}},
		{"length modulo the bytes left", []kind{kBytes}, []byte{0, 0, 0, 5, 'a', 'b'}, []value{b(1, 'a')}},
		{"zero length read as 30", []kind{kBytes}, []byte{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7}, []value{b(2, 1, 2)}},
		{"no bytes after the length", []kind{kBytes}, []byte{0, 0, 0, 1}, nil},
		{"short length", []kind{kBytes}, []byte{0, 0, 1}, nil},
		{"string needs its bytes", []kind{kString}, []byte{0, 0, 0, 3, 'a'}, nil},
		{"bool even is true", []kind{kBool, kBool}, []byte{2, 7}, []value{{kind: kBool, n: 1}, {kind: kBool}}},
		{"uint16 even flag is little-endian", []kind{kUint16}, []byte{1, 2, 0}, []value{{kind: kUint16, n: 0x0201}}},
		{"uint16 odd flag is big-endian", []kind{kUint16}, []byte{1, 2, 3}, []value{{kind: kUint16, n: 0x0102}}},
		{"uint16 missing flag", []kind{kUint16}, []byte{1, 2}, nil},
		{"int32 has no flag", []kind{kInt32}, []byte{0xff, 0xff, 0xff, 0xfe}, []value{{kind: kInt32, n: 0xfffffffe}}},
		{"int is 64-bit", []kind{kInt}, []byte{0, 0, 0, 0, 0, 0, 0, 9, 1}, []value{{kind: kInt, n: 9}}},
		{"float32 has a flag", []kind{kFloat32}, []byte{0x3f, 0x80, 0, 0, 1}, []value{{kind: kFloat32, n: uint64(math.Float32bits(1))}}},
	}
	for _, c := range cases {
		got, err := decode(frameGo118, c.ks, c.raw)
		if c.want == nil {
			if !errors.Is(err, errNoForm) {
				t.Errorf("%s: got %v, %v; want a skip", c.name, got, err)
			}
			continue
		}
		if err != nil || !sameValues(got, c.want) {
			t.Errorf("%s: got %v, %v; want %v", c.name, got, err, c.want)
		}
	}
}

func TestEmptyBytesBeforeMore(t *testing.T) {
	vs := []value{{kind: kBytes, b: []byte{}}, {kind: kBool, n: 1}}
	raw, err := encode(frameGo118, vs)
	if err != nil || !bytes.Equal(raw, []byte{0, 0, 0, 2, 0}) {
		t.Fatalf("got %x, %v", raw, err)
	}
}

func TestRawFrame(t *testing.T) {
	raw, err := encode(frameRaw, []value{{kind: kString, b: []byte("x")}})
	if err != nil || string(raw) != "x" {
		t.Fatalf("got %q, %v", raw, err)
	}
	_, err = encode(frameRaw, []value{{kind: kBytes}, {kind: kBool}})
	if err == nil || errors.Is(err, errNoForm) || !strings.Contains(err.Error(), "[]byte,bool") {
		t.Fatalf("two values under -frame raw: %v", err)
	}
	if _, err = decode(frameRaw, []kind{kInt}, []byte{1}); err == nil {
		t.Fatal("decoded an int from a raw input")
	}
}
