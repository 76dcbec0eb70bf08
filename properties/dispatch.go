package properties

import "tcpcheck/observe"

// How a Checker spares its monitors work. Optional methods, known only to
// this package's monitors, let it do so without changing what any monitor
// reports (dispatch_test.go compares each monitor's state, event by event,
// alone and inside a Checker):
//   - kinds: the event kinds the monitor reads once the Checker shares
//     what it can (below; the Checker asks after sharing). The Checker
//     passes it only those; a monitor without the method sees every event.
//   - shareView: the monitor reads what defView infers. The Checker keeps
//     one defView for all such monitors, updated once per event after they
//     have all seen it (each judges an event against the view from before
//     it), instead of one per monitor. A monitor that also follows what the
//     event did to the view has afterView, which the Checker calls then.
//   - shareBounds: the same for the recvBounds that HandshakeBeforeEstablished,
//     AckOnlyReceived, SendWithinWindow and TimeWait2MSL keep alike: each
//     takes every segment in, and starts afresh, with the SYN that opened
//     it, when a new incarnation begins.
//   - observeFacts: Observe for a monitor that reads the facts of the
//     event's segment (factsOf); the Checker works them out once per event
//     instead of once per monitor. Monitors only read them.
//
// Monitors used on their own, without a Checker, see every event and keep
// their own view and bounds.

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

// factsUser is a monitor that takes the facts of the event's segment
// (eventFacts) from its Checker.
type factsUser interface {
	observeFacts(ev *observe.Event, facts *segFacts) *Violation
}

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

// observe updates the monitor's own view; a shared one is the Checker's to
// update.
func (r *viewRef) observe(ev *observe.Event) {
	if r.shared == nil {
		r.own.observe(ev)
	}
}

// keep returns a viewRef for a monitor's Reset: a fresh own view, the same
// shared one.
func (r *viewRef) keep() viewRef { return viewRef{shared: r.shared} }
