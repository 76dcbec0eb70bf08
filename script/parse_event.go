package script

import "strings"

// event parses what follows a line's time.
func (p *parser) event() (Event, error) {
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	switch c := p.peek(); {
	case c == '<' || c == '>':
		return p.packet()
	case c == '`':
		return p.backtick()
	case p.has("%{"):
		return p.code()
	case isLetter(c):
		return p.syscall()
	}
	return nil, p.fail(p.off, "packet, system call or command")
}

// backtick parses a `command` on one line.
func (p *parser) backtick() (Event, error) {
	start := p.off + 1
	end := strings.IndexAny(p.src[start:], "`\n")
	if end < 0 {
		return nil, p.fail(len(p.src), "closing `")
	}
	if p.src[start+end] != '`' {
		return nil, p.fail(start+end, "closing `")
	}
	p.off = start + end + 1
	text := p.src[start : start+end]
	return &Shell{Kind: Backtick, Text: text, Assert: detectAssert(Backtick, text)}, nil
}

// code parses a %{ code }% block, which may span lines.
func (p *parser) code() (Event, error) {
	start := p.off + 2
	end := strings.Index(p.src[start:], "}%")
	if end < 0 {
		return nil, p.fail(len(p.src), "}% closing the block at "+p.pos(p.off).String())
	}
	p.off = start + end + 2
	text := p.src[start : start+end]
	return &Shell{Kind: Code, Text: text, Assert: detectAssert(Code, text)}, nil
}
