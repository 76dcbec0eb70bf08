package closedworld

import (
	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// Scenario is one closed world: endpoint a opens actively towards b, which
// listens (or also connects, for a simultaneous open); each writes End.Send
// bytes once connected, reads everything that arrives, and closes as
// End.Close says.
type Scenario struct {
	Simultaneous bool      // b connects to a too, instead of listening
	Legacy       bool      // RFC 793 rules instead of RFC 5961, on both
	SmallBuffers bool      // send and receive buffers of 4000 bytes: windows fill
	SmallMSS     bool      // both announce an MSS of 536
	NoTimestamps bool      // neither offers timestamps
	ISN          [2]uint32 // a's and b's initial sequence numbers
	Ends         [2]End
	Delay        fsm.Time // one-way delay of every segment
	Heal         fsm.Time // faults stop for segments sent at or after it
	Faults       []byte   // sim.ByteFaults data: two bytes per segment, in the order they are sent
}

// End is what one endpoint's application does.
type End struct {
	Send  uint16     // bytes to write once connected
	Close observe.Op // OpClose, OpShutdown or OpAbort; 0 never closes
	When  Trigger    // what starts the close's delay
	After fsm.Time   // the close's delay after its trigger
}

// Trigger is what an End's close waits for.
type Trigger uint8

// The triggers.
const (
	AfterReceived  Trigger = iota // the application read every byte its peer writes
	AfterEOF                      // it read the end of its peer's stream
	AfterConnected                // the connection is established
	NumTriggers
)

// bufferSize is the buffer of SmallBuffers.
const bufferSize = 4000

// MSL is the endpoints' maximum segment lifetime: TIME-WAIT (2 MSL) must
// outlast the latest heal (128 s) plus a maximal retransmission timeout
// (60 s). Otherwise a FIN the faults keep losing may be retransmitted
// after the peer's TIME-WAIT ended, and the peer, CLOSED, rightly answers
// with RST (RFC 9293 §3.10.7.1), which EventualClose would take for a
// failure.
const MSL = 100 * fsm.Second

// config is an endpoint's fsm configuration under sc.
func (sc *Scenario) config() fsm.Config {
	c := fsm.Config{Legacy: sc.Legacy, NoTimestamp: sc.NoTimestamps, MSL: MSL}
	if sc.SmallBuffers {
		c.SendBuffer, c.RecvBuffer = bufferSize, bufferSize
	}
	if sc.SmallMSS {
		c.MSS = 536
	}
	return c
}

// Liveness says which liveness properties a scenario's run must meet.
type Liveness struct {
	StreamComplete bool // every byte written is read
	EventualClose  bool // both applications close, and both endpoints reach CLOSED
}

// Applies returns the liveness properties that apply to sc once both
// endpoints connected: StreamComplete unless an end aborts or closes
// fully on a timer (a close with unread bytes, or bytes arriving after it,
// resets: RFC 2525 §2.17, RFC 9293 §3.10.7.4); EventualClose when
// StreamComplete applies and both ends' closes are sure to happen (a close
// after the peer's EOF happens when the peer's close does).
func (sc *Scenario) Applies() Liveness {
	var l Liveness
	l.StreamComplete = true
	for _, e := range sc.Ends {
		if e.Close == observe.OpAbort || e.Close == observe.OpClose && e.When == AfterConnected {
			l.StreamComplete = false
		}
	}
	var fires [2]bool
	for range 2 { // a fixpoint: a close after EOF needs the peer's close
		for i, e := range sc.Ends {
			peer := sc.Ends[1-i]
			switch {
			case e.Close == 0:
			case e.When == AfterConnected:
				fires[i] = true
			case e.When == AfterReceived:
				fires[i] = l.StreamComplete
			case e.When == AfterEOF:
				fires[i] = l.StreamComplete && fires[1-i] && peer.Close != observe.OpAbort
			}
		}
	}
	l.EventualClose = l.StreamComplete && fires[0] && fires[1]
	return l
}
