package sim

import (
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/runner"
	"tcpcheck/script"
)

// lossy is a network bad enough to exercise retransmission, duplicates and
// reordering, but that still lets a connection through.
var lossy = Link{Loss: 0.15, Dup: 0.1, Corrupt: 0.05, Reorder: 0.1, Delay: 10 * Millisecond, Jitter: 5 * Millisecond}

// heal is when faults stop in the liveness tests; the bound is what
// EventualClose allows after the later of close and heal: 2 MSL of
// TIME-WAIT plus room for the FIN's retransmissions with backoff.
const (
	healAt     = 120 * Second
	closeBound = 60*Second + 5*60*Second
)

// exchange returns the closed-world scenario with n bytes each way over l.
func exchange(n int, l Link, heal Time) Config {
	cfg := Exchange(fsm.Config{}, fsm.Config{}, n)
	cfg.Link, cfg.Heal = l, heal
	return cfg
}

// run runs cfg with seed and fails the test on a run error.
func run(t testing.TB, cfg Config, seed uint64) *Sim {
	t.Helper()
	cfg.Seed = seed
	s := New(cfg)
	if err := s.Run(); err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	return s
}

// traceText prints a trace for failure messages.
func traceText(tr *Trace) string {
	var b strings.Builder
	for i := range tr.Events {
		b.WriteString(tr.Events[i].String())
		b.WriteByte('\n')
	}
	return b.String()
}

// replay prints, parses and runs endpoint i's recorded script against a
// fresh endpoint with the same configuration.
func replay(t testing.TB, s *Sim, i int, cfg fsm.Config, strict bool) {
	t.Helper()
	sc := s.Script(i)
	text := sc.String()
	parsed, err := script.Parse(s.Name(i)+".pkt", []byte(text))
	if err != nil {
		t.Fatalf("seed %d, endpoint %s: recorded script does not parse: %v\n%s", s.Seed(), s.Name(i), err, text)
	}
	if runner.Run(parsed, runner.Options{Config: &cfg, Strict: strict}).Passed {
		return
	}
	var tr strings.Builder // run again, traced, to explain the failure
	if res := runner.Run(parsed, runner.Options{Config: &cfg, Strict: strict, Trace: &tr}); !res.Passed {
		t.Fatalf("seed %d, endpoint %s: replay failed: %v\nscript:\n%s\nrunner trace:\n%s", s.Seed(), s.Name(i), res.Failure, text, tr.String())
	}
}

// lastSyscall prints the last syscall line of a script.
func lastSyscall(sc *script.Script) string {
	for i := len(sc.Lines) - 1; i >= 0; i-- {
		if _, ok := sc.Lines[i].Event.(*script.Syscall); ok {
			l := sc.Lines[i]
			l.Time = script.Time{}
			return string(l.AppendText(nil))
		}
	}
	return ""
}
