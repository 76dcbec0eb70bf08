package script

import "strconv"

// DefaultDefines are the names Parse treats as defined for #ifdef.
var DefaultDefines = []string{"STANDARD"}

// Parse parses the script src read from file (the name is used only in
// positions and errors), with the names of DefaultDefines defined.
func Parse(file string, src []byte) (*Script, error) {
	return ParseDefines(file, src, DefaultDefines)
}

// ParseDefines parses like Parse with exactly the given names defined. It
// returns the first syntax error as an *Error. It never panics.
func ParseDefines(file string, src []byte, defines []string) (*Script, error) {
	p := &parser{scanner: newScanner(file, string(src)), defined: map[string]bool{}}
	for _, d := range defines {
		p.defined[d] = true
	}
	if err := p.run(); err != nil {
		return nil, err
	}
	return &p.script, nil
}

// parser holds the state of one Parse.
type parser struct {
	*scanner
	defined map[string]bool
	conds   []cond // open #ifdef/#ifndef blocks, innermost last
	script  Script
}

// run parses statements up to the end of the source.
func (p *parser) run() error {
	for {
		if err := p.skipSpace(); err != nil {
			return err
		}
		p.flush()
		if p.off >= len(p.src) {
			break
		}
		if p.src[p.off] == '\n' {
			p.off++
			continue
		}
		if err := p.statement(); err != nil {
			return err
		}
	}
	if n := len(p.conds); n > 0 {
		return p.fail(len(p.src), "#endif for the #if at "+p.conds[n-1].pos.String())
	}
	return nil
}

// flush moves the queued comments into the script.
func (p *parser) flush() {
	p.script.Lines = append(p.script.Lines, p.pending...)
	p.pending = p.pending[:0]
}

// statement parses one line: a preprocessor line, a header option or an
// event.
func (p *parser) statement() error {
	switch {
	case p.has("#"):
		return p.preprocessor()
	case p.has("--"):
		return p.headerOption()
	}
	return p.eventLine()
}

// eventLine parses a timed event and the end of its line.
func (p *parser) eventLine() error {
	line := Line{Pos: p.pos(p.off)}
	var err error
	if line.Time, err = p.time(); err != nil {
		return err
	}
	if line.Event, err = p.event(); err != nil {
		return err
	}
	if err := p.expectEOL(); err != nil {
		return err
	}
	p.script.Lines = append(p.script.Lines, line)
	p.flush()
	return nil
}

// headerOption parses "--name=value" or "--name".
func (p *parser) headerOption() error {
	opt := Option{Pos: p.pos(p.off)}
	p.off += 2
	opt.Name = p.span(func(c byte) bool { return isWord(c) || c == '-' })
	if opt.Name == "" {
		return p.fail(p.off, "option name")
	}
	valueAt := p.off + 1
	if p.peek() == '=' {
		p.off++
		opt.Value = p.span(func(c byte) bool { return !isSpace(c) && c != '\n' })
	}
	if err := p.expectEOL(); err != nil {
		return err
	}
	return p.setOption(opt, valueAt)
}

// setOption records opt in the script's options, checking known ones.
func (p *parser) setOption(opt Option, valueAt int) error {
	o := &p.script.Options
	if opt.Name == "ip_version" {
		if !ipVersions[opt.Value] {
			return p.fail(valueAt, "ipv4, ipv6 or ipv4-mapped-ipv6")
		}
		o.IPVersion = opt.Value
		return nil
	}
	set := o.setting(opt.Name)
	if set == nil {
		o.Ignored = append(o.Ignored, opt)
		return nil
	}
	v, err := strconv.ParseUint(opt.Value, 10, 63)
	if err != nil {
		return p.fail(valueAt, "a non-negative integer for --"+opt.Name)
	}
	*set = Setting{Value: int64(v), Set: true}
	return nil
}
