package main

import (
	"fmt"
	"path"
	"strings"
)

// Target is one fuzz target: the package directory, relative to the module
// root and written with "./", and the function name.
type Target struct {
	Pkg  string // "./fuzz"
	Name string // "FuzzOpenWorld"
}

func (t Target) String() string { return t.Pkg + ":" + t.Name }

// ParseTargets reads a list of targets written pkg:Name (the Makefile's
// FUZZ_TARGETS), separated by spaces, tabs, newlines or commas. A bare Name
// is looked up in defaults (the full list), so that TARGETS=FuzzOpenWorld
// needs no package. The error names the entry at fault.
func ParseTargets(list string, defaults []Target) ([]Target, error) {
	var out []Target
	fields := strings.FieldsFunc(list, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == ',' })
	for i, f := range fields {
		t, err := parseTarget(f, defaults)
		if err != nil {
			return nil, fmt.Errorf("target %d (%q): %v", i+1, f, err)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no targets")
	}
	return out, nil
}

func parseTarget(f string, defaults []Target) (Target, error) {
	pkg, name, ok := strings.Cut(f, ":")
	if !ok {
		for _, d := range defaults {
			if d.Name == f {
				return d, nil
			}
		}
		return Target{}, fmt.Errorf("not pkg:FuzzName, and no target of that name in the full list")
	}
	if !strings.HasPrefix(name, "Fuzz") || strings.ContainsAny(name, "/^$*.()[]") {
		return Target{}, fmt.Errorf("%q is not a fuzz function name (FuzzXxx)", name)
	}
	if !strings.HasPrefix(pkg, "./") || strings.Contains(pkg, "...") {
		return Target{}, fmt.Errorf("package %q is not a directory of this module written ./dir", pkg)
	}
	clean := path.Clean(pkg)
	switch {
	case clean == ".":
		return Target{Pkg: ".", Name: name}, nil
	case clean == ".." || strings.HasPrefix(clean, "../"):
		return Target{}, fmt.Errorf("package %q is outside the module", pkg)
	}
	return Target{Pkg: "./" + clean, Name: name}, nil
}
