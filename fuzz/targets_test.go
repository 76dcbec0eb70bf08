package fuzz

import (
	"strings"
	"testing"

	"tcpcheck/convert"
	"tcpcheck/script"
)

// Every target of All has converters, and the converters name only targets
// this package has (All, or the rapid-driven native ones).
func TestTargetsHaveConverters(t *testing.T) {
	inAll := map[string]bool{}
	for _, e := range All {
		inAll[e.Name] = true
		if _, ok := convert.Lookup(e.Name); !ok {
			t.Errorf("%s has no convert.Target", e.Name)
		}
	}
	for _, tg := range convert.Targets() {
		if !inAll[tg.Name] && tg.Name != "FuzzOpenWorldRapid" && tg.Name != "FuzzClosedWorldRapid" {
			t.Errorf("convert.Target %s is not a target of package fuzz", tg.Name)
		}
	}
}

// A Failure prints the target, the property and the message on its first
// line, then the script, which parses.
func TestFailureMessage(t *testing.T) {
	s, err := script.Parse("f.pkt", []byte("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := &Failure{Target: "FuzzOpenWorld", Property: "MonotonicAck", Message: "ack went back", Script: s}
	lines := strings.SplitN(f.Error(), "\n", 3)
	if len(lines) != 3 || lines[0] != "FuzzOpenWorld: MonotonicAck: ack went back" {
		t.Fatalf("Error() = %q", f.Error())
	}
	if _, err := script.Parse("back.pkt", []byte(lines[2])); err != nil {
		t.Errorf("the printed script does not parse: %v", err)
	}
	if g := (&Failure{Target: "FuzzParse", Property: "p", Message: "m"}).Error(); g != "FuzzParse: p: m" {
		t.Errorf("without a script: %q", g)
	}
}

// Every corpus script replays through OpenWorld and ClosedWorld without a
// failure (the seeds do too, through the native targets).
func TestWorldsPassCorpus(t *testing.T) {
	for _, name := range []string{"FuzzOpenWorld", "FuzzClosedWorld"} {
		tg, _ := convert.Lookup(name)
		var check func([]byte) error
		for _, e := range All {
			if e.Name == name {
				check = e.Check
			}
		}
		n := 0
		for _, s := range corpusScripts(t) {
			seeds, err := tg.FromScript(s)
			if err != nil {
				continue
			}
			for _, b := range seeds {
				n++
				if err := check(b); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no seeds", name)
		}
	}
}
