package shrink

import (
	"net/netip"

	"tcpcheck/convert"
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Trace is one run of a scenario, recorded event by event for the
// outputs that show it (Ladder, WritePcap). Events own their segments and
// bytes.
type Trace struct {
	Events  []observe.Event
	Failure Failure // how the run failed; Failure.Event.Event indexes Events for a violation
	// Marked is the index in Events of the event that broke the invariant
	// (the last event before a panic), -1 when none.
	Marked  int
	Config  fsm.Config // the endpoint's configuration
	ISN     seq.Num    // the endpoint's initial sequence number
	PeerISN seq.Num
	Passive bool
	Local   netip.AddrPort // the endpoint
	Remote  netip.AddrPort // the injected peer

	rec *convert.Recorder // the run as a script, for a scenario's trace
}

// The addresses and ports of an open-world run (those package runner gives
// a replayed script, IPv4).
var (
	localAddr  = netip.MustParseAddr("192.168.0.1")
	remoteAddr = netip.MustParseAddr("192.0.2.1")
)

const (
	localPort  = 8080
	remotePort = 54242
)

// RecordScenario runs sc against the endpoint build makes (nil: the
// reference endpoint) with every monitor and records the run.
func RecordScenario(sc *properties.Scenario, build func(fsm.Config) observe.Endpoint) *Trace {
	t := &Trace{
		ISN: seq.Num(sc.ISN), PeerISN: seq.Num(sc.PeerISN), Passive: sc.Passive, Marked: -1,
		Local:  netip.AddrPortFrom(localAddr, localPort),
		Remote: netip.AddrPortFrom(remoteAddr, remotePort),
	}
	t.Config = sc.Config(nil)
	t.rec = convert.NewRecorder(t.Config)
	w := &properties.OpenWorld{Build: build, Sink: func(ev *observe.Event) {
		t.add(ev)
		t.rec.Observe(ev)
	}}
	t.Failure = func() (f Failure) {
		defer func() {
			if r := recover(); r != nil {
				f = panicFailure(r)
			}
		}()
		if v := w.Run(sc); v != nil {
			return fromViolation(v)
		}
		return Failure{}
	}()
	t.Failure.withMessage()
	switch t.Failure.Kind {
	case Violation:
		t.Marked = t.Failure.Event.Event
	case Panic:
		t.Marked = len(t.Events) - 1
	}
	return t
}

// add keeps a copy of ev.
func (t *Trace) add(ev *observe.Event) {
	e := *ev
	if ev.Seg != nil {
		g := *ev.Seg
		g.Payload = append([]byte(nil), ev.Seg.Payload...)
		e.Seg = &g
	}
	e.Wire = append([]byte(nil), ev.Wire...)
	t.Events = append(t.Events, e)
}

// Segments returns how many segments the run injected and sent.
func (t *Trace) Segments() (in, out int) {
	for i := range t.Events {
		switch t.Events[i].Kind {
		case observe.Input:
			in++
		case observe.Output:
			out++
		}
	}
	return in, out
}

// flagMask is what packetdrill's flag letters can write.
const flagMask = segment.SYN | segment.FIN | segment.RST | segment.PSH | segment.ACK | segment.URG | segment.ECE | segment.CWR
