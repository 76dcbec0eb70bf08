package properties

import (
	"tcpcheck/observe"
)

// LegalTransition: every state change an endpoint reports is an edge of
// the RFC 9293 state diagram (§3.3.2 Figure 5, with the edges §3.10 adds),
// taken on the event that edge names. The event is the stimulus reported
// before the change (observe's order: stimulus, changes, segments sent): a
// segment that arrived with given flags, an application call, or timers
// running (retransmission give-up, §3.8.3 R2; keep-alive, §3.8.4; the end
// of TIME-WAIT, §3.10.8). One stimulus may cause several changes (an ACK
// and FIN of ours acknowledged: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT); each is
// checked against it.
//
// The edges are the table stateEdges below. Beyond Figure 5 it has RST,
// ABORT and timeouts leading to CLOSED from any state that has a peer,
// SYN-RECEIVED back to LISTEN on an RST or SYN for a passive open
// (§3.10.7.4 second and fourth checks), FIN-WAIT-1 straight to TIME-WAIT
// on a FIN that acknowledges ours (eighth check), SYN-RECEIVED to
// CLOSE-WAIT on a FIN, TIME-WAIT to SYN-RECEIVED for a new incarnation
// (RFC 6191; TimeWait2MSL checks which SYNs may), a close with unread data
// resetting the connection (RFC 2525 §2.17), FIN-WAIT-1 or FIN-WAIT-2
// resetting on new data after a close call, not a shutdown (RFC 1122
// §4.2.2.13: the application reads no more), and, in legacy RFC 793 mode
// (Config.Legacy), a SYN in the window resetting a synchronized connection.
// A few edges depend on what came before, each named by its condition:
// whether SYN-RECEIVED came from LISTEN or SYN-SENT, a CLOSE made in
// SYN-RECEIVED that takes effect once ESTABLISHED (§3.10.4), a FIN that
// came on the peer's SYN and is processed once ESTABLISHED (§3.10.7.3).
// An endpoint that passes a new incarnation through LISTEN (TIME-WAIT,
// LISTEN, SYN-RECEIVED on one SYN) must take both steps on that SYN.
//
// It also flags a change whose From is not the state last reported.
// Changes from or to Unknown are not checked.
type LegalTransition struct {
	v      Violation
	legacy bool
	stim   stimulus

	state       observe.State
	known       bool
	opened      openedBy
	closeQueued bool // CLOSE in SYN-RECEIVED: FIN-WAIT-1 once ESTABLISHED
	appClosed   bool // a close call (not shutdown): new data draws an RST
	synFin      bool // the peer's SYN carried FIN: CLOSE-WAIT once ESTABLISHED
	wantSynRcvd bool // TIME-WAIT -> LISTEN must go on to SYN-RECEIVED
}

type openedBy uint8

const (
	openedUnknown openedBy = iota
	openedPassive
	openedActive
)

// edgeCause is the set of events that may take an edge.
type edgeCause uint16

const (
	byConnect edgeCause = 1 << iota // connect call: active OPEN
	byListen                        // listen call: passive OPEN
	bySend                          // send call
	byClose                         // close or shutdown call: CLOSE
	byAbort                         // abort call: ABORT
	byTimer                         // timers ran
	bySYN                           // a SYN without ACK or RST
	bySYNACK                        // a SYN with ACK, without RST
	byACK                           // an ACK without SYN or RST
	byFIN                           // a FIN with ACK, without RST
	byRST                           // an RST
	byRSTACK                        // an RST with ACK
)

// edgeCond is what, besides its cause, an edge needs.
type edgeCond uint8

const (
	condAlways      edgeCond = iota
	condPassive              // SYN-RECEIVED was entered from LISTEN (or TIME-WAIT)
	condActive               // SYN-RECEIVED was entered from SYN-SENT
	condLegacy               // RFC 793 rules (Config.Legacy)
	condCloseQueued          // CLOSE was called in SYN-RECEIVED
	condSynFin               // the peer's SYN carried a FIN, queued
	condThenSynRcvd          // the same stimulus goes on from LISTEN to SYN-RECEIVED
	condAppClosed            // the application called close (not shutdown)
)

type stateEdge struct {
	from, to observe.State
	by       edgeCause
	when     edgeCond
}

const (
	stClosed      = observe.Closed
	stListen      = observe.Listen
	stSynSent     = observe.SynSent
	stSynReceived = observe.SynReceived
	stEstablished = observe.Established
	stFinWait1    = observe.FinWait1
	stFinWait2    = observe.FinWait2
	stCloseWait   = observe.CloseWait
	stClosing     = observe.Closing
	stLastAck     = observe.LastAck
	stTimeWait    = observe.TimeWait

	// Every synchronized state but TIME-WAIT leaves for CLOSED on these:
	// RST (§3.10.7.4 second), ABORT (§3.10.5), close with unread data
	// (RFC 2525 §2.17), a timeout (§3.8.3 R2, §3.8.4).
	byReset = byRST | byAbort | byClose | byTimer
)

// stateEdges is the RFC 9293 state diagram: each row an edge, the events
// that take it and the condition it needs.
var stateEdges = [...]stateEdge{
	// Figure 5.
	{stClosed, stListen, byListen, condAlways},                                // passive OPEN
	{stClosed, stSynSent, byConnect, condAlways},                              // active OPEN / snd SYN
	{stListen, stSynReceived, bySYN, condAlways},                              // rcv SYN / snd SYN,ACK
	{stListen, stSynSent, bySend, condAlways},                                 // SEND / snd SYN
	{stListen, stClosed, byClose | byAbort, condAlways},                       // CLOSE / delete TCB
	{stSynSent, stSynReceived, bySYN, condAlways},                             // rcv SYN / snd SYN,ACK (Figure 7)
	{stSynSent, stEstablished, bySYNACK, condAlways},                          // rcv SYN,ACK / snd ACK
	{stSynSent, stClosed, byClose | byAbort | byRSTACK | byTimer, condAlways}, // CLOSE; §3.10.7.3: RST with acceptable ACK
	{stSynReceived, stEstablished, byACK, condAlways},                         // rcv ACK of SYN
	{stSynReceived, stEstablished, bySYNACK, condActive},                      // Figure 7 line 6: the peer's SYN-ACK
	{stSynReceived, stFinWait1, byClose, condAlways},                          // CLOSE / snd FIN
	{stEstablished, stFinWait1, byClose, condAlways},                          // CLOSE / snd FIN
	{stEstablished, stCloseWait, byFIN, condAlways},                           // rcv FIN / snd ACK
	{stFinWait1, stFinWait2, byACK, condAlways},                               // rcv ACK of FIN
	{stFinWait1, stClosing, byFIN, condAlways},                                // rcv FIN / snd ACK
	{stFinWait2, stTimeWait, byFIN, condAlways},                               // rcv FIN / snd ACK
	{stCloseWait, stLastAck, byClose, condAlways},                             // CLOSE / snd FIN
	{stClosing, stTimeWait, byACK, condAlways},                                // rcv ACK of FIN
	{stLastAck, stClosed, byACK | byReset, condAlways},                        // rcv ACK of FIN
	{stTimeWait, stClosed, byTimer | byRST | byAbort, condAlways},             // Timeout=2MSL; §3.10.7.4 second; §3.10.5

	// §3.10 and the RFCs it builds on.
	{stSynReceived, stListen, byRST | bySYN | bySYNACK, condPassive}, // §3.10.7.4 second and fourth checks
	{stSynReceived, stClosed, byRST, condActive},                     // §3.10.7.4 second: connection refused
	{stSynReceived, stClosed, byAbort | byClose | byTimer, condAlways},
	{stSynReceived, stCloseWait, byFIN, condAlways},                // §3.10.7.4 eighth
	{stEstablished, stFinWait1, byACK | bySYNACK, condCloseQueued}, // §3.10.4: CLOSE queued in SYN-RECEIVED
	{stEstablished, stCloseWait, byACK | bySYNACK, condSynFin},     // §3.10.7.3: FIN queued from the SYN
	{stFinWait1, stClosing, byACK | bySYNACK, condSynFin},          // the same, with a CLOSE queued too
	{stFinWait1, stTimeWait, byFIN, condAlways},                    // §3.10.7.4 eighth: FIN with the ACK of ours
	{stTimeWait, stSynReceived, bySYN, condAlways},                 // RFC 6191, §3.10.7.4: new incarnation
	{stTimeWait, stListen, bySYN, condThenSynRcvd},                 // the same, through LISTEN
	{stEstablished, stClosed, byReset, condAlways},                 // RST, ABORT, timeout
	{stFinWait1, stClosed, byReset, condAlways},
	{stFinWait2, stClosed, byReset, condAlways},
	{stCloseWait, stClosed, byReset, condAlways},
	{stClosing, stClosed, byReset, condAlways},
	{stFinWait1, stClosed, byACK | byFIN, condAppClosed}, // RFC 1122 §4.2.2.13: data after CLOSE
	{stFinWait2, stClosed, byACK | byFIN, condAppClosed},
	{stSynReceived, stClosed, bySYN | bySYNACK, condLegacy}, // RFC 793: SYN in the window
	{stEstablished, stClosed, bySYN | bySYNACK, condLegacy},
	{stFinWait1, stClosed, bySYN | bySYNACK, condLegacy},
	{stFinWait2, stClosed, bySYN | bySYNACK, condLegacy},
	{stCloseWait, stClosed, bySYN | bySYNACK, condLegacy},
	{stClosing, stClosed, bySYN | bySYNACK, condLegacy},
	{stLastAck, stClosed, bySYN | bySYNACK, condLegacy},
	{stTimeWait, stClosed, bySYN | bySYNACK, condLegacy},
}

// edgesByPair is stateEdges by (from, to), in table order, so that a
// change looks only at its own rows.
var edgesByPair = func() (t [observe.NumStates][observe.NumStates][]stateEdge) {
	for _, e := range stateEdges {
		t[e.from][e.to] = append(t[e.from][e.to], e)
	}
	return t
}()

// stimClass names a stimulus in messages.
type stimClass uint8

// The classes; the calls share observe.Op's numbering.
const (
	classNone stimClass = iota
	classConnect
	classListen
	classSend
	classRecv
	classShutdown
	classClose
	classAbort
	classTimer
	classSYN
	classSYNACK
	classACK
	classFIN
	classRST
	classRSTACK
	classNoACK
	numStimClasses
)

var stimClassNames = [numStimClasses]string{
	"no stimulus before it", "a connect call", "a listen call", "a send call", "a recv call",
	"a shutdown call", "a close call", "an abort call", "a timer",
	"a SYN (seq %d ack %d)", "a SYN-ACK (seq %d ack %d)", "an ACK (seq %d ack %d)", "a FIN (seq %d ack %d)",
	"an RST (seq %d ack %d)", "an RST-ACK (seq %d ack %d)", "a segment without ACK (seq %d ack %d)",
}

// transitionTexts are the messages, made once so that a violation costs
// no allocation.
var transitionTexts = func() (t struct {
	notEdge, notFrom [observe.NumStates][observe.NumStates]string
	wrongCause       [observe.NumStates][observe.NumStates][numStimClasses]string
}) {
	for a := range observe.NumStates {
		for b := range observe.NumStates {
			t.notEdge[a][b] = a.String() + " -> " + b.String() + " is not an edge of the RFC 9293 state diagram"
			t.notFrom[a][b] = "a change from " + b.String() + " reported while the endpoint was in " + a.String()
		}
	}
	for _, e := range stateEdges {
		for c := range numStimClasses {
			t.wrongCause[e.from][e.to][c] = e.from.String() + " -> " + e.to.String() + " on " + stimClassNames[c] +
				", not an event RFC 9293 names for this edge"
		}
	}
	return t
}()

// Name implements Monitor.
func (*LegalTransition) Name() string { return "LegalTransition" }

// Reset implements Monitor.
func (m *LegalTransition) Reset(cfg *Config) { *m = LegalTransition{legacy: cfg.Legacy} }

// Observe implements Monitor.
func (m *LegalTransition) Observe(ev *observe.Event) *Violation {
	switch ev.Kind {
	case observe.Input:
		f := segFactsOf(ev)
		return m.onInput(ev, &f)
	case observe.Output:
		return m.onOutput(ev, nil)
	case observe.Change:
		return m.onChange(ev)
	case observe.Call:
		return m.onCall(ev)
	case observe.Tick:
		return m.onTick(ev)
	}
	return m.missedSynRcvd() // Notify, and kinds observe does not define
}

// missedSynRcvd reports, once, that the event after TIME-WAIT -> LISTEN on
// a SYN was not LISTEN -> SYN-RECEIVED.
func (m *LegalTransition) missedSynRcvd() *Violation {
	if !m.wantSynRcvd {
		return nil
	}
	m.wantSynRcvd = false
	return m.v.set(m.Name(), "TIME-WAIT -> LISTEN on a SYN (seq %d) did not go on to SYN-RECEIVED", int64(m.stim.seg.seq))
}

// onInput and the rest: Observe by kind (dispatch.go).
func (m *LegalTransition) onInput(ev *observe.Event, f *segFacts) *Violation {
	if m.wantSynRcvd {
		return m.missedSynRcvd()
	}
	m.stim.setInput(ev, f)
	if m.known && f.bareSYN && f.finBit && synFinStates[m.state] {
		m.synFin = true // see noteSynFin
	}
	return nil
}

// synFinStates are those where a SYN arriving may open a connection.
var synFinStates = stateSet(observe.Listen, observe.SynSent, observe.TimeWait)

func (m *LegalTransition) onCall(ev *observe.Event) *Violation {
	if m.wantSynRcvd {
		return m.missedSynRcvd()
	}
	m.stim.setCall(ev)
	if !m.known {
		return nil
	}
	if (ev.Op == observe.OpClose || ev.Op == observe.OpShutdown) && m.state == observe.SynReceived {
		m.closeQueued = true
	}
	if ev.Op == observe.OpClose && synchronized[m.state] {
		m.appClosed = true
	}
	return nil
}

func (m *LegalTransition) onTick(ev *observe.Event) *Violation {
	if m.wantSynRcvd {
		return m.missedSynRcvd()
	}
	m.stim.setTick(ev)
	return nil
}

func (m *LegalTransition) onOutput(*observe.Event, *segFacts) *Violation { return m.missedSynRcvd() }
func (m *LegalTransition) onNotify(*observe.Event) *Violation            { return m.missedSynRcvd() }

func (m *LegalTransition) onChange(ev *observe.Event) *Violation {
	if m.wantSynRcvd && (ev.From != observe.Listen || ev.To != observe.SynReceived) {
		return m.missedSynRcvd()
	}
	m.wantSynRcvd = false
	return m.change(ev.From, ev.To)
}

// noteSynFin notes a FIN on an opening SYN, queued for processing once
// ESTABLISHED (RFC 9293 §3.10.7.2, §3.10.7.3).
func (m *LegalTransition) noteSynFin() {
	if f := m.stim.input(); f != nil && f.bareSYN && f.finBit {
		m.synFin = true
	}
}

func (m *LegalTransition) change(from, to observe.State) *Violation {
	if from >= observe.NumStates || to >= observe.NumStates {
		m.state, m.known = to, to < observe.NumStates
		return nil
	}
	wasKnown, was := m.known, m.state
	m.state, m.known = to, true
	if wasKnown && from != was {
		return m.v.set(m.Name(), transitionTexts.notFrom[was][from])
	}
	cause, class := m.cause()
	edges := edgesByPair[from][to]
	edge, ok := len(edges) > 0, false
	for _, e := range edges {
		if cause&e.by != 0 && m.holds(e.when) {
			ok = true
			m.wantSynRcvd = e.when == condThenSynRcvd
			break
		}
	}
	switch to {
	case observe.SynReceived:
		m.opened = openedPassive
		if from == observe.SynSent {
			m.opened = openedActive
		}
	case observe.Closed, observe.Listen, observe.SynSent:
		m.opened, m.closeQueued, m.synFin, m.appClosed = openedUnknown, false, false, false
		m.noteSynFin() // the SYN that opens a new incarnation from TIME-WAIT
	}
	switch {
	case !edge:
		return m.v.set(m.Name(), transitionTexts.notEdge[from][to])
	case !ok && class >= classSYN:
		f := &m.stim.seg
		return m.v.set(m.Name(), transitionTexts.wrongCause[from][to][class], int64(f.seq), int64(f.ack))
	case !ok:
		return m.v.set(m.Name(), transitionTexts.wrongCause[from][to][class])
	}
	return nil
}

func (m *LegalTransition) holds(c edgeCond) bool {
	switch c {
	case condPassive:
		return m.opened != openedActive
	case condActive:
		return m.opened != openedPassive
	case condLegacy:
		return m.legacy
	case condCloseQueued:
		return m.closeQueued
	case condSynFin:
		return m.synFin
	case condAppClosed:
		return m.appClosed
	}
	return true
}

// cause classifies the stimulus of a change.
func (m *LegalTransition) cause() (edgeCause, stimClass) {
	var c *stimCause
	switch {
	case m.stim.in:
		c = &inputCauses[m.stim.seg.flags&ctlMask]
	case m.stim.kind == observe.Call:
		c = &callCauses[m.stim.op]
	case m.stim.kind == observe.Tick:
		return byTimer, classTimer
	default:
		return 0, classNone
	}
	return c.by, c.class
}

// stimCause is what a stimulus may cause, and its name.
type stimCause struct {
	by    edgeCause
	class stimClass
}

// inputCauses classifies an arriving segment by its control bits.
var inputCauses = func() (t [ctlMask + 1]stimCause) {
	for i := range t {
		f := &ctlOf[i]
		ack, fin := f.ack, f.fin
		switch {
		case f.rst && ack:
			t[i] = stimCause{byRST | byRSTACK, classRSTACK}
		case f.rst:
			t[i] = stimCause{byRST, classRST}
		case f.syn && ack && fin:
			t[i] = stimCause{bySYNACK | byFIN, classSYNACK}
		case f.syn && ack:
			t[i] = stimCause{bySYNACK, classSYNACK}
		case f.syn:
			t[i] = stimCause{bySYN, classSYN}
		case ack && fin:
			t[i] = stimCause{byACK | byFIN, classFIN}
		case ack:
			t[i] = stimCause{byACK, classACK}
		default:
			t[i] = stimCause{0, classNoACK}
		}
	}
	return t
}()

// callCauses classifies a call by its Op.
var callCauses = func() (t [256]stimCause) {
	for i := range t {
		op := observe.Op(i)
		c := stimClass(op)
		if c > classAbort {
			c = classNone
		}
		t[i].class = c
		switch op {
		case observe.OpConnect:
			t[i].by = byConnect
		case observe.OpListen:
			t[i].by = byListen
		case observe.OpSend:
			t[i].by = bySend
		case observe.OpClose, observe.OpShutdown:
			t[i].by = byClose
		case observe.OpAbort:
			t[i].by = byAbort
		}
	}
	return t
}()
