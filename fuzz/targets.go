package fuzz

import (
	"strings"

	"tcpcheck/script"
)

// Entry is one fuzz target as a plain function: Check runs one input and
// returns nil or the *Failure it found. The native targets (FuzzX in the
// test files) call these, and so can other engines (go-fuzz entry points,
// libFuzzer harnesses).
type Entry struct {
	Name  string // the native target's name, "FuzzOpenWorld"
	Check func(data []byte) error
}

// All lists every target that works on plain bytes. The rapid-driven
// targets (FuzzOpenWorldRapid, FuzzClosedWorldRapid) need a *testing.T and
// exist only as native targets; FuzzEmpty checks nothing.
var All = []Entry{
	{"FuzzSegmentDecode", SegmentDecode},
	{"FuzzSegmentRoundTrip", SegmentRoundTrip},
	{"FuzzChecksum", Checksum},
	{"FuzzIPDecode", IPDecode},
	{"FuzzParse", Parse},
	{"FuzzRun", Run},
	{"FuzzOpenWorld", OpenWorld},
	{"FuzzClosedWorld", ClosedWorld},
}

// Failure is what a target found: which property broke, how, and, for the
// endpoint targets, the script that reproduces it.
type Failure struct {
	Target   string
	Property string // the monitor or property broken
	Message  string
	Script   *script.Script // nil for the codec and parser targets
}

// Error formats the failure: the target, the property and the message on
// the first line, then the script.
func (f *Failure) Error() string {
	var b strings.Builder
	b.WriteString(f.Target + ": " + f.Property + ": " + f.Message)
	if f.Script != nil {
		b.WriteString("\nreproducing script (tcpcheck run FILE):\n")
		b.WriteString(f.Script.String())
	}
	return b.String()
}

func fail(target, property, msg string) error {
	return &Failure{Target: target, Property: property, Message: msg}
}
