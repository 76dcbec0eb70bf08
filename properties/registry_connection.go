package properties

// connectionMonitors are the invariants of connection management and
// sequence space.
var connectionMonitors = []func() Monitor{
	func() Monitor { return new(MonotonicAck) },
}
