package script

import "strconv"

// TimeKind says how a line's time is given.
type TimeKind uint8

// Time kinds.
const (
	NoTime   TimeKind = iota // comments and directives
	Absolute                 // "0.1": seconds since the start of the script
	Relative                 // "+0.1": seconds after the previous event
	AnyTime                  // "*": at any time
)

// Time is when an event happens, in microseconds. A range "t1~t2" says the
// event happens somewhere between Usecs and EndUsecs; a blocking time
// "t1...t2" says a system call starts at Usecs and returns at EndUsecs. The
// end is relative to the previous event when written with '+' (EndRel).
// Range and Blocking are exclusive, and only Absolute and Relative times
// carry them.
type Time struct {
	Kind     TimeKind
	Usecs    int64
	Range    bool
	Blocking bool
	EndRel   bool
	EndUsecs int64
}

// maxTimeDigits bounds the integer part of a time, so microseconds fit an
// int64 with room to spare.
const maxTimeDigits = 12

// appendTime appends t in canonical form: "*", "+1.5", "0.0~0.25",
// "+0.0...+0.1".
func appendTime(b []byte, t Time) []byte {
	switch t.Kind {
	case AnyTime:
		return append(b, '*')
	case Relative:
		b = append(b, '+')
	case NoTime:
		return b
	}
	b = appendSeconds(b, t.Usecs)
	switch {
	case t.Range:
		b = append(b, '~')
	case t.Blocking:
		b = append(b, "..."...)
	default:
		return b
	}
	if t.EndRel {
		b = append(b, '+')
	}
	return appendSeconds(b, t.EndUsecs)
}

// appendSeconds writes usecs as seconds with at least one digit after the
// point and no trailing zeros after the first: 0.0, 0.25, 1.000001.
func appendSeconds(b []byte, usecs int64) []byte {
	b = strconv.AppendInt(b, usecs/1e6, 10)
	frac := []byte(strconv.FormatInt(1e6+usecs%1e6, 10)[1:])
	for len(frac) > 1 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	return append(append(b, '.'), frac...)
}
