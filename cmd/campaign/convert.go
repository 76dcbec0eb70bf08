package main

import (
	"errors"

	"tcpcheck/convert"
	"tcpcheck/script"
)

// lookupConverter converts crashers with the target's converter from
// package convert.
type lookupConverter struct{}

// Script implements Converter. A rapid-driven target's input has no script
// form (convert.ErrRapidInput): its failure message, which go test prints,
// carries the script.
func (lookupConverter) Script(target, file string) (string, bool, error) {
	t, ok := convert.Lookup(target)
	if !ok || t.ToScript == nil {
		return "", false, nil
	}
	data, err := convert.ReadCorpusFile(file)
	if err != nil {
		return "", true, err
	}
	s, err := t.ToScript(data)
	switch {
	case errors.Is(err, convert.ErrRapidInput):
		return "", false, nil
	case err != nil:
		return "", true, err
	}
	return s.String(), true, nil
}

func converter() Converter { return lookupConverter{} }

// toScript is the coverage replayer's way into the inputs it does not
// decode itself.
func toScript(target string, data []byte) (*script.Script, error) {
	t, ok := convert.Lookup(target)
	if !ok || t.ToScript == nil {
		return nil, errors.New(target + ": no converter in package convert")
	}
	return t.ToScript(data)
}
