package convert

import (
	"errors"
	"strconv"

	"tcpcheck/closedworld"
	"tcpcheck/properties"
	"tcpcheck/script"
	"tcpcheck/segment"
)

// Target is one fuzz target's converters, so that a crasher from any target
// becomes a readable script and corpus scripts become seeds.
type Target struct {
	Name    string // the fuzz function, "FuzzOpenWorld"
	Package string // its package, "./fuzz"
	// ToScript shows an input as a readable script.
	ToScript func(data []byte) (*script.Script, error)
	// FromScript returns this target's seeds from a script (several for
	// the codec targets: one per packet line); an error when the script
	// has nothing for this target.
	FromScript func(s *script.Script) ([][]byte, error)
}

// ErrRapidInput is ToScript's error for the targets driven by rapid.
var ErrRapidInput = errors.New("the input is a rapid bit stream, which only rapid can decode, and only inside a test " +
	"(rapid.MakeFuzz needs a *testing.T); replay it with go test -run=TARGET/FILE ./fuzz: the failure message prints the script")

// errRapidSeed is FromScript's error for the targets driven by rapid.
var errRapidSeed = errors.New("rapid's inputs are its own bit stream; a script does not map to one")

// targets lists every target of package fuzz with converters.
var targets = []Target{
	{Name: "FuzzSegmentDecode", Package: "./fuzz", ToScript: segmentToScript("FuzzSegmentDecode"), FromScript: scriptSegments},
	{Name: "FuzzSegmentRoundTrip", Package: "./fuzz", ToScript: segmentToScript("FuzzSegmentRoundTrip"), FromScript: scriptSegments},
	{Name: "FuzzChecksum", Package: "./fuzz", ToScript: checksumToScript, FromScript: checksumSeeds},
	{Name: "FuzzIPDecode", Package: "./fuzz", ToScript: ipToScript, FromScript: scriptIPPackets},
	{Name: "FuzzParse", Package: "./fuzz", ToScript: textToScript, FromScript: scriptText},
	{Name: "FuzzRun", Package: "./fuzz", ToScript: textToScript, FromScript: scriptText},
	{Name: "FuzzOpenWorld", Package: "./fuzz", ToScript: openWorldToScript, FromScript: openWorldSeeds},
	{Name: "FuzzOpenWorldRapid", Package: "./fuzz", ToScript: rapidToScript, FromScript: rapidSeeds},
	{Name: "FuzzClosedWorld", Package: "./fuzz", ToScript: closedWorldToScript, FromScript: closedWorldSeeds},
	{Name: "FuzzClosedWorldRapid", Package: "./fuzz", ToScript: rapidToScript, FromScript: rapidSeeds},
}

// Targets returns the converters of every fuzz target of package fuzz.
func Targets() []Target { return append([]Target(nil), targets...) }

// Lookup returns the target with this name.
func Lookup(name string) (Target, bool) {
	for _, t := range targets {
		if t.Name == name {
			return t, true
		}
	}
	return Target{}, false
}

// segmentToScript shows the input of a segment-codec target: the segment
// it decodes to, or the decoder's error (with its byte offset).
func segmentToScript(target string) func([]byte) (*script.Script, error) {
	return func(data []byte) (*script.Script, error) {
		var g segment.Segment
		if err := g.Decode(data); err != nil {
			return nil, &Error{Pos: target + " input", Msg: err.Error()}
		}
		return segmentScript(target, &g, "ipv4"), nil
	}
}

// The FuzzChecksum input: byte 0, bit 0 set for IPv6 pseudo-headers; then
// the segment bytes, whose first 8 (IPv4) or 32 (IPv6) bytes also give the
// pseudo-header's addresses.
func checksumToScript(data []byte) (*script.Script, error) {
	if len(data) < 1 {
		return nil, &Error{Pos: "FuzzChecksum input", Msg: "empty"}
	}
	var g segment.Segment
	if err := g.Decode(data[1:]); err != nil {
		return nil, &Error{Pos: "FuzzChecksum input", Msg: "after the address-family byte: " + err.Error()}
	}
	v := "ipv4"
	if data[0]&1 != 0 {
		v = "ipv6"
	}
	return segmentScript("FuzzChecksum", &g, v), nil
}

func checksumSeeds(s *script.Script) ([][]byte, error) {
	segs, err := scriptSegments(s)
	if err != nil {
		return nil, err
	}
	fam := byte(0)
	if s.Options.IPVersion == "ipv6" {
		fam = 1
	}
	for i, g := range segs {
		segs[i] = append([]byte{fam}, g...)
	}
	return segs, nil
}

// ipToScript shows an IP packet's TCP segment.
func ipToScript(data []byte) (*script.Script, error) {
	var p segment.Packet
	if err := p.Decode(data); err != nil {
		return nil, &Error{Pos: "FuzzIPDecode input", Msg: err.Error()}
	}
	v := "ipv4"
	if p.IP.Version == 6 {
		v = "ipv6"
	}
	return segmentScript("FuzzIPDecode", &p.TCP, v), nil
}

// textToScript parses the input as script text.
func textToScript(data []byte) (*script.Script, error) { return script.Parse("input.pkt", data) }

// scriptText is the script's canonical text.
func scriptText(s *script.Script) ([][]byte, error) { return [][]byte{[]byte(s.String())}, nil }

// openWorldToScript decodes the input as an open-world scenario
// (properties.DecodeScenario) and records its run.
func openWorldToScript(data []byte) (*script.Script, error) {
	var sc properties.Scenario
	properties.DecodeScenario(data, &sc)
	s, _ := ScriptFromScenario(&sc)
	return s, nil
}

// openWorldSeeds encodes the script's scenario; the encoding keeps the
// first properties.MaxSteps steps and rounds payload lengths over 200
// bytes up to its steps of 24.
func openWorldSeeds(s *script.Script) ([][]byte, error) {
	sc, err := ScenarioFromScript(s)
	if err != nil {
		return nil, err
	}
	return [][]byte{properties.AppendScenario(nil, &sc)}, nil
}

// closedWorldToScript decodes the input as a closed world and records the
// view of the endpoint that failed, or a's when none did.
func closedWorldToScript(data []byte) (*script.Script, error) {
	var sc closedworld.Scenario
	closedworld.Decode(data, &sc)
	var w closedworld.World
	who := 0
	if f := w.Run(&sc); f != nil {
		who = f.Endpoint
	}
	return closedworld.Script(&sc, who), nil
}

func rapidToScript([]byte) (*script.Script, error) { return nil, ErrRapidInput }

func rapidSeeds(*script.Script) ([][]byte, error) { return nil, errRapidSeed }

// itoa is strconv.Itoa, for messages.
func itoa(n int) string { return strconv.Itoa(n) }
