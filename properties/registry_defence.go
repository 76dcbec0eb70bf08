package properties

// defenceMonitors are the invariants of resets, blind attacks, timers and
// the form of what is sent.
var defenceMonitors = []func() Monitor{
	func() Monitor { return new(BlindResetResistance) },
	func() Monitor { return new(BlindSynResistance) },
	func() Monitor { return new(ValidReset) },
	func() Monitor { return new(RetransmitBackoff) },
	func() Monitor { return new(OutputBounded) },
	func() Monitor { return new(OptionsNegotiated) },
	func() Monitor { return new(WellFormedOutput) },
}
