package mutants_test

import (
	"testing"

	"tcpcheck/mutants"
	"tcpcheck/properties"
	"tcpcheck/sim"
)

// Every mutant is complete, names a check that exists, and Lookup finds it
// by its name.
func TestRegistry(t *testing.T) {
	all := mutants.All()
	if len(all) == 0 {
		t.Fatal("no mutants")
	}
	seen := map[string]bool{}
	for _, m := range all {
		if m.Name == "" || m.Bug == "" || m.Build == nil {
			t.Errorf("incomplete mutant %+v", m)
		}
		if seen[m.Name] {
			t.Errorf("name %q used twice", m.Name)
		}
		seen[m.Name] = true
		if m.CaughtBy != "" && properties.ByName(m.CaughtBy) == nil && !simProperty(m.CaughtBy) {
			t.Errorf("%s: CaughtBy %q is neither a monitor nor a simulator property", m.Name, m.CaughtBy)
		}
		got, ok := mutants.Lookup(m.Name)
		if !ok || got.Name != m.Name || got.CaughtBy != m.CaughtBy {
			t.Errorf("Lookup(%q) = %+v, %v", m.Name, got, ok)
		}
	}
	if _, ok := mutants.Lookup("NoSuchMutant"); ok {
		t.Error("Lookup found a mutant that does not exist")
	}
}

// All returns a copy: changing it changes no mutant.
func TestAllIsACopy(t *testing.T) {
	a := mutants.All()
	name := a[0].Name
	a[0].Name = "changed"
	if mutants.All()[0].Name != name {
		t.Fatal("All returned the registry itself")
	}
}

func simProperty(name string) bool {
	for _, p := range []sim.Property{sim.PropStreamIntegrity, sim.PropStreamComplete, sim.PropEventualClose,
		sim.PropOutputBounded, sim.PropWellFormedOutput, sim.PropDeterminism, sim.PropSeqOffsetInvariance} {
		if string(p) == name {
			return true
		}
	}
	return false
}
