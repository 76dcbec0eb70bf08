package runner

import (
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/script"
	"tcpcheck/seq"
)

// DefaultISN is the initial sequence number of every connection of the
// stack when neither the script nor Options choose one.
const DefaultISN seq.Num = 0x5eed0000

// ISNKey is the key of the directive that fixes the stack's initial
// sequence number, "// tcpcheck: isn N" (decimal, or hex with 0x), so that
// a trace recorded from an endpoint with a known ISN replays with the same
// numbers on the wire.
const ISNKey = "isn"

// ScriptISN returns the value of the script's first isn directive.
func ScriptISN(s *script.Script) (seq.Num, bool) {
	for i := range s.Lines {
		d, ok := s.Lines[i].Event.(*script.Directive)
		if !ok || d.Key != ISNKey {
			continue
		}
		v, err := strconv.ParseUint(d.Value, 0, 32)
		return seq.Num(v), err == nil
	}
	return 0, false
}

// baseConfig is the configuration the stack starts from: Options.Config or
// the defaults, with the ISN of the directive, of Options.Config, or
// DefaultISN, in that order.
func baseConfig(s *script.Script, opts Options) fsm.Config {
	var cfg fsm.Config
	if opts.Config != nil {
		cfg = *opts.Config
	}
	if isn, ok := ScriptISN(s); ok {
		cfg.ISN = fixedISN(isn)
	} else if cfg.ISN == nil {
		cfg.ISN = fixedISN(DefaultISN)
	}
	return cfg
}

// fixedISN chooses the same ISN for every connection.
func fixedISN(isn seq.Num) fsm.ISNFunc {
	return func(fsm.Time, fsm.Tuple) seq.Num { return isn }
}
