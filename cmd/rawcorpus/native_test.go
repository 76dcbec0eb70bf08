package main

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"testing"
)

// goWritten is a corpus file written by go test -fuzz itself (the
// FuzzChecksum regression seed), with the name go test gave it.
const (
	goWritten     = "go test fuzz v1\n[]byte(\"\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xff\\xff00000\")\nbool(true)\n"
	goWrittenName = "3e527b3d944be8eb"
)

func TestParseGoWritten(t *testing.T) {
	vs, err := parseNative("seed", []byte(goWritten))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].kind != kBytes || len(vs[0].b) != 17 || vs[0].b[10] != 0xff || vs[1].kind != kBool || vs[1].n != 1 {
		t.Fatalf("parsed %+v", vs)
	}
	out := formatNative(vs)
	if string(out) != goWritten {
		t.Fatalf("formatted\n%s\nwant\n%s", out, goWritten)
	}
	sum := sha256.Sum256(out)
	if name := hex.EncodeToString(sum[:])[:16]; name != goWrittenName {
		t.Fatalf("name %s, go test named it %s", name, goWrittenName)
	}
}

func TestParseValues(t *testing.T) {
	cases := []struct {
		line string
		want value
		back string // the canonical form, when it differs from line
	}{
		{`[]byte("a\x00")`, value{kind: kBytes, b: []byte("a\x00")}, ""},
		{`[]uint8("")`, value{kind: kBytes, b: []byte{}}, `[]byte("")`},
		{"string(`raw`)", value{kind: kString, b: []byte("raw")}, `string("raw")`},
		{`bool(false)`, value{kind: kBool}, ""},
		{`int(-1)`, value{kind: kInt, n: math.MaxUint64}, ""},
		{`int8(-128)`, value{kind: kInt8, n: 0x80}, ""},
		{`int16(0x7fff)`, value{kind: kInt16, n: 0x7fff}, `int16(32767)`},
		{`rune('é')`, value{kind: kInt32, n: 0xe9}, `int32(233)`},
		{`int64(-9223372036854775808)`, value{kind: kInt64, n: 1 << 63}, ""},
		{`uint(18446744073709551615)`, value{kind: kUint, n: math.MaxUint64}, ""},
		{`byte('\xff')`, value{kind: kUint8, n: 0xff}, `byte('ÿ')`},
		{`uint8(65)`, value{kind: kUint8, n: 65}, `byte('A')`},
		{`byte('\'')`, value{kind: kUint8, n: '\''}, ""},
		{`uint16(1_000)`, value{kind: kUint16, n: 1000}, `uint16(1000)`},
		{`uint32(4294967295)`, value{kind: kUint32, n: math.MaxUint32}, ""},
		{`uint64(0b101)`, value{kind: kUint64, n: 5}, `uint64(5)`},
		{`float32(-1.5)`, value{kind: kFloat32, n: uint64(math.Float32bits(-1.5))}, ""},
		{`float64(3)`, value{kind: kFloat64, n: math.Float64bits(3)}, ""},
		{`float64(1e300)`, value{kind: kFloat64, n: math.Float64bits(1e300)}, `float64(1e+300)`},
		{`math.Float64frombits(0x7ff8000000000001)`, value{kind: kFloat64, n: 0x7ff8000000000001}, ""},
		{`math.Float64frombits(0x8000000000000000)`, value{kind: kFloat64, n: 1 << 63}, ""},
		{`math.Float32frombits(0x7f800000)`, value{kind: kFloat32, n: 0x7f800000}, ""},
	}
	for _, c := range cases {
		v, err := parseValue(c.line)
		if err != nil {
			t.Errorf("%s: %v", c.line, err)
			continue
		}
		if v.kind != c.want.kind || v.n != c.want.n || string(v.b) != string(c.want.b) {
			t.Errorf("%s: got %+v, want %+v", c.line, v, c.want)
		}
		back := c.back
		if back == "" {
			back = c.line
		}
		if got := formatValue(v); got != back {
			t.Errorf("%s: formatted as %s, want %s", c.line, got, back)
		}
	}
}

func TestParseNativeErrors(t *testing.T) {
	cases := []struct{ data, want string }{
		{"", "f:1:1: not a native corpus file"},
		{"go test fuzz v2\n[]byte(\"\")\n", "f:1:1: not a native corpus file"},
		{"go test fuzz v1\n", "f:2:1: no values after the header"},
		{"go test fuzz v1\n\n[]byte(\"a\"\n", "f:3:11: not a Go expression"},
		{"go test fuzz v1\nint8(128)\n", "f:2:6: 128 does not fit in int8"},
		{"go test fuzz v1\nuint(-1)\n", "f:2:6: -1 does not fit in uint"},
		{"go test fuzz v1\n[]byte(\"a\")\ncomplex128(1)\n", "f:3:1: unsupported type complex128"},
		{"go test fuzz v1\n[]int(\"a\")\n", "f:2:1: unsupported type []int"},
		{"go test fuzz v1\nbool(1)\n", "f:2:6: want true or false"},
		{"go test fuzz v1\n[]byte(x)\n", "f:2:8: want a string literal"},
		{"go test fuzz v1\nstring(\"a\", \"b\")\n", "f:2:1: want a conversion"},
		{"go test fuzz v1\n  int(\"a\")\n", "f:2:7: want an integer or character literal"},
		{"go test fuzz v1\nfloat64(\"a\")\n", "f:2:9: want a number"},
		{"go test fuzz v1\nmath.Float32frombits(0x100000000)\n", "f:2:22: bits do not fit in 32 bits"},
		{"go test fuzz v1\nmath.Sqrt(2)\n", "f:2:1: unsupported type math.Sqrt"},
	}
	for _, c := range cases {
		_, err := parseNative("f", []byte(c.data))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %s...", c.data, err, c.want)
		}
	}
}

// FuzzNative: any file either fails with a positioned error or parses to
// values that print and parse back to themselves; go118 framing of those
// values reads back the same.
func FuzzNative(f *testing.F) {
	f.Add([]byte(goWritten))
	f.Add([]byte("go test fuzz v1\nbyte('\\'')\nint8(-1)\nmath.Float32frombits(0x7fc00001)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		vs, err := parseNative("f", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f:") {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		back, err := parseNative("f", formatNative(vs))
		if err != nil || !sameValues(vs, back) {
			t.Fatalf("%v -> %q -> %v, %v", vs, formatNative(vs), back, err)
		}
		raw, err := encode(frameGo118, vs)
		if err != nil {
			return
		}
		if got, err := decode(frameGo118, kinds(vs), raw); err != nil || !sameValues(vs, got) {
			t.Fatalf("%v -> %x -> %v, %v", vs, raw, got, err)
		}
	})
}
