package properties

// defenceMonitors are the invariants of resets, blind attacks, timers and
// the form of what is sent.
var defenceMonitors = []func() Monitor{}
