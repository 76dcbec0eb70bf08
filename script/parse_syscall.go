package script

import "strings"

// syscall parses "name(arg, ...) = result [ERRNO] [(note)]".
func (p *parser) syscall() (Event, error) {
	sc := &Syscall{Name: p.ident()}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var err error
	if sc.Args, err = p.args(); err != nil {
		return nil, err
	}
	if err := p.expect("="); err != nil {
		return nil, err
	}
	sc.Result, err = p.result()
	return sc, err
}

// args parses the arguments after '(' up to and including ')'.
func (p *parser) args() ([]Arg, error) {
	var args []Arg
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	if p.has(")") {
		p.off++
		return nil, nil
	}
	for {
		a, err := p.arg()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if p.src[p.off] == ')' {
			p.off++
			return args, nil
		}
		p.off++ // ','
	}
}

// arg scans one argument up to a ',' or ')' outside brackets and quotes,
// which it leaves at the cursor. Arguments stay on one line.
func (p *parser) arg() (Arg, error) {
	start := p.off
	var closers []byte
	for ; p.off < len(p.src); p.off++ {
		c := p.src[p.off]
		switch {
		case c == '\n':
			return "", p.fail(p.off, "')'")
		case c == '"':
			if err := p.skipQuoted(); err != nil {
				return "", err
			}
		case c == '(' || c == '[' || c == '{':
			closers = append(closers, closerOf(c))
		case len(closers) > 0 && c == closers[len(closers)-1]:
			closers = closers[:len(closers)-1]
		case c == ')' || c == ']' || c == '}':
			if len(closers) > 0 || c != ')' {
				return "", p.fail(p.off, "matching bracket")
			}
			return p.argText(start)
		case c == ',' && len(closers) == 0:
			return p.argText(start)
		}
	}
	return "", p.fail(p.off, "')'")
}

// argText returns the trimmed argument from start to the cursor, which must
// not be empty.
func (p *parser) argText(start int) (Arg, error) {
	text := strings.Trim(p.src[start:p.off], " \t\r\v\f")
	if text == "" {
		return "", p.fail(p.off, "argument")
	}
	return Arg(text), nil
}

// skipQuoted moves the cursor to the '"' closing the string at the cursor.
func (p *parser) skipQuoted() error {
	for p.off++; p.off < len(p.src); p.off++ {
		switch p.src[p.off] {
		case '\\':
			p.off++
		case '"':
			return nil
		}
		if p.off < len(p.src) && p.src[p.off] == '\n' {
			break
		}
	}
	return p.fail(min(p.off, len(p.src)), "closing '\"'")
}

func closerOf(c byte) byte {
	switch c {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

// result parses "N", "0xN" or "-N", then an optional errno name and an
// optional parenthesised note.
func (p *parser) result() (Result, error) {
	var r Result
	if err := p.skipSpace(); err != nil {
		return r, err
	}
	start := p.off
	if p.has("-") {
		p.off++
	}
	digits := isDigit
	if p.has("0x") || p.has("0X") {
		p.off += 2
		digits = isHexDigit
	}
	if p.span(digits) == "" {
		return r, p.fail(start, "integer result")
	}
	r.Value = p.src[start:p.off]
	if err := p.skipSpace(); err != nil {
		return r, err
	}
	r.Errno = p.ident()
	if err := p.skipSpace(); err != nil || !p.has("(") {
		return r, err
	}
	var err error
	r.Note, err = p.note()
	return r, err
}

// note parses "(text)" on one line, with nested parentheses, and returns
// the trimmed text.
func (p *parser) note() (string, error) {
	start, depth := p.off+1, 0
	for ; p.off < len(p.src) && p.src[p.off] != '\n'; p.off++ {
		switch p.src[p.off] {
		case '(':
			depth++
		case ')':
			depth--
		}
		if depth == 0 {
			p.off++
			return strings.Trim(p.src[start:p.off-1], " \t\r\v\f"), nil
		}
	}
	return "", p.fail(p.off, "')'")
}

func isHexDigit(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
