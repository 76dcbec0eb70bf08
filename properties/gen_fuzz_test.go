package properties

import (
	"reflect"
	"testing"
)

// FuzzScenarios draws exactly what Scenarios draws from the same choices.
func TestFuzzScenariosSameAsScenarios(t *testing.T) {
	for _, maxSteps := range []int{1, 40} {
		slow, fast := Scenarios(maxSteps), FuzzScenarios(maxSteps)
		for i := range 3000 {
			if a, b := slow.Example(i), fast.Example(i); !reflect.DeepEqual(a, b) {
				t.Fatalf("maxSteps %d, example %d:\n%+v\n%+v", maxSteps, i, a, b)
			}
		}
	}
}
