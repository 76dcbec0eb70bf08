package properties

import "tcpcheck/observe"

// Checker runs monitors over one trace and keeps the first violation.
type Checker struct {
	cfg      Config
	monitors []Monitor
	events   int
	first    Violation
	violated bool
}

// NewChecker returns a checker running monitors (All when none are given)
// under cfg.
func NewChecker(cfg Config, monitors ...Monitor) *Checker {
	if len(monitors) == 0 {
		monitors = All()
	}
	c := &Checker{cfg: cfg, monitors: monitors}
	c.Reset()
	return c
}

// Reset starts a new trace.
func (c *Checker) Reset() {
	c.events, c.violated = 0, false
	c.first = Violation{}
	for _, m := range c.monitors {
		m.Reset(&c.cfg)
	}
}

// Observe passes ev to every monitor. It returns the first violation this
// event caused, or nil; after a violation the monitors go on observing.
func (c *Checker) Observe(ev *observe.Event) *Violation {
	var got *Violation
	for _, m := range c.monitors {
		v := m.Observe(ev)
		if v == nil {
			continue
		}
		v.Event, v.Time = c.events, ev.Time
		if got == nil {
			got = v
		}
		if !c.violated {
			c.first, c.violated = *v, true
		}
	}
	c.events++
	return got
}

// Violation returns the first violation of the trace, or nil.
func (c *Checker) Violation() *Violation {
	if !c.violated {
		return nil
	}
	return &c.first
}

// Events returns how many events the checker has seen.
func (c *Checker) Events() int { return c.events }

// Monitors returns the monitors the checker runs.
func (c *Checker) Monitors() []Monitor { return c.monitors }
