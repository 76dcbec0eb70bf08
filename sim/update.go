package sim

import "tcpcheck/fsm"

// Changing a simulation between runs without building it anew, so that a
// fuzz target that draws the endpoints' applications and configurations
// from its input allocates nothing per run. Each change takes effect at the
// next Reset.

// SetActions replaces endpoint i's application actions. The slice is
// copied into the endpoint's own, which grows only when acts is longer
// than any before.
func (s *Sim) SetActions(i int, acts []Action) {
	n := &s.nodes[i]
	n.spec.Actions = append(n.spec.Actions[:0], acts...)
	if cap(n.fired) < len(acts) {
		n.fired = make([]bool, len(acts))
	}
	n.fired = n.fired[:len(acts)]
	n.countUnfired()
}

// SetConfig replaces endpoint i's configuration (its ISN function is
// replaced by the node's ISN, as in New). The endpoint is rebuilt with it
// at the next Reset; an endpoint made by Node.Build keeps its own.
func (s *Sim) SetConfig(i int, cfg fsm.Config) {
	n := &s.nodes[i]
	n.spec.Config = cfg
	cfg.ISN = n.cfg.ISN // the node's chooseISN, bound once in New
	n.cfg = cfg
	n.msl = cfg.MSL
	if n.msl == 0 {
		n.msl = fsm.DefaultConfig().MSL
	}
}

// SetHeal sets the time from which faults stop (Config.Heal).
func (s *Sim) SetHeal(t Time) { s.cfg.Heal = t }
