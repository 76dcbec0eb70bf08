package wirecheck

import (
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// infer follows one endpoint's state from the segments it sends and
// receives, as RFC 9293 §3.10 would move it. It knows only what the wire
// shows: it never judges, and it believes every RST.
type infer struct {
	st      observe.State
	iss     seq.Num // the endpoint's SYN
	sentSyn bool
	finEnd  seq.Num // the sequence number after the endpoint's FIN
	sentFin bool
	gotFin  bool
	emit    func(from, to observe.State)
}

func (n *infer) move(to observe.State) {
	if n.st != to {
		from := n.st
		n.st = to
		n.emit(from, to)
	}
}

// output moves the state for a segment the endpoint is about to send.
func (n *infer) output(s *segment.Segment) {
	f := s.Flags
	switch {
	case f.Has(segment.RST):
		n.move(observe.Closed)
		return
	case f.Has(segment.SYN):
		n.iss, n.sentSyn = s.Seq, true
		switch n.st {
		case observe.Closed, observe.Unknown:
			if f.Has(segment.ACK) {
				n.move(observe.Listen)
				n.move(observe.SynReceived)
			} else {
				n.move(observe.SynSent)
			}
		case observe.Listen:
			n.move(observe.SynReceived)
		}
	case f.Has(segment.ACK):
		switch n.st {
		case observe.Unknown, observe.SynSent:
			n.move(observe.Established) // the SYN-ACK was not captured, or not yet
		}
	}
	if f.Has(segment.FIN) && !n.sentFin {
		n.sentFin, n.finEnd = true, s.Seq.Add(s.SeqLen())
		switch n.st {
		case observe.Established, observe.SynReceived:
			n.move(observe.FinWait1)
		case observe.CloseWait:
			n.move(observe.LastAck)
		}
	}
}

// input moves the state for a segment the endpoint has received.
func (n *infer) input(s *segment.Segment) {
	f := s.Flags
	if f.Has(segment.RST) {
		if n.st != observe.Listen {
			n.move(observe.Closed)
		}
		return
	}
	if f.Has(segment.SYN) {
		switch {
		case n.st == observe.Closed || n.st == observe.Unknown || n.st == observe.Listen:
			if !f.Has(segment.ACK) {
				n.move(observe.Listen)
				n.move(observe.SynReceived)
			}
		case n.st == observe.SynSent && f.Has(segment.ACK):
			n.move(observe.Established)
		case n.st == observe.SynSent:
			n.move(observe.SynReceived) // simultaneous open
		case n.st == observe.SynReceived && f.Has(segment.ACK):
			n.move(observe.Established)
		}
	} else if f.Has(segment.ACK) {
		n.ack(s.Ack)
	}
	if f.Has(segment.FIN) && !n.gotFin {
		n.gotFin = true
		switch n.st {
		case observe.Established, observe.SynReceived:
			n.move(observe.CloseWait)
		case observe.FinWait1:
			n.move(observe.Closing)
		case observe.FinWait2:
			n.move(observe.TimeWait)
		}
	}
}

// ack moves the state for an acknowledgment received.
func (n *infer) ack(a seq.Num) {
	switch n.st {
	case observe.Unknown:
		n.move(observe.Established)
	case observe.SynReceived:
		if !n.sentSyn || a.GreaterThan(n.iss) {
			n.move(observe.Established)
		}
	}
	if !n.sentFin || a.LessThan(n.finEnd) {
		return
	}
	switch n.st {
	case observe.FinWait1:
		n.move(observe.FinWait2)
	case observe.Closing:
		n.move(observe.TimeWait)
	case observe.LastAck:
		n.move(observe.Closed)
	}
}
