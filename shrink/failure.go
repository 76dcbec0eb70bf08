package shrink

import (
	"slices"
	"strconv"
	"strings"

	"tcpcheck/properties"
	"tcpcheck/runner"
	"tcpcheck/script"
)

// Kind says how an input fails.
type Kind uint8

// The kinds of failure.
const (
	NoFailure Kind = iota
	Panic          // the code under test panicked
	Violation      // a monitor flagged the endpoint
	Mismatch       // the endpoint differed from the script's '>' lines or results
	Error          // a check returned an error (byte-level targets)
)

var kindNames = [...]string{"no failure", "panic", "monitor violation", "script mismatch", "error"}

// String names the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind " + strconv.Itoa(int(k))
}

// Failure is what a run of an input did wrong: the thing a shrink keeps.
// Two failures are the same (Same) when they have the same Kind and
//   - Violation: the same monitor name (and endpoint, in a simulation);
//   - Mismatch: the same kind of line failing (Line) and the same class of
//     message (Class: "missing segment", "unexpected segment", "different"
//     and the fields that differ, "timing", "call result", "state", ...);
//   - Panic: the same top frames in tcpcheck's code (Frames);
//   - Error: the same Class (a Classed error's, or the text up to its
//     first digit).
//
// Message is for people and is not compared.
type Failure struct {
	Kind    Kind
	Monitor string // Violation: the monitor's or the simulator property's name
	// Endpoint is, in a simulation, the endpoint that failed ("a", "b").
	Endpoint string
	Line     string   // Mismatch: "'>' line", "'<' line", "syscall write", "state assertion"
	Class    string   // Mismatch and Error
	Frames   []string // Panic: function names, innermost first
	Message  string
	// Event is, for a Violation, the monitor's report: the index of the
	// offending event in the endpoint's trace and its time.
	Event properties.Violation
}

// Same reports whether g is the same failure as f (see Failure).
func (f *Failure) Same(g *Failure) bool {
	if f == nil || g == nil || f.Kind != g.Kind {
		return false
	}
	switch f.Kind {
	case Violation:
		return f.Monitor == g.Monitor && f.Endpoint == g.Endpoint
	case Mismatch:
		return f.Line == g.Line && f.Class == g.Class
	case Panic:
		return slices.Equal(f.Frames, g.Frames)
	case Error:
		return f.Class == g.Class
	}
	return true
}

// String describes f in one line.
func (f *Failure) String() string {
	switch f.Kind {
	case Violation:
		if f.Endpoint != "" {
			return f.Monitor + " at endpoint " + f.Endpoint + ": " + f.Message
		}
		return f.Monitor + ": " + f.Message
	case Mismatch:
		return "script mismatch at a " + f.Line + " (" + f.Class + "): " + f.Message
	case Panic:
		return "panic: " + f.Message + " at " + strings.Join(f.Frames, " < ")
	case Error:
		return f.Message
	}
	return f.Kind.String()
}

// Name is a short name for file names and headers: the monitor, "panic",
// "mismatch" or "error".
func (f *Failure) Name() string {
	switch f.Kind {
	case Violation:
		return f.Monitor
	case Mismatch:
		return "Mismatch"
	case Panic:
		return "Panic"
	case Error:
		return "Error"
	}
	return "None"
}

// fromViolation is the failure a monitor reported. The message is
// formatted here, once per shrink, not per predicate call.
func fromViolation(v *properties.Violation) Failure {
	return Failure{Kind: Violation, Monitor: v.Monitor, Event: *v}
}

// withMessage fills in a violation's message.
func (f *Failure) withMessage() {
	if f.Kind == Violation && f.Message == "" && f.Event.Format != "" {
		f.Message = f.Event.Message()
	}
}

// fromRunner classifies the first difference runner.Run reported at line l.
func fromRunner(l *script.Line, rf *runner.Failure) Failure {
	if rf.Violation { // "Monitor: message" from runner.Options.Monitor
		name, _, _ := strings.Cut(rf.Msg, ":")
		return Failure{Kind: Violation, Monitor: name, Message: rf.String()}
	}
	return Failure{Kind: Mismatch, Line: lineKind(l), Class: mismatchClass(rf.Msg), Message: rf.String()}
}

// lineKind names the kind of a script line.
func lineKind(l *script.Line) string {
	if l == nil {
		return "end of script"
	}
	switch ev := l.Event.(type) {
	case *script.Packet:
		return "'" + string(rune(ev.Dir)) + "' line"
	case *script.Syscall:
		return "syscall " + ev.Name
	case *script.Shell:
		if ev.Assert != nil {
			return "state assertion"
		}
		return "shell line"
	}
	return "line"
}

// mismatchClass groups runner's messages by what differed, leaving out the
// numbers (see runner's failf calls).
func mismatchClass(msg string) string {
	switch {
	case strings.Contains(msg, "expected nothing before"):
		return "unexpected segment"
	case strings.HasPrefix(msg, "sent nothing"):
		return "missing segment"
	case strings.Contains(msg, "expected at"):
		return "timing"
	case strings.HasPrefix(msg, "sent "):
		return "different " + segmentDiff(msg)
	case strings.HasPrefix(msg, "state "):
		return "state"
	case strings.Contains(msg, "did not return"), strings.Contains(msg, "still blocking"):
		return "blocking call"
	case strings.Contains(msg, " returned "):
		return "call result"
	}
	return errorClass(msg)
}

// segmentDiff names the fields runner compares that differ in its "sent
// X, expected Y" ("flags, ack"), so that a mismatch keeps its nature while
// it shrinks: a wrong ACK does not turn into a wrong segment altogether.
func segmentDiff(msg string) string {
	got, want, ok := strings.Cut(strings.TrimPrefix(msg, "sent "), ", expected ")
	g, gok := parsePacket(got)
	w, wok := parsePacket(want)
	if !ok || !gok || !wok {
		return "segment"
	}
	var diff []string
	add := func(differs bool, name string) {
		if differs {
			diff = append(diff, name)
		}
	}
	add(g.Flags != w.Flags, "flags")
	add(g.Seq != w.Seq, "seq")
	add(g.Len != w.Len, "len")
	add(w.HasAck && g.Ack != w.Ack, "ack")
	if len(diff) == 0 { // strict mode compares these too
		return "window, urgent pointer or options"
	}
	return strings.Join(diff, ", ")
}

// parsePacket parses a packet as runner prints it, without time and
// direction.
func parsePacket(text string) (*script.Packet, bool) {
	s, err := script.Parse("", []byte("0 > "+text+"\n"))
	if err != nil || len(s.Lines) != 1 {
		return nil, false
	}
	pk, ok := s.Lines[0].Event.(*script.Packet)
	return pk, ok
}

// errorClass is msg up to its first digit, trimmed: "checksum 0x1234
// differs" and "checksum 0x99 differs" are one class.
func errorClass(msg string) string {
	if i := strings.IndexAny(msg, "0123456789"); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}
