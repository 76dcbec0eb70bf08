package script

import "fmt"

// Error is a syntax error: where it is and what the parser expected and
// found there. Parse returns the first one as an *Error.
type Error struct {
	File      string
	Line, Col int
	Expected  string // what would have been accepted, e.g. "packet direction"
	Found     string // what is there, quoted, or "end of line"/"end of file"
}

// Error formats e as "file:line:col: expected X, found Y".
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: expected %s, found %s", e.File, e.Line, e.Col, e.Expected, e.Found)
}
