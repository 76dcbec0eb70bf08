package coverage

import "tcpcheck/observe"

// Edge is one arrow of RFC 9293's state diagram (§3.3.2, Figure 5) with
// the label the figure gives it: the event, then the action ("x" for none).
type Edge struct {
	From, To observe.State
	Event    string
	Action   string
}

// Label returns the edge's label as "event / action".
func (e Edge) Label() string { return e.Event + " / " + e.Action }

// Figure5 is RFC 9293 Figure 5, edge for edge.
var Figure5 = [...]Edge{
	{observe.Closed, observe.Listen, "passive OPEN", "create TCB"},
	{observe.Closed, observe.SynSent, "active OPEN", "create TCB, snd SYN"},
	{observe.Listen, observe.Closed, "CLOSE", "delete TCB"},
	{observe.Listen, observe.SynReceived, "rcv SYN", "snd SYN,ACK"},
	{observe.Listen, observe.SynSent, "SEND", "snd SYN"},
	{observe.SynSent, observe.Closed, "CLOSE", "delete TCB"},
	{observe.SynSent, observe.SynReceived, "rcv SYN", "snd SYN,ACK"},
	{observe.SynSent, observe.Established, "rcv SYN,ACK", "snd ACK"},
	{observe.SynReceived, observe.Listen, "rcv RST (note 1)", "x"},
	{observe.SynReceived, observe.Established, "rcv ACK of SYN", "x"},
	{observe.SynReceived, observe.FinWait1, "CLOSE", "snd FIN"},
	{observe.Established, observe.FinWait1, "CLOSE", "snd FIN"},
	{observe.Established, observe.CloseWait, "rcv FIN", "snd ACK"},
	{observe.FinWait1, observe.FinWait2, "rcv ACK of FIN", "x"},
	{observe.FinWait1, observe.Closing, "rcv FIN", "snd ACK"},
	{observe.FinWait2, observe.TimeWait, "rcv FIN", "snd ACK"},
	{observe.CloseWait, observe.LastAck, "CLOSE", "snd FIN"},
	{observe.Closing, observe.TimeWait, "rcv ACK of FIN", "x"},
	{observe.LastAck, observe.Closed, "rcv ACK of FIN", "x"},
	{observe.TimeWait, observe.Closed, "Timeout=2MSL", "delete TCB"},
}

// inFigure5 reports whether from -> to is drawn in Figure 5.
func inFigure5(from, to observe.State) bool {
	for _, e := range Figure5 {
		if e.From == from && e.To == to {
			return true
		}
	}
	return false
}

// Origin says where an edge not drawn in Figure 5 comes from.
type Origin uint8

// The origins of edges beyond the figure.
const (
	OriginFigure Origin = iota // drawn in Figure 5
	OriginNotes                // Figure 5's notes 2 and 3: FIN-WAIT-1 to TIME-WAIT; an RST to CLOSED or LISTEN
	OriginText                 // the rest: §3.10 event processing, ABORT, timeouts, RFC 5961, RFC 6191, RFC 793 mode
)

// OriginOf classifies the change from -> to taken on cause.
func OriginOf(from, to observe.State, cause Cause) Origin {
	switch {
	case inFigure5(from, to):
		return OriginFigure
	case from == observe.FinWait1 && to == observe.TimeWait:
		return OriginNotes // note 2
	case (cause == Cause(KindRST) || cause == Cause(KindRSTACK)) && (to == observe.Closed || to == observe.Listen):
		return OriginNotes // note 3
	}
	return OriginText
}
