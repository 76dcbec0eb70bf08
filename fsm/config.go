package fsm

import (
	"net/netip"

	"tcpcheck/seq"
)

// Time is virtual time in nanoseconds on the caller's clock.
type Time int64

// Never is the deadline of an endpoint with no timer running.
const Never Time = 1<<63 - 1

// Durations in Time units.
const (
	Microsecond Time = 1000
	Millisecond      = 1000 * Microsecond
	Second           = 1000 * Millisecond
)

// Tuple names a connection: local and remote addresses and ports.
type Tuple struct {
	LocalAddr, RemoteAddr netip.Addr
	LocalPort, RemotePort uint16
}

// ISNFunc chooses the initial send sequence number of a connection.
type ISNFunc func(now Time, t Tuple) seq.Num

// Config fixes an endpoint's behaviour and capacities. The zero value of a
// field means its default; DefaultConfig shows them all.
type Config struct {
	MSS         uint16 // MSS we announce (RFC 9293 §3.7.1); default 1460
	SendBuffer  int    // send buffer bytes; default 64 KiB
	RecvBuffer  int    // receive buffer bytes; default 64 KiB
	MaxBurst    int    // most segments one call may emit; default 64
	WScale      int8   // our window shift (RFC 7323 §2); default: smallest fitting RecvBuffer; -1: do not offer
	NoSACK      bool   // do not offer SACK-permitted (RFC 2018)
	NoTimestamp bool   // do not offer timestamps (RFC 7323 §3)
	// NoOptions sends SYNs without any option, as BSD's TCP_NOOPT does: no
	// MSS (the peer then assumes 536, RFC 9293 §3.7.1), window scale,
	// SACK-permitted or timestamps.
	NoOptions bool

	MSL        Time // maximum segment lifetime; TIME-WAIT lasts 2*MSL (RFC 9293 §3.4.2); default 30 s
	RTOInitial Time // RFC 6298 §2.1: 1 s
	RTOMin     Time // RFC 6298 §2.4: 1 s
	RTOMax     Time // RFC 6298 §2.5: 60 s
	SynRetries int  // SYN and SYN-ACK retransmissions before giving up; default 6
	Retries    int  // data and FIN retransmissions before giving up; default 15
	// ConnectTimeout, when positive, bounds connection establishment in
	// time instead of by SynRetries: RFC 9293 §3.8.3 lets R2 for a SYN be
	// measured in time units. An open still in SYN-SENT or SYN-RECEIVED
	// that long after it began fails with ErrTimedOut, however many
	// retransmissions that took (BSD's TCP_KEEPINIT socket option).
	ConnectTimeout Time

	// ECN selects RFC 3168 ECN negotiation (§6.1.1); the zero value is
	// ECNOff. ECNSynRetries is how many SYN retransmissions still carry
	// ECE and CWR before the SYN is sent without them (§6.1.1.1: a host
	// that gets no reply to an ECN-setup SYN "MAY resend the SYN and any
	// subsequent SYN retransmissions with CWR and ECE cleared"); 0, the
	// default, clears them from the first retransmission.
	ECN           ECNMode
	ECNSynRetries int

	// Legacy selects RFC 793 behaviour instead of RFC 5961: any in-window
	// RST resets, an in-window SYN resets, ACKs are not checked against
	// MAX.SND.WND.
	Legacy bool
	// ChallengeACKLimit bounds challenge ACKs per second per connection
	// (RFC 5961 §7); default 10, -1 for no limit.
	ChallengeACKLimit int
	// InvalidAckInterval is the least time between two ACKs that answer
	// unacceptable segments occupying no sequence space (pure ACKs), as
	// Linux's tcp_invalid_ratelimit: two endpoints whose windows disagree
	// would otherwise answer each other's ACKs forever (RFC 9293
	// §3.10.7.4 first sends an ACK for every unacceptable segment). Data,
	// SYN and FIN are always answered. Default 500 ms; negative: no
	// limit. Both modes apply it.
	InvalidAckInterval Time
	// TimeWaitRST makes an RST close a connection in TIME-WAIT, as Linux
	// does, instead of ignoring it as RFC 1337 recommends.
	TimeWaitRST bool
	// KeepAlive, when positive, is the idle time before keep-alive probes
	// (RFC 9293 §3.8.4); KeepAliveProbes unanswered probes abort the
	// connection (default 9), spaced by KeepAliveInterval (default 75 s).
	KeepAlive         Time
	KeepAliveInterval Time
	KeepAliveProbes   int

	ISN ISNFunc // default: RFC 6528 style, see DefaultISN
	// OnTransition, when set, is called on every state change.
	OnTransition func(now Time, from, to State)
}

// DefaultConfig returns the configuration New uses for zero fields.
func DefaultConfig() Config {
	var c Config
	c.fill()
	return c
}

// fill replaces zero fields by their defaults.
func (c *Config) fill() {
	setDefault(&c.SendBuffer, 64<<10)
	setDefault(&c.RecvBuffer, 64<<10)
	setDefault(&c.MaxBurst, 64)
	setDefault(&c.SynRetries, 6)
	setDefault(&c.Retries, 15)
	setDefault(&c.ChallengeACKLimit, 10)
	setDefault(&c.KeepAliveProbes, 9)
	setDefault(&c.MSS, 1460)
	setDefault(&c.MSL, 30*Second)
	setDefault(&c.RTOInitial, Second)
	setDefault(&c.RTOMin, Second)
	setDefault(&c.RTOMax, 60*Second)
	setDefault(&c.KeepAliveInterval, 75*Second)
	setDefault(&c.InvalidAckInterval, 500*Millisecond)
	if c.NoOptions {
		c.NoSACK, c.NoTimestamp, c.WScale = true, true, -1
	}
	if c.WScale == 0 {
		c.WScale = shiftFor(c.RecvBuffer)
	}
	if c.ISN == nil {
		c.ISN = DefaultISN
	}
}

// ECNMode is how an endpoint takes part in RFC 3168 ECN negotiation.
// Only the negotiation is modelled: fsm sees no IP header, so it never sets
// ECT nor learns of CE marks, and a connection that negotiated ECN sends
// no ECE or CWR after the handshake.
type ECNMode uint8

// The ECN modes: FreeBSD's net.inet.tcp.ecn.enable 0, 2 and 1.
const (
	ECNOff     ECNMode = iota // neither ask for ECN nor agree to it
	ECNAccept                 // answer an ECN-setup SYN with an ECN-setup SYN-ACK
	ECNRequest                // also send ECN-setup SYNs
)

func setDefault[T int | uint16 | Time](v *T, d T) {
	if *v == 0 {
		*v = d
	}
}

// shiftFor returns the smallest window shift that lets a 16-bit window field
// advertise n bytes, capped at 14 (RFC 7323 §2.3).
func shiftFor(n int) int8 {
	var s int8
	for s < 14 && n>>s > 0xffff {
		s++
	}
	return s
}
