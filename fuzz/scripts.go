package fuzz

import (
	"errors"
	"reflect"

	"tcpcheck/runner"
	"tcpcheck/script"
)

// Parse checks that script.Parse never panics, fails only with a
// *script.Error, and that what parses prints to text that parses to the
// same script, positions aside.
func Parse(src []byte) error {
	s, err := script.Parse("input.pkt", src)
	if err != nil {
		var e *script.Error
		if !errors.As(err, &e) {
			return fail("FuzzParse", "error type", "error "+err.Error()+" is not a *script.Error")
		}
		return nil
	}
	text := s.String()
	back, err := script.Parse("printed.pkt", []byte(text))
	if err != nil {
		return fail("FuzzParse", "parse(print(s))", "the printed script does not parse: "+err.Error()+"\n"+text)
	}
	if !reflect.DeepEqual(withoutPositions(s), withoutPositions(back)) {
		return fail("FuzzParse", "parse(print(s)) == s", "the printed script parses differently:\n"+text+"\nreprinted:\n"+back.String())
	}
	return nil
}

// withoutPositions is a copy of s with every position zeroed.
func withoutPositions(s *script.Script) script.Script {
	c := *s
	c.Lines = append([]script.Line(nil), s.Lines...)
	for i := range c.Lines {
		c.Lines[i].Pos = script.Pos{}
	}
	c.Options.Ignored = append([]script.Option(nil), s.Options.Ignored...)
	for i := range c.Options.Ignored {
		c.Options.Ignored[i].Pos = script.Pos{}
	}
	return c
}

// Run checks that any script that parses runs against the reference
// endpoint without a panic and with a consistent result: the runner and
// the sockets layer under it answer bad values with a failure.
func Run(src []byte) error {
	s, err := script.Parse("input.pkt", src)
	if err != nil {
		return nil
	}
	res := runner.Run(s, runner.Options{})
	if res.Passed == (res.Failure != nil) {
		return fail("FuzzRun", "result", "Passed and Failure disagree")
	}
	return nil
}
