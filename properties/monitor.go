package properties

import "tcpcheck/observe"

// Monitor is an online check of one invariant over one endpoint's trace.
type Monitor interface {
	// Name is the invariant's stable name, as in DESIGN's catalog.
	Name() string
	// Reset starts a new trace under cfg.
	Reset(cfg *Config)
	// Observe takes the next event and returns a violation, or nil. The
	// Violation is the monitor's own and stays valid until the next Reset;
	// the Checker fills in its Event index.
	Observe(ev *observe.Event) *Violation
}

// constructors lists every single-endpoint monitor, in catalog order.
var constructors = append(append([]func() Monitor{}, connectionMonitors...), defenceMonitors...)

// All returns a fresh instance of every single-endpoint monitor.
func All() []Monitor {
	ms := make([]Monitor, len(constructors))
	for i, c := range constructors {
		ms[i] = c()
	}
	return ms
}

// Names returns the names of the monitors All returns.
func Names() []string {
	ms := All()
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name()
	}
	return names
}

// ByName returns a fresh monitor with the given name, or nil.
func ByName(name string) Monitor {
	for _, c := range constructors {
		if m := c(); m.Name() == name {
			return m
		}
	}
	return nil
}
