package script

import "strings"

// cond is an open #ifdef or #ifndef block.
type cond struct {
	pos     Pos
	sawElse bool
}

// preprocessor handles #ifdef NAME, #ifndef NAME, #else and #endif at the
// cursor, in an active region. Inactive regions are skipped unparsed.
func (p *parser) preprocessor() error {
	at := p.off
	p.off++
	switch word := p.ident(); word {
	case "ifdef", "ifndef":
		return p.openCond(at, word == "ifdef")
	case "else":
		return p.elseCond(at)
	case "endif":
		if len(p.conds) == 0 {
			return p.fail(at, "#ifdef or #ifndef before #endif")
		}
		p.conds = p.conds[:len(p.conds)-1]
		return p.expectEOL()
	}
	return p.fail(at, "#ifdef, #ifndef, #else or #endif")
}

// openCond parses the name of an #ifdef (want true) or #ifndef and skips
// the branch if it is inactive.
func (p *parser) openCond(at int, want bool) error {
	for isSpace(p.peek()) {
		p.off++
	}
	name := p.ident()
	if name == "" {
		return p.fail(p.off, "macro name")
	}
	if err := p.expectEOL(); err != nil {
		return err
	}
	p.conds = append(p.conds, cond{pos: p.pos(at)})
	if p.defined[name] == want {
		return nil
	}
	return p.skipInactive()
}

// elseCond handles #else in an active branch: the rest is inactive.
func (p *parser) elseCond(at int) error {
	n := len(p.conds)
	if n == 0 || p.conds[n-1].sawElse {
		return p.fail(at, "#ifdef or #ifndef before #else")
	}
	p.conds[n-1].sawElse = true
	if err := p.expectEOL(); err != nil {
		return err
	}
	return p.skipInactive()
}

// skipInactive skips whole lines up to the #else or #endif that ends the
// innermost open block, counting nested blocks, and leaves the cursor after
// that line. An #else makes the rest active; #endif closes the block.
func (p *parser) skipInactive() error {
	depth := 0
	for p.off < len(p.src) {
		lineAt := p.off
		line := p.nextLine()
		word, ok := directiveWord(line)
		switch {
		case !ok:
		case word == "ifdef" || word == "ifndef":
			depth++
		case word == "endif" && depth > 0:
			depth--
		case word == "endif":
			p.conds = p.conds[:len(p.conds)-1]
			return nil
		case word == "else" && depth == 0:
			top := &p.conds[len(p.conds)-1]
			if top.sawElse {
				return p.fail(lineAt+strings.IndexByte(line, '#'), "#endif")
			}
			top.sawElse = true
			return nil
		}
	}
	return nil // run reports the unclosed block
}

// nextLine consumes the rest of the current line and its newline.
func (p *parser) nextLine() string {
	rest := p.src[p.off:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 {
		p.off = len(p.src)
		return rest
	}
	p.off += i + 1
	return rest[:i]
}

// directiveWord returns the word after '#' on a preprocessor line.
func directiveWord(line string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeft(line, " \t\r\v\f"), "#")
	if !ok {
		return "", false
	}
	end := 0
	for end < len(rest) && isWord(rest[end]) {
		end++
	}
	return rest[:end], true
}
