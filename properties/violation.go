package properties

import (
	"fmt"
	"strconv"
)

// Violation is a broken invariant: which monitor, where in the trace, and the
// numbers involved. Format and Args make the message, formatted only by
// Message and String, so that reporting costs nothing until a person reads it.
type Violation struct {
	Monitor string // the monitor's Name
	Event   int    // index of the offending event in the trace, from 0
	Time    int64  // its virtual time, nanoseconds
	Format  string // message with a verb per argument, e.g. "ack %d < %d"
	Args    [4]int64
	NArgs   int
}

// Message formats the violation's message.
func (v *Violation) Message() string {
	args := make([]any, v.NArgs)
	for i := range args {
		args[i] = v.Args[i]
	}
	return fmt.Sprintf(v.Format, args...)
}

// String formats the violation as "Monitor: message (event N at T s)".
func (v *Violation) String() string {
	t := strconv.FormatFloat(float64(v.Time)/1e9, 'f', 6, 64)
	return v.Monitor + ": " + v.Message() + " (event " + strconv.Itoa(v.Event) + " at " + t + " s)"
}

// set fills v; args beyond four are dropped. It does not allocate.
func (v *Violation) set(monitor string, format string, args ...int64) *Violation {
	v.Monitor, v.Format = monitor, format
	v.NArgs = copy(v.Args[:], args)
	return v
}
