package properties

import "tcpcheck/fsm"

// Config tells the monitors the parameters an endpoint runs with, where a
// rule depends on them. Times are nanoseconds.
type Config struct {
	MSL        int64 // TIME-WAIT lasts 2*MSL (RFC 9293 §3.4.2)
	RTOInitial int64 // RFC 6298 §2.1
	RTOMin     int64 // RFC 6298 §2.4: the RTO never goes below it
	RTOMax     int64 // RFC 6298 §2.5
	SynRetries int   // SYN and SYN-ACK retransmissions before giving up
	Retries    int   // data and FIN retransmissions before giving up
	// ConnectTimeout, when positive, bounds an open in time instead of by
	// SynRetries (RFC 9293 §3.8.3 lets R2 be a time; BSD's TCP_KEEPINIT):
	// the SYN or SYN-ACK is resent until then.
	ConnectTimeout int64
	// Legacy is RFC 793 behaviour: the RFC 5961 monitors do not apply.
	Legacy bool
	// ChallengeACKLimit bounds challenge ACKs per second (RFC 5961 §7);
	// -1 for none.
	ChallengeACKLimit int
	// MaxBurst is the most segments one stimulus may provoke.
	MaxBurst int
	// Slack is the timing tolerance of timer rules, for stacks whose
	// timers are not exact.
	Slack int64
}

// ConfigFromFSM returns the monitors' view of a reference endpoint's
// configuration, defaults filled in.
func ConfigFromFSM(c fsm.Config) Config {
	d := c.WithDefaults()
	return Config{
		MSL:               int64(d.MSL),
		RTOInitial:        int64(d.RTOInitial),
		RTOMin:            int64(d.RTOMin),
		RTOMax:            int64(d.RTOMax),
		SynRetries:        d.SynRetries,
		Retries:           d.Retries,
		ConnectTimeout:    int64(d.ConnectTimeout),
		Legacy:            d.Legacy,
		ChallengeACKLimit: d.ChallengeACKLimit,
		MaxBurst:          d.MaxBurst,
	}
}

// DefaultConfig is the configuration of a reference endpoint with defaults.
func DefaultConfig() Config { return ConfigFromFSM(fsm.Config{}) }
