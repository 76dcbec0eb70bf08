package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/properties"
	"tcpcheck/segment"
)

func TestLookupConverter(t *testing.T) {
	dir := t.TempDir()
	sc := properties.Scenario{Passive: true, Steps: []properties.Step{{Kind: properties.StepSegment, Flags: segment.SYN,
		Seq: properties.Anchored{Anchor: properties.AtPeerISN}, Window: 1000}}}
	file := filepath.Join(dir, "ow")
	writeFile(t, file, "go test fuzz v1\n[]byte("+strconv.Quote(string(properties.AppendScenario(nil, &sc)))+")\n")
	text, ok, err := lookupConverter{}.Script("FuzzOpenWorld", file)
	if err != nil || !ok || !strings.Contains(text, "listen(3, ") || !strings.Contains(text, "< S ") {
		t.Errorf("FuzzOpenWorld: ok %v, err %v, script:\n%s", ok, err, text)
	}
	if _, ok, err := (lookupConverter{}).Script("FuzzOpenWorldRapid", file); ok || err != nil {
		t.Errorf("rapid target: ok %v, err %v; want no script form", ok, err)
	}
	if _, ok, err := (lookupConverter{}).Script("FuzzNoSuchTarget", file); ok || err != nil {
		t.Errorf("unknown target: ok %v, err %v", ok, err)
	}
	bad := filepath.Join(dir, "bad")
	writeFile(t, bad, "not a corpus file\n")
	if _, ok, err := (lookupConverter{}).Script("FuzzOpenWorld", bad); !ok || err == nil || !strings.Contains(err.Error(), bad+":1") {
		t.Errorf("bad file: ok %v, err %v; want an error naming file:line", ok, err)
	}
}
