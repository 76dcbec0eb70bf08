package properties

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// The reference endpoint sends at most MaxBurst segments per call, however
// much the application hands it.
func TestOutputBoundedPassesReferenceEndpoint(t *testing.T) {
	r := newFSMRun(t, fsm.Config{MaxBurst: 8})
	r.established(false).at(20).send(20000)
	if n := len(r.sent()); n != 8 {
		t.Fatalf("send provoked %d segments, want 8", n)
	}
	r.at(30).in(".", 5001, 1001+8*536, 0)
	mustPass(t, r.trace(), new(OutputBounded), r.config())
}

func TestOutputBoundedFlagsBurst(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxBurst = 3
	tr := activeOpen(t)
	tr.at(20).call(observe.OpSend, 400, observe.ErrNone).
		out(t, ".", 1001, 5001, 100).out(t, ".", 1101, 5001, 100).out(t, ".", 1201, 5001, 100)
	at := tr.nextIndex()
	tr.out(t, "P.", 1301, 5001, 100)
	mustFlag(t, tr, new(OutputBounded), cfg, at, "one stimulus at 20 ms provoked more than 3 segments")
}

// staleAckTrace appends n pure ACKs that bring nothing new, each answered by a
// pure ACK, from ms on, 10 ms apart.
func staleAckTrace(t *testing.T, tr *trace, ms int64, n int) *trace {
	for i := 0; i < n; i++ {
		tr.at(ms+10*int64(i)).in(t, ".", 90000, 1001, 0).out(t, ".", 1001, 5001, 0)
	}
	return tr
}

// A peer that keeps sending the same out-of-window ACK, answered every
// time: an ACK war. With a limit of 10 a second, more than 20 answers in a
// second are a violation.
func TestOutputBoundedFlagsAckWar(t *testing.T) {
	tr := staleAckTrace(t, activeOpen(t), 20, 20)
	tr.at(300).in(t, ".", 90000, 1001, 0)
	at := tr.nextIndex()
	tr.out(t, ".", 1001, 5001, 0)
	mustFlag(t, tr, new(OutputBounded), DefaultConfig(), at,
		"ACK war: 21 ACKs within one second in answer to ACKs that brought nothing new (ACK 1001); the limit is 10 a second")

	// Twenty a second, across two seconds, is within what a per-second
	// limiter may send.
	tr = staleAckTrace(t, activeOpen(t), 20, 20)
	staleAckTrace(t, tr, 1000, 20)
	mustPass(t, tr, new(OutputBounded), DefaultConfig())

	// Without a limit, there is no rule.
	cfg := DefaultConfig()
	cfg.ChallengeACKLimit = -1
	mustPass(t, staleAckTrace(t, activeOpen(t), 20, 50), new(OutputBounded), cfg)
}
