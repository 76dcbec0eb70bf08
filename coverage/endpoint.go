package coverage

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// counted is the reference endpoint inside a probe of its own whose sink is
// a Tracker. It is what Replayer gives properties.OpenWorld to build, so
// the open world's own probe (and monitors) wrap it unchanged: the inner
// probe passes state changes on through cfg.OnTransition.
type counted struct {
	*observe.Probe
	tr  *Tracker
	cfg fsm.Config
}

// State is the endpoint's state.
func (c *counted) State() fsm.State { return c.EP.State() }

// Tuple is the endpoint's 4-tuple.
func (c *counted) Tuple() fsm.Tuple { return c.EP.Tuple() }

// Reset returns the endpoint to CLOSED under cfg without reporting a
// change (fsm.Endpoint.Reset is silent), and the tracker with it.
func (c *counted) Reset(cfg fsm.Config) {
	c.cfg = cfg
	c.tr.Reset()
	c.Probe.Reset(cfg)
}
