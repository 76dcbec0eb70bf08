package sim

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// traced runs cfg with seed and a trace, and returns a copy of the trace.
func traced(t testing.TB, cfg Config, seed uint64) *Trace {
	t.Helper()
	cfg.Trace = true
	return run(t, cfg, seed).Trace().Clone()
}

// Determinism: the same scenario and seed give the same trace, in a new
// simulator or after Reset on a used one; another seed gives another
// trace, so the comparison can fail.
func TestDeterminism(t *testing.T) {
	cfg := exchange(5000, lossy, healAt)
	cfg.Trace = true
	reused := New(cfg)
	for seed := uint64(1); seed <= 30; seed++ {
		a, b := traced(t, cfg, seed), traced(t, cfg, seed)
		if err := Determinism(a, b); err != nil {
			t.Fatal(err)
		}
		reused.Reset(seed)
		if err := reused.Run(); err != nil {
			t.Fatal(err)
		}
		if err := Determinism(a, reused.Trace()); err != nil {
			t.Fatalf("after Reset: %v", err)
		}
		other := traced(t, cfg, seed+1000)
		if Determinism(a, other) == nil {
			t.Fatalf("seeds %d and %d gave the same trace", seed, seed+1000)
		}
	}
}

// SeqOffsetInvariance: shifting both ISNs by a constant, across 2^31 and
// across the 2^32 wrap, shifts every sequence number and changes nothing
// else, faults included.
func TestSeqOffsetInvariance(t *testing.T) {
	cfg := exchange(20_000, lossy, healAt)
	// The last two start a, then b, 256 numbers before 2^32, so their
	// numbers wrap during the transfer.
	for _, shift := range []uint32{1, 1 << 31, 0xffffffff, 0xffffff00 - 0x0a000000, 0xffffff00 - 0xb0000000} {
		for seed := uint64(1); seed <= 20; seed++ {
			a := traced(t, cfg, seed)
			shifted := cfg
			shifted.Endpoints = append([]Node(nil), cfg.Endpoints...)
			for i := range shifted.Endpoints {
				shifted.Endpoints[i].ISN = shifted.Endpoints[i].ISN.Add(seq.Size(shift))
			}
			b := traced(t, shifted, seed)
			if err := SeqOffsetInvariance(a, b, shift); err != nil {
				t.Fatalf("shift %#x seed %d: %v", shift, seed, err)
			}
		}
	}
}

// The comparison can fail: an endpoint that mishandles sequence numbers
// past 2^31 (a signed comparison, the classic wrap bug) behaves
// differently once its numbers are shifted there.
func TestSeqOffsetInvarianceCatchesWrapBug(t *testing.T) {
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.Endpoints[1].Build = func(c fsm.Config) observe.Endpoint { return &signedSeq{Endpoint: fsm.New(c)} }
	a := traced(t, cfg, 1)
	const shift = 0x80000000
	for i := range cfg.Endpoints {
		cfg.Endpoints[i].ISN += shift
	}
	b := traced(t, cfg, 1)
	err := SeqOffsetInvariance(a, b, shift)
	if err == nil {
		t.Fatal("SeqOffsetInvariance passed an endpoint that drops segments by signed sequence numbers")
	}
	if v := err.(*Violation); v.Property != PropSeqOffsetInvariance || v.Event < 0 {
		t.Errorf("violation %+v", v)
	}
	t.Log(err)
}

// signedSeq drops data whose sequence number is negative as an int32.
type signedSeq struct{ *fsm.Endpoint }

func (e *signedSeq) Input(now fsm.Time, g *segment.Segment) fsm.Result {
	if int32(g.Seq) < 0 && len(g.Payload) > 0 {
		return e.Endpoint.Tick(now) // nothing due: a no-op with the current deadline
	}
	return e.Endpoint.Input(now, g)
}
