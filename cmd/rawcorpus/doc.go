// Command rawcorpus converts fuzz corpora between Go's native corpus files
// and the raw inputs of libFuzzer-style engines, a whole directory at a
// time:
//
//	rawcorpus to-raw [-frame raw|go118] NATIVE_DIR RAW_DIR
//	rawcorpus to-native [-frame raw|go118] [-types LIST] RAW_DIR NATIVE_DIR
//
// A native corpus file is what go test -fuzz reads and writes
// (testdata/fuzz/FuzzX/ and $(go env GOCACHE)/fuzz/...): the line
// "go test fuzz v1", then one Go expression per argument of the fuzz
// function, such as []byte("\x00a"), string("x"), bool(true), int64(-3),
// byte('a'), float64(0.5) or math.Float64frombits(0x7ff8000000000001).
// rawcorpus parses these with go/parser and its own small evaluator (the Go
// toolchain's reader is internal); blank lines are ignored.
//
// -frame says how the argument values sit in a raw input:
//   - raw (default): the bytes of the single []byte or string argument,
//     exactly; this is what go-fuzz and libFuzzer builds of a
//     func([]byte) entry point (fuzz.All's checks) read.
//   - go118: the argument encoding of binaries built from native targets by
//     go-118-fuzz-build (make libfuzzer, ClusterFuzzLite): values in order,
//     []byte and string as a 4-byte big-endian length then the bytes, bool
//     as one byte (even is true), 8-bit integers as one byte, 16- and
//     64-bit integers and floats big-endian followed by an odd byte,
//     32-bit integers as 4 big-endian bytes (int and uint are 64-bit).
//     Reading a go118 input mirrors the engine exactly, length wrap-around
//     included, so a raw crasher converts to the arguments the target saw.
//
// to-native needs the argument types of the target: -types is a
// comma-separated list ("[]byte,bool"); without it the types of the native
// files already in NATIVE_DIR are used, else []byte under -frame raw (under
// -frame go118 that is an error: the bytes alone do not say the types).
//
// Raw files are named by the SHA-1 of their content, as libFuzzer names
// them; native files by the first 16 hex digits of the SHA-256 of their
// content, as go test names them, so converting twice adds nothing. Every
// input is read and converted before anything is written. An input that
// has no form on the other side (an empty last []byte under go118, a raw
// input too short for the types, which the engine never passes to the
// target) is skipped with a note on stderr. One summary line goes to
// stdout.
//
// Exit status: 0 on success; 2 on bad usage or a malformed input, with one
// line naming the file and the line:column (native) or byte offset (raw);
// 1 when an output cannot be written.
package main
