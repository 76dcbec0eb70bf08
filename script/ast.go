package script

import "strconv"

// Script is a parsed packetdrill script: its header options and its lines
// in source order. Lines in an inactive #ifdef branch are not included.
type Script struct {
	Options Options
	Lines   []Line
}

// Pos is a position in a script: file name, 1-based line and 1-based byte
// column.
type Pos struct {
	File      string
	Line, Col int
}

// String formats p as file:line:col.
func (p Pos) String() string {
	return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// Line is one line of a script: a timed event (Packet, Syscall or Shell) or
// an untimed Comment or Directive, whose Time has Kind NoTime.
type Line struct {
	Pos   Pos
	Time  Time
	Event Event
}

// Event is what a Line holds: *Packet, *Syscall, *Shell, *Comment or
// *Directive.
type Event interface {
	event()
}

// Comment is a // or /* */ comment. Text is what lies between the
// delimiters: raw for a block comment, without trailing white space for a
// line comment. A comment that shares a line with an event becomes a Comment
// line of its own, before the event if it precedes the event's first token
// and after it otherwise.
type Comment struct {
	Text  string
	Block bool
}

// Directive is a line comment of the form "// tcpcheck: key value", which
// passes instructions to tcpcheck that packetdrill ignores. Value has no
// leading or trailing white space and may be empty.
type Directive struct {
	Key, Value string
}

func (*Packet) event()    {}
func (*Syscall) event()   {}
func (*Shell) event()     {}
func (*Comment) event()   {}
func (*Directive) event() {}
