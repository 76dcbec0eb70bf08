package properties

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// Error implements error: a Violation is the error of a trace that broke an
// invariant, its text String's.
func (v *Violation) Error() string { return v.String() }

// Sink returns a check of one connection of a reference endpoint
// configured by cfg: a Checker with every monitor under ConfigFromFSM(cfg),
// fed one event per call. The call that brings the first violation returns
// it as an error (a *Violation, a copy that stays valid); every other call
// returns nil. It is the check runner.Options.Monitor takes.
func Sink(cfg *fsm.Config) func(*observe.Event) error {
	c := NewChecker(ConfigFromFSM(*cfg))
	return func(ev *observe.Event) error {
		seen := c.Violation() != nil
		if v := c.Observe(ev); v != nil && !seen {
			first := *v
			return &first
		}
		return nil
	}
}
