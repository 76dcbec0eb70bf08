package sim

import "strconv"

// Property is the stable name of an invariant, as in the project's catalog
// (properties/ uses the same names).
type Property string

// The properties this package checks.
const (
	PropStreamIntegrity     Property = "StreamIntegrity"     // bytes read are a prefix of bytes written, in order, once
	PropStreamComplete      Property = "StreamComplete"      // every byte written was read (liveness)
	PropEventualClose       Property = "EventualClose"       // after close and heal, CLOSED in bounded time; the active closer via TIME-WAIT
	PropOutputBounded       Property = "OutputBounded"       // a run stays within its caps on segments and steps
	PropWellFormedOutput    Property = "WellFormedOutput"    // every segment sent decodes
	PropDeterminism         Property = "Determinism"         // the same inputs give the same trace
	PropSeqOffsetInvariance Property = "SeqOffsetInvariance" // shifting every ISN shifts the numbers and nothing else
)

// Violation is a broken property: which, where and what was seen. The
// checks of this package return it as their error.
type Violation struct {
	Property Property
	Node     int    // the endpoint concerned, -1 when none is
	Name     string // its name
	Time     Time   // virtual time of the violation, or of the end of the run
	Event    int    // trace index for trace comparisons, -1 otherwise
	Detail   string
}

// Error formats the violation on one line.
func (v *Violation) Error() string {
	b := append([]byte(string(v.Property)), ": "...)
	if v.Node >= 0 {
		b = append(append(append(b, "endpoint "...), v.Name...), ": "...)
	}
	if v.Event >= 0 {
		b = append(strconv.AppendInt(append(b, "event "...), int64(v.Event), 10), ": "...)
	}
	b = append(b, v.Detail...)
	b = append(appendSeconds(append(b, " (at "...), v.Time), " s)"...)
	return string(b)
}

// appendSeconds appends t in seconds with microseconds.
func appendSeconds(b []byte, t Time) []byte {
	return strconv.AppendFloat(b, float64(t)/float64(Second), 'f', 6, 64)
}

// itoa formats an integer for violation details.
func itoa(v int64) string { return strconv.FormatInt(v, 10) }
