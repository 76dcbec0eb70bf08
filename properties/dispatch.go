package properties

import "tcpcheck/observe"

// How a Checker spares its monitors work. Optional methods, known only to
// this package's monitors, let it do so without changing what any monitor
// reports (dispatch_test.go compares each monitor's state, event by event,
// alone and inside a Checker):
//   - kinds: the event kinds the monitor reads once the Checker shares
//     what it can (below; the Checker asks after sharing, and after a
//     Reset under its configuration). The Checker passes it only those; a
//     monitor without the method sees every event.
//   - kindObserver: Observe split by the kind of event, one method per
//     kind, each given the facts of the event's segment (segFacts), which
//     the Checker works out once per event instead of once per monitor
//     (monitors only read them). The Checker switches on the kind once,
//     instead of each monitor again: under the fuzzer's instrumentation
//     every comparison is a call. Each monitor's Observe is the same
//     switch over the same methods, so alone it does what it does inside.
//   - shareView: the monitor reads what defView infers. The Checker keeps
//     one defView for all such monitors, updated once per event after they
//     have all seen it (each judges an event against the view from before
//     it), instead of one per monitor. A monitor that also follows what the
//     event did to the view has afterView, which the Checker calls then,
//     for the kinds of event that change the view.
//   - shareBounds: the same for the recvBounds that HandshakeBeforeEstablished,
//     AckOnlyReceived, SendWithinWindow and TimeWait2MSL keep alike: each
//     takes every segment in, and starts afresh, with the SYN that opened
//     it, when a new incarnation begins.
//   - shareStimulus: the same for the current stimulus, which those and
//     SynFinConsumeOne record alike; sharing it spares them the stimuli
//     they read only to record them.
//
// Monitors used on their own, without a Checker, see every event and keep
// their own view, bounds and stimulus.

// kindObserver is a monitor's Observe, one method per kind of event. f is
// the facts of the event's segment. Each monitor's own Observe switches to
// these methods itself: one shared switch calling them through this
// interface would move the facts to the heap on every event.
type kindObserver interface {
	onInput(ev *observe.Event, f *segFacts) *Violation
	onOutput(ev *observe.Event, f *segFacts) *Violation
	onChange(ev *observe.Event) *Violation
	onCall(ev *observe.Event) *Violation
	onTick(ev *observe.Event) *Violation
	onNotify(ev *observe.Event) *Violation
}

// observeAll is a kindObserver for a monitor without the methods: its
// Observe for every kind.
type observeAll struct{ m Monitor }

func (a *observeAll) onInput(ev *observe.Event, _ *segFacts) *Violation  { return a.m.Observe(ev) }
func (a *observeAll) onOutput(ev *observe.Event, _ *segFacts) *Violation { return a.m.Observe(ev) }
func (a *observeAll) onChange(ev *observe.Event) *Violation              { return a.m.Observe(ev) }
func (a *observeAll) onCall(ev *observe.Event) *Violation                { return a.m.Observe(ev) }
func (a *observeAll) onTick(ev *observe.Event) *Violation                { return a.m.Observe(ev) }
func (a *observeAll) onNotify(ev *observe.Event) *Violation              { return a.m.Observe(ev) }

// kindSet is a set of observe.Kinds.
type kindSet uint8

func kindsOf(ks ...observe.Kind) kindSet {
	var s kindSet
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s kindSet) has(k observe.Kind) bool { return s&(1<<k) != 0 } // 0 for k >= 8

// Common sets: the stimuli (what makes an endpoint act), and everything
// but what the application is told.
var (
	stimulusKinds = kindsOf(observe.Input, observe.Call, observe.Tick)
	allButNotify  = stimulusKinds | kindsOf(observe.Change, observe.Output)
)

// kindFilter is a monitor that reads only some kinds of event.
type kindFilter interface{ kinds() kindSet }

// viewSharer is a monitor that reads defView and lets a Checker share one.
type viewSharer interface{ shareView(v *defView) }

// boundsSharer is a monitor that reads recvBounds and lets a Checker share
// them.
type boundsSharer interface{ shareBounds(b *recvBounds) }

// boundsRef is a monitor's recvBounds: its own, or the ones its Checker
// shares, which only the Checker updates.
type boundsRef struct {
	own    recvBounds
	shared *recvBounds
}

func (r *boundsRef) get() *recvBounds {
	if r.shared != nil {
		return r.shared
	}
	return &r.own
}

func (r *boundsRef) input(f *segFacts) {
	if r.shared == nil {
		r.own.input(f)
	}
}

func (r *boundsRef) output(f *segFacts) {
	if r.shared == nil {
		r.own.output(f)
	}
}

// restart starts the bounds of a new incarnation: nothing known but the
// SYN that opened it, if the stimulus is one.
func (r *boundsRef) restart(stim *stimulus) {
	if r.shared == nil {
		r.own = recvBounds{}
		r.own.restart(stim)
	}
}

// keep returns a boundsRef for a monitor's Reset: fresh own bounds, the
// same shared ones.
func (r *boundsRef) keep() boundsRef { return boundsRef{shared: r.shared} }

// stimulusSharer is a monitor that reads the current stimulus and lets a
// Checker share it.
type stimulusSharer interface{ shareStimulus(s *stimulus) }

// stimRef is a monitor's record of the current stimulus: its own, or the
// one its Checker shares, which the Checker records once every monitor has
// seen the stimulus. A monitor records its own last, after its checks of
// the event, so that both judge an event against the stimulus before it.
type stimRef struct {
	own    stimulus
	shared *stimulus
}

func (r *stimRef) get() *stimulus {
	if r.shared != nil {
		return r.shared
	}
	return &r.own
}

func (r *stimRef) setInput(ev *observe.Event, f *segFacts) {
	if r.shared == nil {
		r.own.setInput(ev, f)
	}
}

func (r *stimRef) setCall(ev *observe.Event) {
	if r.shared == nil {
		r.own.setCall(ev)
	}
}

func (r *stimRef) setTick(ev *observe.Event) {
	if r.shared == nil {
		r.own.setTick(ev)
	}
}

// keep returns a stimRef for a monitor's Reset: a fresh own record, the
// same shared one.
func (r *stimRef) keep() stimRef { return stimRef{shared: r.shared} }

// stimKinds are the kinds a monitor that shares the stimulus and the
// bounds reads only to keep its own: the stimuli, or the segments that
// arrive.
func stimKinds(s *stimRef, b *boundsRef) kindSet {
	var ks kindSet
	if s.shared == nil {
		ks |= stimulusKinds
	}
	if b != nil && b.shared == nil {
		ks |= kindsOf(observe.Input)
	}
	return ks
}

// viewFollower reads the shared view after it took an event.
type viewFollower interface{ afterView(ev *observe.Event) }

// viewRef is a monitor's defView: its own, or the one its Checker shares.
type viewRef struct {
	own    defView
	shared *defView
}

// get returns the view to read.
func (r *viewRef) get() *defView {
	if r.shared != nil {
		return r.shared
	}
	return &r.own
}

// observe updates the monitor's own view with ev, whose segment has the
// facts f; a shared one is the Checker's to update.
func (r *viewRef) observe(ev *observe.Event, f *segFacts) {
	if r.shared == nil {
		r.own.observe(ev, f)
	}
}

// keep returns a viewRef for a monitor's Reset: a fresh own view, the same
// shared one.
func (r *viewRef) keep() viewRef { return viewRef{shared: r.shared} }

// stimFollower is the part of a monitor that reads the current stimulus
// (stimRef) and nothing else of calls, ticks and notifications: it records
// calls and ticks and ignores notifications, for the Checker to share.
type stimFollower struct{ stim stimRef }

func (s *stimFollower) onCall(ev *observe.Event) *Violation {
	s.stim.setCall(ev)
	return nil
}

func (s *stimFollower) onTick(ev *observe.Event) *Violation {
	s.stim.setTick(ev)
	return nil
}

func (*stimFollower) onNotify(*observe.Event) *Violation { return nil }

func (s *stimFollower) shareStimulus(p *stimulus) { s.stim.shared = p }

// keepStim returns the stimFollower for a monitor's Reset (stimRef.keep).
func (s *stimFollower) keepStim() stimFollower { return stimFollower{s.stim.keep()} }

// viewOnly is the part of a monitor that judges outputs only and follows
// every other kind of event just to keep its defView (viewRef) current.
type viewOnly struct{ view viewRef }

func (s *viewOnly) onInput(ev *observe.Event, f *segFacts) *Violation {
	s.view.observe(ev, f)
	return nil
}

func (s *viewOnly) onChange(ev *observe.Event) *Violation {
	s.view.observe(ev, nil)
	return nil
}

func (s *viewOnly) onCall(ev *observe.Event) *Violation {
	s.view.observe(ev, nil)
	return nil
}

func (s *viewOnly) onTick(ev *observe.Event) *Violation { return s.onCall(ev) }

func (*viewOnly) onNotify(*observe.Event) *Violation { return nil }

func (s *viewOnly) shareView(v *defView) { s.view.shared = v }

// keepView returns the viewOnly for a monitor's Reset (viewRef.keep).
func (s *viewOnly) keepView() viewOnly { return viewOnly{s.view.keep()} }
