package properties

import (
	"flag"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/seq"
)

// deep asks the gopter tests for many more cases; rapid's own
// -rapid.checks flag does the same for rapid.
var deep = flag.Bool("properties.deep", false, "run the gopter property tests with many more cases")

// isnGen draws initial sequence numbers where bugs live: near 0, 2^31 and
// the 2^32 wrap, and anywhere.
func isnGen() *rapid.Generator[uint32] {
	return rapid.OneOf(
		rapid.SampledFrom([]uint32{0, 1, 1<<31 - 1, 1 << 31, 1<<32 - 1, 1<<32 - 2}),
		rapid.Uint32Range(1<<32-3000, 1<<32-1),
		rapid.Uint32(),
	)
}

// modelConfig is a reference endpoint with short timers, so that TIME-WAIT
// and retransmission are reached in a few steps.
func modelConfig(isn uint32, legacy bool) fsm.Config {
	return fsm.Config{
		ISN:         func(fsm.Time, fsm.Tuple) seq.Num { return seq.Num(isn) },
		MSL:         fsm.Second,
		NoTimestamp: true,
		Legacy:      legacy,
		// The model answers every blind RST or SYN with a challenge ACK:
		// no RFC 5961 §7 rate limit.
		ChallengeACKLimit: -1,
	}
}

// TestModelRapid checks the reference endpoint against the abstract model
// with rapid's state-machine actions, every monitor active.
func TestModelRapid(t *testing.T) {
	defer atLeastRapidChecks(t, 1000)()
	var cov modelCoverage
	rapid.Check(t, func(rt *rapid.T) {
		run := NewModelRun(modelConfig(isnGen().Draw(rt, "isn"), false), seq.Num(isnGen().Draw(rt, "peerISN")))
		actions := map[string]func(*rapid.T){}
		for s := Stimulus(0); s < NumStimuli; s++ {
			actions[s.String()] = func(rt *rapid.T) {
				if !run.Applicable(s) {
					rt.Skip("not applicable")
				}
				cov.hit(run.State(), s)
				if err := run.Step(s); err != nil {
					rt.Fatalf("%v\n%s", err, strings.Join(run.Log(), "\n"))
				}
			}
		}
		rt.Repeat(actions)
	})
	cov.require(t)
}

// atLeastRapidChecks raises rapid's case count to n unless -rapid.checks
// asked for more, and returns the function that restores it.
func atLeastRapidChecks(t *testing.T, n int) func() {
	f := flag.Lookup("rapid.checks")
	if f == nil {
		t.Fatal("rapid.checks flag missing")
	}
	old := f.Value.String()
	if cur, err := strconv.Atoi(old); err == nil && cur < n {
		if err := f.Value.Set(strconv.Itoa(n)); err != nil {
			t.Fatal(err)
		}
	}
	return func() { _ = f.Value.Set(old) }
}
