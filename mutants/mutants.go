package mutants

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// Mutant is a named, deliberately broken endpoint.
type Mutant struct {
	Name     string // stable identifier, as in All and Lookup
	Bug      string // what the endpoint does wrong, in a few words
	CaughtBy string // the monitor or simulator property that owns the broken rule; "" for a crash
	Build    func(fsm.Config) observe.Endpoint
}

// all is every mutant, in the order All returns them.
var all = []*Mutant{&RSTAnywhere, &ShortTimeWait, &SkipThirdStep, &AckBack, &RSTWrap, &URGPanic, &Stutter}

// All returns every mutant, in a fixed order.
func All() []Mutant {
	out := make([]Mutant, len(all))
	for i, m := range all {
		out[i] = *m
	}
	return out
}

// Lookup returns the mutant named name.
func Lookup(name string) (Mutant, bool) {
	for _, m := range all {
		if m.Name == name {
			return *m, true
		}
	}
	return Mutant{}, false
}
