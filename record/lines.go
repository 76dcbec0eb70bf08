package record

import (
	"slices"

	"tcpcheck/fsm"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/seq"
	"tcpcheck/sock"
)

// Lines collects one endpoint's script lines. The zero value is ready.
type Lines struct {
	lines      []script.Line
	iss        seq.Num // base of the endpoint's own numbers
	unwritable int
}

// Reset forgets every line and the ISN.
func (l *Lines) Reset() { l.lines, l.iss, l.unwritable = nil, 0, 0 }

// Lines returns the lines so far; the slice is the recorder's own.
func (l *Lines) Lines() []script.Line { return l.lines }

// ISS returns the base of the endpoint's own sequence numbers: the
// sequence number of the latest SYN it sent, 0 before one.
func (l *Lines) ISS() seq.Num { return l.iss }

// Unwritable returns how many segments had no packetdrill notation and
// were written as comments.
func (l *Lines) Unwritable() int { return l.unwritable }

// add appends a line at virtual time t.
func (l *Lines) add(t fsm.Time, ev script.Event) {
	tm := script.Time{Kind: script.Absolute, Usecs: int64(t / fsm.Microsecond)}
	l.lines = append(l.lines, script.Line{Time: tm, Event: ev})
}

// Comment appends a comment line ("// text").
func (l *Lines) Comment(text string) {
	l.lines = append(l.lines, script.Line{Event: &script.Comment{Text: " " + text}})
}

// FlagMask is what packetdrill's flag letters can write.
const FlagMask = segment.SYN | segment.FIN | segment.RST | segment.PSH | segment.ACK | segment.URG | segment.ECE | segment.CWR

// Outbound records a segment the endpoint sent at t, as runner compares it.
func (l *Lines) Outbound(t fsm.Time, g *segment.Segment) {
	if g.Flags&segment.SYN != 0 {
		l.iss = g.Seq
	}
	if g.Flags&FlagMask == 0 {
		l.unwritable++
		l.Comment("> a segment without flags was sent: " + g.String())
		return
	}
	pk := &script.Packet{
		Dir: script.Outbound, Flags: g.Flags & FlagMask, Seq: g.Seq - l.iss, Len: seq.Size(len(g.Payload)),
		HasAck: g.Flags&segment.ACK != 0, Ack: g.Ack, HasWin: true, Win: g.Window,
		HasUrg: g.Flags&segment.URG != 0, Urg: g.Urgent,
	}
	pk.OptForm, pk.Options = scriptOptions(&g.Options, l.iss, false)
	l.add(t, pk)
}

// Inbound records a segment delivered to the endpoint at t, as runner
// injects it.
func (l *Lines) Inbound(t fsm.Time, g *segment.Segment) {
	if g.Flags&FlagMask == 0 {
		l.unwritable++
		l.Comment("< a segment without flags arrived: " + g.String())
		return
	}
	pk := &script.Packet{
		Dir: script.Inbound, Flags: g.Flags & FlagMask, Seq: g.Seq, Len: seq.Size(len(g.Payload)),
		HasAck: g.Flags&segment.ACK != 0 || g.Ack != 0, Ack: g.Ack - l.iss, HasWin: true, Win: g.Window,
		HasUrg: g.Flags&segment.URG != 0 || g.Urgent != 0, Urg: g.Urgent,
	}
	pk.OptForm, pk.Options = scriptOptions(&g.Options, l.iss, true)
	l.add(t, pk)
}

// Syscall records one system call at t: its name, fd, a size (the count
// of write and read; the errno getsockopt(SO_ERROR) reports) and what it
// returned (see Args and Result for how each is written).
func (l *Lines) Syscall(t fsm.Time, name string, fd, size, ret int, e sock.Errno) {
	l.add(t, &script.Syscall{Name: name, Args: Args(name, fd, size), Result: Result(ret, e)})
}

// Insert puts lines before line i (at the end when i is the length).
func (l *Lines) Insert(i int, lines ...script.Line) {
	l.lines = slices.Insert(l.lines, i, lines...)
}

// InsertComment puts a comment line before line i.
func (l *Lines) InsertComment(i int, text string) {
	l.Insert(i, script.Line{Event: &script.Comment{Text: " " + text}})
}

// CommentOut turns the packet and syscall lines from line i on into
// comments that show them, for what a replay will not do.
func (l *Lines) CommentOut(i int) {
	for k := i; k < len(l.lines); k++ {
		switch l.lines[k].Event.(type) {
		case *script.Packet, *script.Syscall:
			text := string(l.lines[k].AppendText(nil))
			l.lines[k] = script.Line{Event: &script.Comment{Text: " (not in the replay) " + text}}
		}
	}
}
