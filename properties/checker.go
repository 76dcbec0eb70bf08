package properties

import "tcpcheck/observe"

// Checker runs monitors over one trace and keeps the first violation. It
// owns the monitors it is given: observe through it, not through them
// (dispatch.go says what it shares between them).
type Checker struct {
	cfg      Config
	monitors []Monitor
	byKind   [8][]entry // the monitors each event kind goes to, in order
	all      []entry    // every monitor, for kinds beyond byKind's
	view     *defView   // shared by the monitors that read one, or nil
	follow   []viewFollower
	bounds   *recvBounds // shared by the monitors that keep them, or nil
	stim     stimulus    // the current stimulus, for bounds
	facts    segFacts    // of the current event's segment
	events   int
	first    Violation
	violated bool
}

// entry is a monitor as the Checker calls it.
type entry struct {
	m     Monitor
	facts factsUser // m, when it takes the segment's facts from the Checker
}

// NewChecker returns a checker running monitors (All when none are given)
// under cfg.
func NewChecker(cfg Config, monitors ...Monitor) *Checker {
	if len(monitors) == 0 {
		monitors = All()
	}
	c := &Checker{cfg: cfg, monitors: monitors}
	for _, m := range monitors {
		c.share(m)
		c.add(m)
	}
	c.Reset()
	return c
}

// share points m at the view and the receive bounds the Checker keeps,
// when it reads them.
func (c *Checker) share(m Monitor) {
	if s, ok := m.(viewSharer); ok {
		if c.view == nil {
			c.view = new(defView)
		}
		s.shareView(c.view)
		if f, ok := m.(viewFollower); ok {
			c.follow = append(c.follow, f)
		}
	}
	if s, ok := m.(boundsSharer); ok {
		if c.bounds == nil {
			c.bounds = new(recvBounds)
		}
		s.shareBounds(c.bounds)
	}
}

// add files m under the event kinds it reads, asked once it shares what
// it can.
func (c *Checker) add(m Monitor) {
	e := entry{m: m}
	e.facts, _ = m.(factsUser)
	c.all = append(c.all, e)
	ks := ^kindSet(0)
	if f, ok := m.(kindFilter); ok {
		ks = f.kinds()
	}
	for k := range c.byKind {
		if ks.has(observe.Kind(k)) {
			c.byKind[k] = append(c.byKind[k], e)
		}
	}
}

// Reset starts a new trace.
func (c *Checker) Reset() {
	c.events, c.violated = 0, false
	c.first = Violation{}
	if c.view != nil {
		c.view.reset()
	}
	if c.bounds != nil {
		*c.bounds, c.stim = recvBounds{}, stimulus{}
	}
	for _, m := range c.monitors {
		m.Reset(&c.cfg)
	}
}

// Observe passes ev to every monitor that reads its kind. It returns the
// first violation this event caused, or nil; after a violation the
// monitors go on observing.
func (c *Checker) Observe(ev *observe.Event) *Violation {
	ms := c.all
	if int(ev.Kind) < len(c.byKind) {
		ms = c.byKind[ev.Kind]
	}
	c.facts = eventFacts(ev) // here, not on the stack: an interface call would move it to the heap
	var got *Violation
	for i := range ms {
		e := &ms[i]
		var v *Violation
		if e.facts != nil {
			v = e.facts.observeFacts(ev, &c.facts)
		} else {
			v = e.m.Observe(ev)
		}
		if v == nil {
			continue
		}
		c.mark(v, ev)
		if got == nil {
			got = v
		}
	}
	c.update(ev)
	c.events++
	return got
}

// update takes ev into what the monitors share, once they have all seen
// it.
func (c *Checker) update(ev *observe.Event) {
	if c.view != nil {
		c.view.observe(ev)
		for _, f := range c.follow {
			f.afterView(ev)
		}
	}
	if c.bounds == nil {
		return
	}
	c.stim.note(ev, &c.facts)
	switch ev.Kind {
	case observe.Input:
		c.bounds.input(&c.facts)
	case observe.Output:
		c.bounds.output(&c.facts)
	case observe.Change:
		if newIncarnation(ev.From, ev.To) {
			*c.bounds = recvBounds{}
			c.bounds.restart(&c.stim)
		}
	}
}

// mark fills in where v happened and keeps it if it is the trace's first.
func (c *Checker) mark(v *Violation, ev *observe.Event) {
	v.Event, v.Time = c.events, ev.Time
	if !c.violated {
		c.first, c.violated = *v, true
	}
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
