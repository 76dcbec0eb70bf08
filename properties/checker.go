package properties

import "tcpcheck/observe"

// Checker runs monitors over one trace and keeps the first violation. It
// owns the monitors it is given: observe through it, not through them
// (dispatch.go says what it shares between them).
type Checker struct {
	cfg      Config
	monitors []Monitor

	// The monitors each kind of event goes to, in order; for kinds observe
	// does not define, those that read them (other, for kinds 0 and 7) or
	// all.
	inputs, outputs, changes, calls, ticks, notifies *observer

	other [8][]Monitor
	all   []Monitor

	view   *defView    // shared by the monitors that read one, or nil
	follow *follower   // the monitors that follow view, in order
	bounds *recvBounds // shared by the monitors that keep them, or nil
	stim   stimulus    // the current stimulus, shared
	facts  segFacts    // of the current event's segment

	events   int
	first    Violation
	violated bool
}

// observer is a monitor in a list of those an event kind goes to. A list
// walks by pointer: under the fuzzer's instrumentation a slice's index
// comparison is a call per monitor, a nil test is not.
type observer struct {
	m    kindObserver
	next *observer
}

// follower is a monitor in the list of those that follow the view, walked
// by pointer like observer.
type follower struct {
	f    viewFollower
	next *follower
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
		m.Reset(&c.cfg) // what it reads may depend on the configuration
		c.add(m)
	}
	c.Reset()
	return c
}

// share points m at the view, the receive bounds and the stimulus the
// Checker keeps, when it reads them.
func (c *Checker) share(m Monitor) {
	if s, ok := m.(viewSharer); ok {
		if c.view == nil {
			c.view = new(defView)
		}
		s.shareView(c.view)
		if f, ok := m.(viewFollower); ok {
			end := &c.follow
			for *end != nil {
				end = &(*end).next
			}
			*end = &follower{f: f}
		}
	}
	if s, ok := m.(boundsSharer); ok {
		if c.bounds == nil {
			c.bounds = new(recvBounds)
		}
		s.shareBounds(c.bounds)
	}
	if s, ok := m.(stimulusSharer); ok {
		s.shareStimulus(&c.stim)
	}
}

// add files m under the event kinds it reads, asked once it shares what
// it can and knows the configuration.
func (c *Checker) add(m Monitor) {
	ks := ^kindSet(0)
	if f, ok := m.(kindFilter); ok {
		ks = f.kinds()
	}
	o, ok := m.(kindObserver)
	if !ok {
		o = &observeAll{m}
	}
	for _, l := range [...]struct {
		k    observe.Kind
		list **observer
	}{
		{observe.Input, &c.inputs}, {observe.Output, &c.outputs}, {observe.Change, &c.changes},
		{observe.Call, &c.calls}, {observe.Tick, &c.ticks}, {observe.Notify, &c.notifies},
	} {
		if ks.has(l.k) {
			end := l.list
			for *end != nil {
				end = &(*end).next
			}
			*end = &observer{m: o}
		}
	}
	c.all = append(c.all, m)
	for k := range c.other {
		if ks.has(observe.Kind(k)) {
			c.other[k] = append(c.other[k], m)
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
		*c.bounds = recvBounds{}
	}
	c.stim = stimulus{}
	for _, m := range c.monitors {
		m.Reset(&c.cfg)
	}
}

// Observe passes ev to every monitor that reads its kind. It returns the
// first violation this event caused, or nil; after a violation the
// monitors go on observing. Each kind has its own loop, and the shared
// view, bounds and stimulus take the event once the monitors have all
// seen it.
func (c *Checker) Observe(ev *observe.Event) *Violation {
	var got *Violation
	// Kind tests by table (cmp.go), the commonest first: a switch would
	// cost its comparisons on every event under the fuzzer's
	// instrumentation.
	k := ev.Kind
	switch {
	case isOutput[k]:
		c.facts.of(ev)
		for o := c.outputs; o != nil; o = o.next {
			if v := o.m.onOutput(ev, &c.facts); v != nil {
				got = c.mark(got, v, ev)
			}
		}
		if c.view != nil {
			c.view.onOutput(ev, &c.facts)
			c.afterView(ev)
		}
		if c.bounds != nil {
			c.bounds.output(&c.facts)
		}
	case isInput[k]:
		c.facts.of(ev) // here, not on the stack: an interface call would move it to the heap
		for o := c.inputs; o != nil; o = o.next {
			if v := o.m.onInput(ev, &c.facts); v != nil {
				got = c.mark(got, v, ev)
			}
		}
		if c.view != nil {
			c.view.onInput(ev, &c.facts)
			c.afterView(ev)
		}
		if c.bounds != nil {
			c.bounds.input(&c.facts)
		}
		c.stim.setInput(ev, &c.facts)
	case isChange[k]:
		for o := c.changes; o != nil; o = o.next {
			if v := o.m.onChange(ev); v != nil {
				got = c.mark(got, v, ev)
			}
		}
		if c.view != nil {
			c.view.onChange(ev)
			c.afterView(ev)
		}
		if c.bounds != nil && newIncarnation(ev.From, ev.To) {
			*c.bounds = recvBounds{}
			c.bounds.restart(&c.stim)
		}
	case isCall[k]:
		for o := c.calls; o != nil; o = o.next {
			if v := o.m.onCall(ev); v != nil {
				got = c.mark(got, v, ev)
			}
		}
		if c.view != nil {
			c.view.onStimulus(ev)
		}
		c.stim.setCall(ev)
	case isTick[k]:
		for o := c.ticks; o != nil; o = o.next {
			if v := o.m.onTick(ev); v != nil {
				got = c.mark(got, v, ev)
			}
		}
		if c.view != nil {
			c.view.onStimulus(ev)
		}
		c.stim.setTick(ev)
	case isNotify[k]:
		for o := c.notifies; o != nil; o = o.next {
			if v := o.m.onNotify(ev); v != nil {
				got = c.mark(got, v, ev)
			}
		}
	default:
		got = c.observeOther(ev)
	}
	c.events++
	return got
}

// afterView lets the monitors that follow the shared view see what the
// event did to it. Only segments and state changes move what they follow.
func (c *Checker) afterView(ev *observe.Event) {
	for f := c.follow; f != nil; f = f.next {
		f.f.afterView(ev)
	}
}

// observeOther passes an event of a kind observe does not define to the
// monitors that read it, through Observe; it changes nothing shared.
func (c *Checker) observeOther(ev *observe.Event) *Violation {
	ms := c.all
	if int(ev.Kind) < len(c.other) {
		ms = c.other[ev.Kind]
	}
	var got *Violation
	for _, m := range ms {
		if v := m.Observe(ev); v != nil {
			got = c.mark(got, v, ev)
		}
	}
	return got
}

// mark fills in where v happened and keeps it if it is the trace's first;
// it returns the event's first violation, got if there was one already.
func (c *Checker) mark(got, v *Violation, ev *observe.Event) *Violation {
	v.Event, v.Time = c.events, ev.Time
	if !c.violated {
		c.first, c.violated = *v, true
	}
	if got != nil {
		return got
	}
	return v
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
