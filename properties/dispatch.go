package properties

import "tcpcheck/observe"

// How a Checker spares its monitors work. Two optional methods, known only
// to this package's monitors, let it do so without changing what any
// monitor reports:
//   - kinds: the event kinds the monitor reads. The Checker passes it only
//     those; a monitor without the method sees every event.
//   - shareView: the monitor reads what defView infers, and only before
//     an event updates it (each judges an event against the view from
//     before it). The Checker keeps one defView for all such monitors,
//     updated once per event after they have all seen it, instead of one
//     per monitor. (RetransmitBackoff reads its view after the update too:
//     it keeps its own.)
//   - observeFacts: Observe for a monitor that reads the facts of the
//     event's segment (factsOf); the Checker works them out once per event
//     instead of once per monitor. Monitors only read them.
//
// Monitors used on their own, without a Checker, see every event and keep
// their own view.

// kindSet is a set of observe.Kinds.
type kindSet uint8

func kindsOf(ks ...observe.Kind) kindSet {
	var s kindSet
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s kindSet) has(k observe.Kind) bool { return k < 8 && s&(1<<k) != 0 }

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
