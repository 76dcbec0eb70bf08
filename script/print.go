package script

import (
	"strconv"
	"strings"

	"tcpcheck/segment"
)

// String returns the script in canonical form (see AppendText).
func (s *Script) String() string { return string(s.AppendText(nil)) }

// AppendText appends the script in canonical form: the header options
// (known ones first, in a fixed order), then one line per Line, each ending
// in a newline, with single spaces between tokens. Parsing the result gives
// back s, positions aside.
func (s *Script) AppendText(b []byte) []byte {
	b = s.Options.appendText(b)
	for i := range s.Lines {
		b = append(s.Lines[i].AppendText(b), '\n')
	}
	return b
}

// appendText appends the header option lines.
func (o *Options) appendText(b []byte) []byte {
	if o.IPVersion != "" {
		b = append(append(b, "--ip_version="...), o.IPVersion...)
		b = append(b, '\n')
	}
	for _, name := range []string{"tolerance_usecs", "mss", "mtu"} {
		if set := o.setting(name); set.Set {
			b = append(append(b, "--"+name+"="...), strconv.FormatInt(set.Value, 10)...)
			b = append(b, '\n')
		}
	}
	for _, opt := range o.Ignored {
		b = append(append(b, "--"...), opt.Name...)
		if opt.Value != "" {
			b = append(append(b, '='), opt.Value...)
		}
		b = append(b, '\n')
	}
	return b
}

// AppendText appends the line without its newline.
func (l *Line) AppendText(b []byte) []byte {
	if l.Time.Kind != NoTime {
		b = append(appendTime(b, l.Time), ' ')
	}
	switch ev := l.Event.(type) {
	case *Packet:
		return ev.appendText(b)
	case *Syscall:
		return ev.appendText(b)
	case *Shell:
		return ev.appendText(b)
	case *Comment:
		return ev.appendText(b)
	case *Directive:
		return ev.appendText(b)
	}
	return b
}

func (c *Comment) appendText(b []byte) []byte {
	if c.Block {
		return append(append(append(b, "/*"...), c.Text...), "*/"...)
	}
	return append(append(b, "//"...), c.Text...)
}

func (d *Directive) appendText(b []byte) []byte {
	b = append(append(b, "// "+directivePrefix+" "...), d.Key...)
	if d.Value != "" {
		b = append(append(b, ' '), d.Value...)
	}
	return b
}

func (s *Shell) appendText(b []byte) []byte {
	if s.Kind == Code {
		return append(append(append(b, "%{"...), s.Text...), "}%"...)
	}
	return append(append(append(b, '`'), s.Text...), '`')
}

func (sc *Syscall) appendText(b []byte) []byte {
	b = append(append(b, sc.Name...), '(')
	for i, a := range sc.Args {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, a...)
	}
	b = append(append(b, ") = "...), sc.Result.Value...)
	if sc.Result.Errno != "" {
		b = append(append(b, ' '), sc.Result.Errno...)
	}
	if sc.Result.Note != "" {
		b = append(append(append(b, " ("...), sc.Result.Note...), ')')
	}
	return b
}

func (pk *Packet) appendText(b []byte) []byte {
	b = append(b, byte(pk.Dir), ' ')
	for _, fl := range flagLetters {
		if pk.Flags&fl.flag != 0 {
			b = append(b, fl.letter)
		}
	}
	b = appendUint(append(b, ' '), uint64(pk.Seq))
	b = appendUint(append(b, ':'), uint64(pk.Seq.Add(pk.Len)))
	b = append(appendUint(append(b, '('), uint64(pk.Len)), ')')
	b = appendField(b, pk.HasAck, " ack ", uint64(pk.Ack))
	b = appendField(b, pk.HasWin, " win ", uint64(pk.Win))
	b = appendField(b, pk.HasUrg, " urg ", uint64(pk.Urg))
	switch pk.OptForm {
	case OptAny:
		b = append(b, " <...>"...)
	case OptList:
		b = append(b, " <"...)
		for i := range pk.Options {
			if i > 0 {
				b = append(b, ',')
			}
			b = pk.Options[i].appendText(b)
		}
		b = append(b, '>')
	}
	return b
}

func appendUint(b []byte, v uint64) []byte { return strconv.AppendUint(b, v, 10) }

func appendField(b []byte, has bool, name string, v uint64) []byte {
	if !has {
		return b
	}
	return appendUint(append(b, name...), v)
}

// appendText appends one option in packetdrill's notation.
func (o *TCPOption) appendText(b []byte) []byte {
	switch o.Kind {
	case segment.KindNOP, segment.KindEOL, segment.KindSACKPermitted:
		return append(b, o.Kind.String()...)
	case segment.KindMSS, segment.KindWScale:
		return appendUint(append(b, o.Kind.String()+" "...), uint64(o.Value))
	case segment.KindTimestamps:
		b = appendUint(append(b, "TS val "...), uint64(o.TSVal))
		return appendUint(append(b, " ecr "...), uint64(o.TSEcr))
	case segment.KindSACK:
		b = append(b, "sack"...)
		for _, blk := range o.SACK {
			b = appendUint(append(b, ' '), uint64(blk.Left))
			b = appendUint(append(b, ':'), uint64(blk.Right))
		}
		return b
	}
	if len(o.Args) == 0 {
		return append(b, o.Name...)
	}
	return append(append(b, o.Name+" "...), strings.Join(o.Args, " ")...)
}
