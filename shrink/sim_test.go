package shrink

import (
	"errors"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/mutants"
	"tcpcheck/observe"
	"tcpcheck/runner"
	"tcpcheck/script"
)

// A simulation whose endpoint a breaks MonotonicAck when a segment is
// lost: the faults shrink to the few that matter, then a's view shrinks as
// an open-world scenario, or stays as recorded.
func TestSimShrinksFaults(t *testing.T) {
	for _, seed := range []uint64{2, 3} {
		in := SimInput{Seed: seed, Link: DefaultLink, Build: [2]func(fsm.Config) observe.Endpoint{mutants.AckBack.Build, nil}}
		r, err := ShrinkSim(in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		text := r.Script("x.pkt").String()
		t.Logf("seed %d: %s\n%s", seed, r.Failure.String(), text)
		if r.Failure.Monitor != "MonotonicAck" {
			t.Errorf("seed %d: %s", seed, r.Failure.String())
		}
		if !strings.Contains(text, "faults drawn from the seed, 1 kept") {
			t.Errorf("seed %d: want one fault kept", seed)
		}
		if _, err := script.Parse("x.pkt", []byte(text)); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
		if r.Trace.Marked < 0 || r.Trace.Marked >= len(r.Trace.Events) {
			t.Errorf("seed %d: marked %d of %d events", seed, r.Trace.Marked, len(r.Trace.Events))
		}
	}
}

// The reference endpoint on the same network does not fail.
func TestSimReferenceDoesNotFail(t *testing.T) {
	_, err := ShrinkSim(SimInput{Seed: 3, Link: DefaultLink}, Options{})
	if !errors.Is(err, ErrNoFailure) {
		t.Fatalf("err %v", err)
	}
}

// A failure of the simulation's own checks (no monitor) keeps the failing
// endpoint's view as the simulator recorded it, which replays with runner
// up to the read that returned a byte too many.
func TestSimPropertyKeepsTheRecordedView(t *testing.T) {
	in := SimInput{Seed: 5, Link: DefaultLink, Bytes: 3000, Build: [2]func(fsm.Config) observe.Endpoint{nil, mutants.Stutter.Build}}
	r, err := ShrinkSim(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := r.Script("x.pkt").String()
	t.Logf("%s\n%s", r.Failure.String(), text)
	if r.Failure.Monitor != "StreamIntegrity" || r.Failure.Endpoint != "b" {
		t.Fatalf("failure %s", r.Failure.String())
	}
	if !strings.Contains(text, "// tcpcheck: seed 5") || !strings.Contains(text, "faults drawn from the seed, 0 kept") {
		t.Errorf("want b's recorded view, with no fault left:\n%s", text)
	}
	if r.Stats.Minimal != 0 {
		t.Errorf("stats %+v", r.Stats)
	}
	res := runner.Run(r.Body, runner.Options{})
	if res.Passed || mismatchClass(res.Failure.Msg) != "call result" {
		t.Errorf("replay: %+v", res.Failure)
	}
}
