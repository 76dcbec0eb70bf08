package sim

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/sock"
)

// Liveness under loss below a bound: with up to 20% loss each way (plus
// duplicates, corruption and reordering) until the network heals, the
// connection opens, every byte arrives intact and both ends reach CLOSED,
// the active closer through TIME-WAIT.
func TestLivenessUnderLoss(t *testing.T) {
	for _, loss := range []float64{0.05, 0.1, 0.2} {
		l := lossy
		l.Loss = loss
		for seed := uint64(1); seed <= 100; seed++ {
			s := run(t, exchange(4000, l, healAt), seed)
			if err := s.StreamComplete(); err != nil {
				t.Fatalf("loss %v seed %d: %v", loss, seed, err)
			}
			if err := s.EventualClose(closeBound); err != nil {
				t.Fatalf("loss %v seed %d: %v", loss, seed, err)
			}
		}
	}
}

// 100% loss: connect fails with ETIMEDOUT after the configured SYN
// retransmissions, sent at 1, 2, 4, ... s intervals (RFC 6298 §2.1 initial
// RTO of 1 s, §5.5 backoff, clamped at RTOMax, §2.5).
func TestSynBackoffTotalLoss(t *testing.T) {
	for _, tc := range []struct {
		cfg  fsm.Config
		syns []Time // send times of the SYNs
		fail Time   // when connect fails
	}{
		{fsm.Config{SynRetries: 3}, []Time{0, 1, 3, 7}, 15},
		{fsm.Config{}, []Time{0, 1, 3, 7, 15, 31, 63}, 123}, // the 7th RTO, 64 s, is clamped to 60 s
	} {
		cfg := Exchange(tc.cfg, fsm.Config{}, 100)
		cfg.Link = Link{Loss: 1, Delay: 10 * Millisecond}
		cfg.Record = true
		var syns []Time
		var failed Time = -1
		var failErr observe.Err
		cfg.Endpoints[0].Sink = func(ev *observe.Event) {
			switch {
			case ev.Kind == observe.Output && ev.Seg.Flags&segment.SYN != 0:
				syns = append(syns, Time(ev.Time))
			case ev.Kind == observe.Notify && ev.Note&observe.NoteError != 0:
				failed, failErr = Time(ev.Time), ev.Err
			}
		}
		s := run(t, cfg, 1)
		if len(syns) != len(tc.syns) {
			t.Fatalf("SynRetries %d: %d SYNs at %v, want %d", tc.cfg.SynRetries, len(syns), syns, len(tc.syns))
		}
		for i, at := range syns {
			if at != tc.syns[i]*Second {
				t.Errorf("SYN %d sent at %v, want %d s", i, at, tc.syns[i])
			}
		}
		if failed != tc.fail*Second || failErr != observe.ErrTimedOut || s.State(0) != fsm.Closed {
			t.Errorf("connect failed at %v with %v, state %v; want ETIMEDOUT at %d s", failed, failErr, s.State(0), tc.fail)
		}
		if s.Stats().Delivered != 0 || s.State(1) != fsm.Listen {
			t.Errorf("stats %+v, b %v", s.Stats(), s.State(1))
		}
		// The application learns it through SO_ERROR; the script says so.
		if got := lastSyscall(s.Script(0)); got != "getsockopt(3, SOL_SOCKET, SO_ERROR, ["+sock.ETIMEDOUT.Name()+"], [4]) = 0" {
			t.Errorf("last call recorded: %q", got)
		}
		replay(t, s, 0, tc.cfg, true)
	}
}

// Corrupted segments never reach an endpoint: each copy fails the
// receiver's checksum and is dropped, and retransmission repairs the loss.
func TestCorruptionDropped(t *testing.T) {
	cfg := exchange(5000, Link{Corrupt: 0.4, Delay: 10 * Millisecond}, healAt)
	corrupted := 0
	for seed := uint64(1); seed <= 30; seed++ {
		sent := map[string]bool{}
		bad := 0
		key := func(ev *observe.Event) string {
			return string(ev.Seg.AppendText(nil)) + string(ev.Seg.Payload)
		}
		for i := range cfg.Endpoints {
			cfg.Endpoints[i].Sink = func(ev *observe.Event) {
				switch ev.Kind {
				case observe.Output:
					g := *ev.Seg
					g.Checksum = 0
					sent[key(&observe.Event{Seg: &g})] = true
				case observe.Input:
					g := *ev.Seg
					g.Checksum = 0
					if !sent[key(&observe.Event{Seg: &g})] {
						bad++
					}
				}
			}
		}
		s := run(t, cfg, seed)
		if bad > 0 {
			t.Fatalf("seed %d: %d segments arrived that were never sent", seed, bad)
		}
		if err := s.StreamComplete(); err != nil {
			t.Fatal(err)
		}
		if err := s.EventualClose(closeBound); err != nil {
			t.Fatal(err)
		}
		corrupted += s.Stats().Corrupted
	}
	if corrupted == 0 {
		t.Fatal("no segment was corrupted")
	}
}

// Duplicated and reordered segments: the stream stays intact and in order.
func TestDuplicationAndReordering(t *testing.T) {
	l := Link{Dup: 0.3, Reorder: 0.3, Delay: 10 * Millisecond, Jitter: 20 * Millisecond}
	dups, reordered := 0, 0
	for seed := uint64(1); seed <= 50; seed++ {
		cfg := exchange(20_000, l, healAt)
		var last [2]uint32
		for i := range cfg.Endpoints {
			cfg.Endpoints[i].Sink = func(ev *observe.Event) {
				if ev.Kind == observe.Input && len(ev.Seg.Payload) > 0 {
					if s := uint32(ev.Seg.Seq); s < last[i] {
						reordered++
					} else {
						last[i] = s
					}
				}
			}
		}
		s := run(t, cfg, seed)
		if err := s.StreamComplete(); err != nil {
			t.Fatal(err)
		}
		if err := s.EventualClose(closeBound); err != nil {
			t.Fatal(err)
		}
		dups += s.Stats().Duplicated
	}
	if dups == 0 || reordered == 0 {
		t.Fatalf("%d duplicates, %d segments arrived out of order: the test tests nothing", dups, reordered)
	}
}

// Heal stops every fault: after it, segments only see the base delay.
func TestHeal(t *testing.T) {
	cfg := exchange(1000, Link{Loss: 1, Delay: 10 * Millisecond}, 20*Second)
	s := run(t, cfg, 1)
	if err := s.StreamComplete(); err != nil {
		t.Fatal(err)
	}
	if err := s.EventualClose(closeBound); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Lost == 0 {
		t.Errorf("nothing lost before the heal: %+v", st)
	}
}

// SetLink gives one direction its own faults: with every segment from b
// to a lost, a never completes the handshake.
func TestSetLink(t *testing.T) {
	cfg := exchange(100, Link{Delay: Millisecond}, 0)
	cfg.Endpoints[0].Config.SynRetries = 2
	s := New(cfg)
	s.SetLink(1, 0, Link{Loss: 1})
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Lost == 0 || s.State(0) != fsm.Closed || s.Stream(1).Read != 0 {
		t.Errorf("stats %+v, a %v", st, s.State(0))
	}
}

// ByteFaults: decisions read from bytes, two per segment, then none.
func TestByteFaults(t *testing.T) {
	f := &ByteFaults{Data: []byte{
		4 << 5, 0, // the SYN is lost
		0, 0, // the retransmitted SYN arrives
		5 << 5, 3, // the SYN-ACK is duplicated, 3 ms late
		6 << 5, 0, // the ACK is corrupted
	}}
	cfg := exchange(1000, Link{Delay: Millisecond}, 0)
	cfg.Faults = f
	s := run(t, cfg, 0)
	st := s.Stats()
	if st.Lost != 1 || st.Duplicated != 1 || st.Corrupted != 1 {
		t.Errorf("stats %+v", st)
	}
	if err := s.StreamComplete(); err != nil {
		t.Fatal(err)
	}
	// Reset rewinds the bytes: the same run again.
	s.Reset(0)
	if err := s.Run(); err != nil || s.Stats() != st {
		t.Errorf("after Reset: %+v, %v; want %+v", s.Stats(), err, st)
	}
}
