package main

import (
	"errors"
	"sort"
	"strings"

	"tcpcheck/convert"
	"tcpcheck/fuzz"
	"tcpcheck/properties"
	"tcpcheck/script"
	"tcpcheck/shrink"
)

// targetByName returns the check of a fuzz target that works on bytes.
func targetByName(name string) (fuzz.Entry, bool) {
	for _, e := range fuzz.All {
		if e.Name == name {
			return e, true
		}
	}
	return fuzz.Entry{}, false
}

func targetNames() string {
	var names []string
	for _, e := range fuzz.All {
		names = append(names, e.Name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// shrinkCrasher shrinks a crasher of target e. An open-world crasher is
// decoded into its scenario, which shrinks step by step; the others shrink
// as bytes (ddmin, then bytes toward zero), keeping the property the
// target reports (or the panic), and are shown as the target's script.
func shrinkCrasher(e fuzz.Entry, data []byte, source string, opt shrink.Options) (*shrink.Repro, error) {
	if e.Name == "FuzzOpenWorld" {
		var sc properties.Scenario
		properties.DecodeScenario(data, &sc)
		sc.Steps = append([]properties.Step(nil), sc.Steps...)
		res, err := shrink.Scenario(&sc, opt)
		if err != nil {
			return nil, err
		}
		return shrink.ScenarioRepro(res, opt.Build, source), nil
	}
	res, err := shrink.Bytes(data, classify(e.Check), opt)
	if err != nil {
		return nil, err
	}
	var body *script.Script // nil: the bytes in a comment
	if t, ok := convert.Lookup(e.Name); ok {
		if s, err := t.ToScript(res.Data); err == nil {
			body = s
		}
	}
	return shrink.BytesRepro(res, body, "tcpcheck/fuzz."+strings.TrimPrefix(e.Name, "Fuzz"), source), nil
}

// classified is a fuzz target's failure, classed by the property broken.
type classified struct{ f *fuzz.Failure }

func (c classified) Error() string { return c.f.Error() }
func (c classified) Class() string { return c.f.Target + " " + c.f.Property }

// classify makes a check's *fuzz.Failure a shrink.Classed error.
func classify(check func([]byte) error) func([]byte) error {
	return func(b []byte) error {
		err := check(b)
		var f *fuzz.Failure
		if errors.As(err, &f) {
			return classified{f}
		}
		return err
	}
}
