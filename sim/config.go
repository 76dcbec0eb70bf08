package sim

import (
	"net/netip"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// Time is virtual time in nanoseconds, as in package fsm.
type Time = fsm.Time

// Durations in Time units.
const (
	Microsecond = fsm.Microsecond
	Millisecond = fsm.Millisecond
	Second      = fsm.Second
)

// Defaults of the caps on a run (Config.MaxSegments, Config.MaxSteps).
const (
	DefaultMaxSegments = 100_000
	DefaultMaxSteps    = 1_000_000
)

// Config describes a simulation: its endpoints, what the network does and
// the caps on a run.
type Config struct {
	Endpoints []Node
	Seed      uint64 // seeds the generator for New; Reset takes a new one

	Link   Link   // every direction's faults and delay; SetLink overrides one
	Faults Faults // when set, decides every segment's fate instead of Link's probabilities
	// Heal is when faults stop: segments sent at or after it get only
	// their link's base Delay. Zero means faults never stop.
	Heal Time

	MaxSegments int  // most segments a run may send; default DefaultMaxSegments
	MaxSteps    int  // most events a run may process; default DefaultMaxSteps
	Until       Time // virtual time at which a run stops; zero: when nothing is left to do
	Record      bool // record each endpoint's view as a packetdrill script (Sim.Script)
	Trace       bool // keep a trace of every event (Sim.Trace), for Determinism and SeqOffsetInvariance
}

// Node is one endpoint of the simulation: its address, configuration and
// application.
type Node struct {
	Name string     // for reports; default "a", "b", ...
	Addr netip.Addr // default 192.0.2.(index+1)
	Port uint16     // default 40000+index
	// Peer is the index of the endpoint this one connects to (or, when
	// listening, expects: its address is given to Listen). A node is never
	// its own peer: Peer equal to the node's index means the other node of
	// a pair, so the zero value works for two endpoints.
	Peer int

	// Config is the endpoint's configuration. Its ISN function is
	// replaced: the endpoint's ISN is ISN, so that recorded scripts replay
	// with the same numbers.
	Config fsm.Config
	ISN    seq.Num
	// Build, when set, makes the endpoint from Config instead of fsm.New,
	// so tests can plug in deliberately broken endpoints. It must pass
	// Config.OnTransition on (see observe.NewProbeWith). It is called once:
	// Reset aborts the endpoint back to CLOSED (silently), so it must open
	// afresh on its next Connect or Listen, as fsm.Endpoint does.
	Build func(fsm.Config) observe.Endpoint
	// Sink, when set, sees every event of the endpoint (Sim.SetSink
	// changes it), for example a properties.Checker's Observe.
	Sink func(*observe.Event)

	// AutoRead makes the application read whenever the endpoint reports
	// bytes ready or the peer's FIN.
	AutoRead bool
	Actions  []Action
}

// Action is one application call: Op (connect, listen, send, recv,
// shutdown, close, abort), made once, At after its trigger. A shutdown or
// close waits until the application's earlier sends are all taken by the
// endpoint, as a blocking write followed by close would; abort does not.
type Action struct {
	Op observe.Op
	// N is the byte count of a send (bytes of the endpoint's pattern,
	// written as the send buffer takes them) or the most a recv reads
	// (0: up to 64 KiB).
	N     int
	On    Trigger
	Bytes int  // OnReceived: the total bytes read that fires the action
	At    Time // delay after the trigger (after the start for OnStart)
}

// Trigger is what starts an Action's delay.
type Trigger uint8

// The triggers.
const (
	OnStart     Trigger = iota // the start of the run
	OnConnected                // the connection is established (and accepted, when passive)
	OnReceived                 // the application has read Action.Bytes bytes in all
	OnEOF                      // the application has read the end of the stream
)

// Default addresses of the endpoints of Exchange.
var (
	AddrA = netip.MustParseAddr("192.0.2.1")
	AddrB = netip.MustParseAddr("192.0.2.2")
)

// Exchange is the closed-world scenario: a connects to b, which listens;
// once connected each writes n bytes and reads what comes; a closes when it
// has read b's n bytes, b when it reads the end of a's stream. a is
// therefore the active closer (TIME-WAIT) and b the passive one.
func Exchange(a, b fsm.Config, n int) Config {
	return Config{Endpoints: []Node{
		{Name: "a", Addr: AddrA, Port: 40000, Peer: 1, Config: a, ISN: 0x0a000000, AutoRead: true, Actions: []Action{
			{Op: observe.OpConnect},
			{Op: observe.OpSend, N: n, On: OnConnected},
			{Op: observe.OpClose, On: OnReceived, Bytes: n},
		}},
		{Name: "b", Addr: AddrB, Port: 8080, Peer: 0, Config: b, ISN: 0xb0000000, AutoRead: true, Actions: []Action{
			{Op: observe.OpListen},
			{Op: observe.OpSend, N: n, On: OnConnected},
			{Op: observe.OpClose, On: OnEOF},
		}},
	}}
}
