package wirecheck

import "strconv"

// Class separates what an endpoint did wrong from what the capture lacks.
type Class uint8

// The classes of finding.
const (
	RFC     Class = iota + 1 // an endpoint violates an RFC rule
	Capture                  // the capture is incomplete, out of order or altered
)

func (c Class) String() string {
	switch c {
	case RFC:
		return "RFC violation"
	case Capture:
		return "capture problem"
	}
	return "?"
}

// Kind says what is wrong with the capture, for Capture findings.
type Kind string

// The kinds of capture problem.
const (
	KindHandshake    Kind = "handshake"     // the handshake was not (completely) captured
	KindGap          Kind = "gap"           // bytes of one direction were never captured
	KindOrder        Kind = "order"         // segments captured out of order, or after their ACK
	KindTruncated    Kind = "truncated"     // a frame cut short by the snap length
	KindChecksum     Kind = "checksum"      // a bad checksum: offload on the capturing host, or damage
	KindTime         Kind = "timestamps"    // capture timestamps going backward
	KindFrame        Kind = "frame"         // a frame that does not decode as TCP over IP
	KindCapturePoint Kind = "capture point" // a monitor finding that holds only for some capture points
)

// Finding is one thing reported about a connection (or a file).
type Finding struct {
	Class Class
	Kind  Kind // for Capture findings; empty for RFC ones
	// Monitor is the name of the monitor that reported the finding, or
	// empty for the capture problems wirecheck finds itself.
	Monitor string
	// Endpoint is the endpoint concerned: 0 (the client) or 1 (the server)
	// of the connection, whose view a monitor judged or whose segments the
	// capture lacks; -1 for both or none.
	Endpoint int
	Frame    int // the frame number, from 1; 0 when no single frame
	Message  string
}

// String formats the finding without its endpoint, e.g. "frame 7: RFC
// violation: MonotonicAck: ACK field went back from 5051 to 5021".
func (f *Finding) String() string {
	s := ""
	if f.Frame > 0 {
		s = "frame " + strconv.Itoa(f.Frame) + ": "
	}
	s += f.Class.String()
	if f.Kind != "" {
		s += " (" + string(f.Kind) + ")"
	}
	s += ": "
	if f.Monitor != "" {
		s += f.Monitor + ": "
	}
	return s + f.Message
}

// Verdict is the summary of a connection's findings.
type Verdict uint8

// The verdicts, from best to worst.
const (
	OK         Verdict = iota // nothing found but, at most, bad checksums
	Incomplete                // capture problems, no RFC violation
	Violation                 // at least one RFC violation
)

func (v Verdict) String() string {
	switch v {
	case OK:
		return "ok"
	case Incomplete:
		return "capture incomplete"
	case Violation:
		return "violates an RFC rule"
	}
	return "?"
}

// verdictOf summarizes findings.
func verdictOf(fs []Finding) Verdict {
	v := OK
	for i := range fs {
		switch {
		case fs[i].Class == RFC:
			return Violation
		case fs[i].Kind != KindChecksum:
			v = Incomplete
		}
	}
	return v
}
