package script

import (
	"reflect"
)

// withoutPositions returns a copy of s with every Pos zeroed, for deep
// comparison of ASTs parsed from different texts.
func withoutPositions(s *Script) Script {
	c := *s
	c.Lines = append([]Line(nil), s.Lines...)
	for i := range c.Lines {
		c.Lines[i].Pos = Pos{}
	}
	c.Options.Ignored = append([]Option(nil), s.Options.Ignored...)
	for i := range c.Options.Ignored {
		c.Options.Ignored[i].Pos = Pos{}
	}
	return c
}

// fataler is what checkReparse needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// sameAST reports whether a and b are deeply equal, positions aside.
func sameAST(a, b *Script) bool {
	return reflect.DeepEqual(withoutPositions(a), withoutPositions(b))
}

// checkReparse prints s, parses the text and fails t unless the result is
// s again. It returns the printed text.
func checkReparse(t fataler, s *Script) string {
	t.Helper()
	text := s.String()
	back, err := Parse("printed.pkt", []byte(text))
	if err != nil {
		t.Fatalf("printed script does not parse: %v\n%s", err, text)
	}
	if !sameAST(s, back) {
		t.Fatalf("printed script parses to a different AST\nprinted:\n%s\nreprinted:\n%s\nfirst:  %#v\nsecond: %#v", text, back, withoutPositions(s), withoutPositions(back))
	}
	return text
}
