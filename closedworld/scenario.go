package closedworld

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/sim"
)

// Scenario is one closed world: side a (Sides[0]) opens actively towards
// b, which listens (or also connects, for a simultaneous open); each writes
// Send bytes once connected, reads everything that arrives, and closes as
// its Close, When and After say. The network delays every segment by
// Link.Delay and, until Heal, loses, duplicates, corrupts or reorders
// segments: as Faults decide when it is not empty (two bytes per segment,
// sim.ByteFaults), else with Link's probabilities drawn from Seed.
type Scenario struct {
	Sides        [2]Side
	Simultaneous bool     // b connects to a too, instead of listening
	Link         sim.Link // both directions; its probabilities and jitter apply only without Faults
	Heal         fsm.Time // faults stop for segments sent at or after it; 0: never
	Faults       []byte   // sim.ByteFaults data, in the order segments are sent
	Seed         uint64   // the simulator's generator, for Link's probabilities
}

// Side is one endpoint: its configuration and what its application does.
// Zero values mean fsm's defaults.
type Side struct {
	ISN         uint32 // initial sequence number
	Legacy      bool   // RFC 793 rules instead of RFC 5961
	NoTimestamp bool   // do not offer timestamps (RFC 7323 §3)
	WScale      int8   // window shift offered (RFC 7323 §2); -1 none
	SendBuffer  int    // bytes
	RecvBuffer  int    // bytes
	MSS         uint16 // MSS announced (RFC 9293 §3.7.1)

	Send  uint16     // bytes the application writes once connected
	Close observe.Op // OpClose, OpShutdown or OpAbort; 0 never closes
	When  Trigger    // what starts the close's delay
	After fsm.Time   // the close's delay after its trigger
}

// Trigger is what a side's close waits for.
type Trigger uint8

// The triggers.
const (
	AfterReceived  Trigger = iota // the application read every byte its peer writes
	AfterEOF                      // it read the end of its peer's stream
	AfterConnected                // the connection is established
	NumTriggers
)

// SmallBuffer and SmallMSS are the sizes of the byte format's small
// buffers and small MSS: windows fill and segments are many.
const (
	SmallBuffer = 2000
	SmallMSS    = 536
)

// MSL is the endpoints' maximum segment lifetime: TIME-WAIT (2 MSL) must
// outlast the latest heal the generators and the byte format give (128 s)
// plus a maximal retransmission timeout (60 s). Otherwise a FIN the faults
// keep losing may be retransmitted after the peer's TIME-WAIT ended, and
// the peer, CLOSED, rightly answers with RST (RFC 9293 §3.10.7.1), which
// EventualClose would take for a failure.
const MSL = 100 * fsm.Second

// config is the side's fsm configuration.
func (s *Side) config() fsm.Config {
	return fsm.Config{MSL: MSL, Legacy: s.Legacy, NoTimestamp: s.NoTimestamp, WScale: s.WScale,
		SendBuffer: s.SendBuffer, RecvBuffer: s.RecvBuffer, MSS: s.MSS}
}

// Liveness says which liveness properties a scenario's run must meet.
type Liveness struct {
	StreamComplete bool // every byte written is read
	EventualClose  bool // both applications close, and both endpoints reach CLOSED
}

// Applies returns the liveness properties that apply to sc once both
// endpoints connected: StreamComplete unless a side aborts or closes
// fully on a timer (a close with unread bytes, or bytes arriving after it,
// resets: RFC 2525 §2.17, RFC 9293 §3.10.7.4); EventualClose when
// StreamComplete applies and both sides' closes are sure to happen (a
// close after the peer's EOF happens when the peer's close does).
func (sc *Scenario) Applies() Liveness {
	var l Liveness
	l.StreamComplete = true
	for _, s := range sc.Sides {
		if s.Close == observe.OpAbort || s.Close == observe.OpClose && s.When == AfterConnected {
			l.StreamComplete = false
		}
	}
	var fires [2]bool
	for range 2 { // a fixpoint: a close after EOF needs the peer's close
		for i, s := range sc.Sides {
			peer := sc.Sides[1-i]
			switch {
			case s.Close == 0:
			case s.When == AfterConnected:
				fires[i] = true
			case s.When == AfterReceived:
				fires[i] = l.StreamComplete
			case s.When == AfterEOF:
				fires[i] = l.StreamComplete && fires[1-i] && peer.Close != observe.OpAbort
			}
		}
	}
	l.EventualClose = l.StreamComplete && fires[0] && fires[1]
	return l
}
