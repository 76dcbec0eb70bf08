package script

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// scanner walks the source of one script. Newlines end events, so skipSpace
// stops at them; comments met while skipping are queued in pending.
type scanner struct {
	file    string
	src     string
	off     int
	starts  []int  // offset of the first byte of each line
	pending []Line // comments met since the last flush
}

func newScanner(file, src string) *scanner {
	s := &scanner{file: file, src: src, starts: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			s.starts = append(s.starts, i+1)
		}
	}
	return s
}

// pos returns the position of byte offset off.
func (s *scanner) pos(off int) Pos {
	i := sort.SearchInts(s.starts, off+1) - 1
	return Pos{File: s.file, Line: i + 1, Col: off - s.starts[i] + 1}
}

// fail returns an *Error at offset off.
func (s *scanner) fail(off int, expected string) *Error {
	p := s.pos(off)
	return &Error{File: p.File, Line: p.Line, Col: p.Col, Expected: expected, Found: s.found(off)}
}

// found describes what is at offset off: a quoted token or the end of the
// line or file.
func (s *scanner) found(off int) string {
	switch {
	case off >= len(s.src):
		return "end of file"
	case s.src[off] == '\n':
		return "end of line"
	}
	end := off + 1
	for end < len(s.src) && end-off < 20 && !isSpace(s.src[end]) && isWord(s.src[off]) == isWord(s.src[end]) {
		end++
	}
	return strconv.Quote(s.src[off:end])
}

// peek returns the byte at the cursor, or 0 at the end.
func (s *scanner) peek() byte {
	if s.off < len(s.src) {
		return s.src[s.off]
	}
	return 0
}

// atEOL reports whether the cursor is at a newline or the end of the file.
func (s *scanner) atEOL() bool { return s.off >= len(s.src) || s.src[s.off] == '\n' }

// has reports whether the source continues with lit at the cursor.
func (s *scanner) has(lit string) bool { return strings.HasPrefix(s.src[s.off:], lit) }

// skipSpace skips blanks and comments up to the next token or newline.
func (s *scanner) skipSpace() error {
	for s.off < len(s.src) {
		switch {
		case isSpace(s.src[s.off]):
			s.off++
		case s.has("//"):
			s.lineComment()
		case s.has("/*"):
			if err := s.blockComment(); err != nil {
				return err
			}
		default:
			return nil
		}
	}
	return nil
}

// lineComment queues the // comment at the cursor as a Comment or Directive.
func (s *scanner) lineComment() {
	start := s.off
	end := strings.IndexByte(s.src[start:], '\n')
	if end < 0 {
		end = len(s.src) - start
	}
	s.off = start + end
	text := strings.TrimRightFunc(s.src[start+2:s.off], unicode.IsSpace)
	var ev Event = &Comment{Text: text}
	if d, ok := parseDirective(text); ok {
		ev = d
	}
	s.pending = append(s.pending, Line{Pos: s.pos(start), Event: ev})
}

// blockComment queues the /* */ comment at the cursor.
func (s *scanner) blockComment() error {
	start := s.off
	end := strings.Index(s.src[start+2:], "*/")
	if end < 0 {
		return s.fail(len(s.src), "*/ closing the comment at "+s.pos(start).String())
	}
	s.off = start + 2 + end + 2
	s.pending = append(s.pending, Line{Pos: s.pos(start), Event: &Comment{Text: s.src[start+2 : s.off-2], Block: true}})
	return nil
}

// expect consumes lit after optional blanks, or fails.
func (s *scanner) expect(lit string) error {
	if err := s.skipSpace(); err != nil {
		return err
	}
	if !s.has(lit) {
		return s.fail(s.off, strconv.Quote(lit))
	}
	s.off += len(lit)
	return nil
}

// expectEOL consumes blanks and comments and checks that the line ends.
func (s *scanner) expectEOL() error {
	if err := s.skipSpace(); err != nil {
		return err
	}
	if !s.atEOL() {
		return s.fail(s.off, "end of line")
	}
	return nil
}

// keyword consumes the word kw after optional blanks if it is next.
func (s *scanner) keyword(kw string) (bool, error) {
	if err := s.skipSpace(); err != nil {
		return false, err
	}
	if !s.has(kw) || s.off+len(kw) < len(s.src) && isWord(s.src[s.off+len(kw)]) {
		return false, nil
	}
	s.off += len(kw)
	return true, nil
}

// ident consumes an identifier: a letter or '_' then letters, digits, '_'.
func (s *scanner) ident() string {
	start := s.off
	for s.off < len(s.src) && (isWord(s.src[s.off]) && (s.off > start || !isDigit(s.src[s.off]))) {
		s.off++
	}
	return s.src[start:s.off]
}

// span consumes the bytes for which ok holds and returns them.
func (s *scanner) span(ok func(byte) bool) string {
	start := s.off
	for s.off < len(s.src) && ok(s.src[s.off]) {
		s.off++
	}
	return s.src[start:s.off]
}

// uint consumes a decimal number no larger than max after optional blanks.
func (s *scanner) uint(what string, max uint64) (uint64, error) {
	if err := s.skipSpace(); err != nil {
		return 0, err
	}
	start := s.off
	digits := s.span(isDigit)
	v, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || v > max {
		s.off = start
		return 0, s.fail(start, what+" (0 to "+strconv.FormatUint(max, 10)+")")
	}
	return v, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}
func isWord(c byte) bool { return isLetter(c) || isDigit(c) }
