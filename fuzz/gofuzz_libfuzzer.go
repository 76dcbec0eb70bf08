//go:build gofuzz && libfuzzer

// libFuzzer harnesses for go-118-fuzz-build, one per target of All (and
// LibFuzzEmpty, the engine's own cost). They have the shape of native
// targets because go-118-fuzz-build only builds that shape, swapping this
// file's "testing" for its own testing shim; they live here, not in the
// test files, because the tool compiles only the one file holding the
// function it builds, and the native FuzzX use helpers from other test
// files. Each runs the same Check as its native FuzzX.
//
// make libfuzzer and .clusterfuzzlite/build.sh build them with the gofuzz
// tag (as OSS-Fuzz's compile_native_go_fuzzer passes it); the tool adds
// libfuzzer:
//
//	go-118-fuzz-build -tags gofuzz -func LibFuzzSegmentDecode -o x.a ./fuzz
//	clang -fsanitize=fuzzer x.a -o FuzzSegmentDecode
//
// The shim hands the []byte argument over as a 4-byte big-endian length and
// the bytes (cmd/rawcorpus -frame go118 converts corpora). No name here is
// a prefix of another: compile_native_go_fuzzer finds a harness by grep.

package fuzz

import "testing"

func LibFuzzSegmentDecode(f *testing.F)    { f.Fuzz(libFuzz(SegmentDecode)) }
func LibFuzzSegmentRoundTrip(f *testing.F) { f.Fuzz(libFuzz(SegmentRoundTrip)) }
func LibFuzzChecksum(f *testing.F)         { f.Fuzz(libFuzz(Checksum)) }
func LibFuzzIPDecode(f *testing.F)         { f.Fuzz(libFuzz(IPDecode)) }
func LibFuzzParse(f *testing.F)            { f.Fuzz(libFuzz(Parse)) }
func LibFuzzRun(f *testing.F)              { f.Fuzz(libFuzz(Run)) }
func LibFuzzOpenWorld(f *testing.F)        { f.Fuzz(libFuzz(OpenWorld)) }
func LibFuzzClosedWorld(f *testing.F)      { f.Fuzz(libFuzz(ClosedWorld)) }
func LibFuzzEmpty(f *testing.F)            { f.Fuzz(func(t *testing.T, b []byte) {}) }

// libFuzz is a fuzz function running check; a failure stops the run with
// the *Failure's message (the shim's Fatal panics).
func libFuzz(check func([]byte) error) func(*testing.T, []byte) {
	return func(t *testing.T, b []byte) {
		if err := check(b); err != nil {
			t.Fatal(err)
		}
	}
}
