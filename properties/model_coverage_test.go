package properties

import (
	"testing"

	"tcpcheck/observe"
)

// modelCoverage counts the (state, stimulus) cells a model-based test
// exercised, so that a test that never leaves CLOSED cannot pass.
type modelCoverage struct {
	cells [observe.NumStates][NumStimuli]int
}

func (c *modelCoverage) hit(s observe.State, st Stimulus) {
	if s < observe.NumStates {
		c.cells[s][st]++
	}
}

// require fails t unless every state was reached and at least 60% of the cells were hit.
func (c *modelCoverage) require(t *testing.T) {
	t.Helper()
	hit, total := 0, 0
	for s := range c.cells {
		reached := false
		for _, n := range c.cells[s] {
			total++
			if n > 0 {
				hit++
				reached = true
			}
		}
		if !reached {
			t.Errorf("state %s never reached", observe.State(s))
		}
	}
	t.Logf("model cells exercised: %d of %d", hit, total)
	if hit < total*3/5 {
		t.Errorf("only %d of %d (state, stimulus) cells exercised", hit, total)
	}
}
