package sim

import "tcpcheck/fsm"

// Stream is what one endpoint's application wrote and read in a run.
type Stream struct {
	Connected bool  // the application got its connection (connected, or accepted)
	Written   int64 // bytes of its pattern the endpoint accepted (Send)
	Read      int64 // bytes it read from its peer's stream
	EOF       bool  // it read the end of the peer's stream
	BadAt     int64 // first offset of the peer's stream read wrong, -1 if none
}

// Stream returns endpoint i's stream counts.
func (s *Sim) Stream(i int) Stream {
	a := &s.nodes[i].app
	return Stream{Connected: a.established() || a.connected, Written: a.written, Read: a.read, EOF: a.eof, BadAt: a.badAt}
}

// StreamIntegrity checks every endpoint that reads from a peer: the bytes
// it read are exactly a prefix of the bytes the peer wrote, in order, each
// once (RFC 9293 §3.10.3: RECEIVE returns the stream as sent). It returns
// nil or a *Violation giving the first wrong offset, or how far the reader
// read past what was written.
func (s *Sim) StreamIntegrity() error {
	for i := range s.nodes {
		n := &s.nodes[i]
		if !n.hasPeer() {
			continue
		}
		a, w := &n.app, &s.nodes[n.spec.Peer].app
		if a.badAt >= 0 {
			v := s.violation(PropStreamIntegrity, i, "byte "+itoa(a.badAt)+" of "+s.nodes[n.spec.Peer].spec.Name+"'s stream read wrong")
			v.Time = a.badTime
			return v
		}
		if a.read > w.written {
			return s.violation(PropStreamIntegrity, i, "read "+itoa(a.read)+" bytes, "+
				s.nodes[n.spec.Peer].spec.Name+" wrote "+itoa(w.written))
		}
	}
	return nil
}

// StreamComplete is the liveness side of StreamIntegrity: every byte an
// endpoint wrote was read by its peer. Check it on runs whose network
// healed and whose applications read everything.
func (s *Sim) StreamComplete() error {
	if err := s.StreamIntegrity(); err != nil {
		return err
	}
	for i := range s.nodes {
		n := &s.nodes[i]
		if !n.hasPeer() {
			continue
		}
		if got, want := n.app.read, s.nodes[n.spec.Peer].app.written; got != want {
			return s.violation(PropStreamComplete, i, "read "+itoa(got)+" of the "+itoa(want)+" bytes "+
				s.nodes[n.spec.Peer].spec.Name+" wrote")
		}
	}
	return nil
}

// EventualClose checks that after both sides closed and the network
// healed, every endpoint reached CLOSED within bound, and that an active
// closer did so through TIME-WAIT, where it stayed at least 2 MSL (RFC
// 9293 §3.6 and §3.10.8; its own configuration's MSL). For each endpoint:
// its application closed it (close, shutdown or abort; otherwise the
// property does not apply and that is reported), it is CLOSED at the end
// of the run, it got there no later than bound after the later of its
// close and Config.Heal, and, unless it aborted, if it entered FIN-WAIT-1
// it left through TIME-WAIT after at least 2 MSL.
//
// Faults after the close can break the TIME-WAIT part legitimately: if the
// network still loses an end's FIN after its peer's TIME-WAIT ended, the
// peer, now CLOSED, answers the retransmitted FIN with RST (RFC 9293
// §3.10.7.1). Heal the network early enough, or keep MSL longer than the
// FIN's retransmissions, for the check to apply.
func (s *Sim) EventualClose(bound Time) error {
	for i := range s.nodes {
		if !s.nodes[i].app.closeCalled {
			return s.violation(PropEventualClose, i, "its application never closed it")
		}
	}
	for i := range s.nodes {
		if err := s.closedInTime(i, bound); err != nil {
			return err
		}
	}
	return nil
}

// closedInTime is EventualClose for endpoint i.
func (s *Sim) closedInTime(i int, bound Time) error {
	n := &s.nodes[i]
	a, h := &n.app, &n.hist
	if n.state() != fsm.Closed || !h.closed {
		return s.violation(PropEventualClose, i, "still "+n.state().String()+" when the run ended")
	}
	limit := max(a.closeAt, s.cfg.Heal) + bound
	if h.closedAt > limit {
		v := s.violation(PropEventualClose, i, "reached CLOSED "+secs(h.closedAt-limit)+" s after the bound")
		v.Time = h.closedAt
		return v
	}
	if !h.activeClose || a.aborted {
		return nil
	}
	if !h.viaTimeWait {
		v := s.violation(PropEventualClose, i, "closed actively but reached CLOSED without TIME-WAIT")
		v.Time = h.closedAt
		return v
	}
	if h.twTime < 2*n.msl {
		v := s.violation(PropEventualClose, i, "TIME-WAIT lasted "+secs(h.twTime)+" s, less than 2 MSL ("+secs(2*n.msl)+" s)")
		v.Time = h.closedAt
		return v
	}
	return nil
}

// secs formats a duration in seconds.
func secs(t Time) string { return string(appendSeconds(nil, t)) }
