//go:build gofuzz

// go-fuzz entry points, one per target of All (and FuzzRawEmpty, the
// engine's own cost). go-fuzz-build finds them by their Fuzz prefix; they
// are named FuzzRawX, not FuzzX, because the native FuzzX of the test
// files share this package and the gofuzz tag (OSS-Fuzz builds with it).
//
//	go-fuzz-build -func FuzzRawSegmentDecode -o x.zip ./fuzz    (make gofuzz)
//	go-fuzz-build -libfuzzer -func FuzzRawSegmentDecode -o x.a ./fuzz
//
// An input is the target's raw bytes, as its Check takes them. A property
// failure panics with the *Failure, so go-fuzz records a crasher with the
// message and the reproducing script. The result is 1 when the input got
// past the target's decoder (a segment, an IP header or a script that
// decodes), so go-fuzz favours such inputs, and 0 otherwise; the scenario
// decoders of the world targets accept every input, so those return 1.

package fuzz

import (
	"tcpcheck/script"
	"tcpcheck/segment"

	// go-fuzz-build links go-fuzz-dep into every build; importing it here
	// keeps it in go.mod for go mod tidy (tools.go pins it as well).
	_ "github.com/dvyukov/go-fuzz/go-fuzz-dep"
)

func FuzzRawSegmentDecode(data []byte) int    { return goFuzz(SegmentDecode, data, decodesSegment) }
func FuzzRawSegmentRoundTrip(data []byte) int { return goFuzz(SegmentRoundTrip, data, decodesSegment) }
func FuzzRawChecksum(data []byte) int         { return goFuzz(Checksum, data, checksumInput) }
func FuzzRawIPDecode(data []byte) int         { return goFuzz(IPDecode, data, decodesIP) }
func FuzzRawParse(data []byte) int            { return goFuzz(Parse, data, parses) }
func FuzzRawRun(data []byte) int              { return goFuzz(Run, data, parses) }
func FuzzRawOpenWorld(data []byte) int        { return goFuzz(OpenWorld, data, always) }
func FuzzRawClosedWorld(data []byte) int      { return goFuzz(ClosedWorld, data, always) }
func FuzzRawEmpty(data []byte) int            { return 0 }

// goFuzzEntries maps the native names of All to the entry points; a test
// keeps the two lists equal.
var goFuzzEntries = map[string]func([]byte) int{
	"FuzzSegmentDecode":    FuzzRawSegmentDecode,
	"FuzzSegmentRoundTrip": FuzzRawSegmentRoundTrip,
	"FuzzChecksum":         FuzzRawChecksum,
	"FuzzIPDecode":         FuzzRawIPDecode,
	"FuzzParse":            FuzzRawParse,
	"FuzzRun":              FuzzRawRun,
	"FuzzOpenWorld":        FuzzRawOpenWorld,
	"FuzzClosedWorld":      FuzzRawClosedWorld,
}

// goFuzz runs check on data: a failure panics, otherwise the result says
// whether the input got past the target's decoder.
func goFuzz(check func([]byte) error, data []byte, decodes func([]byte) bool) int {
	if err := check(data); err != nil {
		panic(err)
	}
	if decodes(data) {
		return 1
	}
	return 0
}

// goFuzzSegment is the decoders' scratch; go-fuzz runs one input at a time
// per process.
var goFuzzSegment struct {
	seg segment.Segment
	ip  segment.IPHeader
}

func decodesSegment(b []byte) bool { return goFuzzSegment.seg.Decode(b) == nil }

// checksumInput: Checksum's first byte chooses the pseudo-header, the rest
// is the segment.
func checksumInput(b []byte) bool { return len(b) > 1 && decodesSegment(b[1:]) }

func decodesIP(b []byte) bool {
	_, err := goFuzzSegment.ip.Decode(b)
	return err == nil
}

func parses(b []byte) bool {
	_, err := script.Parse("input.pkt", b)
	return err == nil
}

func always([]byte) bool { return true }
