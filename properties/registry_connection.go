package properties

// connectionMonitors are the invariants of connection management and
// sequence space.
var connectionMonitors = []func() Monitor{
	func() Monitor { return new(HandshakeBeforeEstablished) },
	func() Monitor { return new(LegalTransition) },
	func() Monitor { return new(MonotonicAck) },
	func() Monitor { return new(AckOnlyReceived) },
	func() Monitor { return new(SynFinConsumeOne) },
	func() Monitor { return new(SendWithinWindow) },
	func() Monitor { return new(TimeWait2MSL) },
}
