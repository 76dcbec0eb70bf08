package coverage

import "tcpcheck/segment"

// Kind is the class of an arriving segment, by the control bits RFC 9293
// §3.10.7 dispatches on.
type Kind uint8

// The kinds, the columns of the coverage table.
const (
	KindSYN    Kind = iota // SYN without ACK or RST
	KindSYNACK             // SYN and ACK, without RST
	KindACK                // ACK alone: no SYN, FIN or RST, no payload
	KindData               // ACK with payload, without SYN, FIN or RST
	KindFIN                // FIN and ACK, without SYN or RST (payload or not)
	KindRST                // RST without ACK (with SYN or not)
	KindRSTACK             // RST and ACK (with SYN or not)
	KindOther              // no ACK, SYN or RST: a bare FIN, bare data, no flags
	NumKinds
)

var kindNames = [NumKinds]string{"SYN", "SYN-ACK", "ACK", "data", "FIN", "RST", "RST-ACK", "other"}

// String returns the kind's column name.
func (k Kind) String() string {
	if k >= NumKinds {
		return "?"
	}
	return kindNames[k]
}

// KindOf classifies s. RST comes before SYN, as every state of §3.10.7
// checks it first; a segment without ACK that is neither a SYN nor an RST
// is "other": a synchronized state drops it (§3.10.7.4, fifth check).
func KindOf(s *segment.Segment) Kind {
	f := s.Flags
	syn, ack, rst := f.Has(segment.SYN), f.Has(segment.ACK), f.Has(segment.RST)
	switch {
	case rst && ack:
		return KindRSTACK
	case rst:
		return KindRST
	case syn && ack:
		return KindSYNACK
	case syn:
		return KindSYN
	case !ack:
		return KindOther
	case f.Has(segment.FIN):
		return KindFIN
	case len(s.Payload) > 0:
		return KindData
	}
	return KindACK
}
