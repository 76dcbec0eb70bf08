package mutants

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// ShortTimeWait stays in TIME-WAIT for one MSL instead of two: it runs
// with half the MSL its configuration states. RFC 9293 §3.10.7.4 (the
// TIME-WAIT state) and §3.10.8 keep TIME-WAIT for 2 MSL, so that old
// duplicates die before the connection's 4-tuple can be reused.
var ShortTimeWait = Mutant{
	Name:     "ShortTimeWait",
	Bug:      "TIME-WAIT of 1 MSL",
	CaughtBy: "TimeWait2MSL",
	Build: func(c fsm.Config) observe.Endpoint {
		c.MSL = c.WithDefaults().MSL / 2
		return fsm.New(c)
	},
}
