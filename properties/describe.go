package properties

import (
	"strconv"

	"tcpcheck/observe"
)

// describe renders an event as one line of text, in packetdrill notation
// for segments, with the time in seconds.
func describe(ev *observe.Event) string {
	t := strconv.FormatFloat(float64(ev.Time)/1e9, 'f', 3, 64)
	switch ev.Kind {
	case observe.Input:
		return t + " < " + ev.Seg.String()
	case observe.Output:
		return t + " > " + ev.Seg.String()
	case observe.Change:
		return t + " state " + ev.From.String() + " -> " + ev.To.String()
	case observe.Call:
		return t + " " + ev.Op.String() + " = " + strconv.Itoa(ev.N) + " (" + ev.Err.String() + ")"
	case observe.Notify:
		return t + " notify " + strconv.Itoa(int(ev.Note)) + " (" + ev.Err.String() + ")"
	case observe.Tick:
		return t + " tick"
	}
	return t + " ?"
}

// String names the classes in r.
func (r Reply) String() string {
	if r == 0 {
		return "nothing"
	}
	names := [...]string{"ACK", "SYN", "SYN-ACK", "data", "FIN", "RST"}
	s := ""
	for i, n := range names {
		if r&(1<<i) != 0 {
			if s != "" {
				s += "|"
			}
			s += n
		}
	}
	return s
}
