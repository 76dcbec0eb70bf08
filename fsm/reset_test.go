package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/seq"
)

func TestResetStartsFreshWithoutAllocating(t *testing.T) {
	cfg := fsm.Config{ISN: func(fsm.Time, fsm.Tuple) seq.Num { return 7 }}
	e := fsm.New(cfg)
	e.Connect(0, tupA)
	if e.State() != fsm.SynSent {
		t.Fatalf("state %v", e.State())
	}
	allocs := testing.AllocsPerRun(50, func() {
		e.Reset(cfg)
		e.Connect(0, tupA)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per Reset and Connect", allocs)
	}
	e.Reset(cfg)
	if e.State() != fsm.Closed || e.SndNxt() != 0 || e.Unacked() != 0 {
		t.Fatalf("after Reset: state %v, SND.NXT %d, unacked %d", e.State(), e.SndNxt(), e.Unacked())
	}
}
