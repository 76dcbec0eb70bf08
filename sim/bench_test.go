package sim

import "testing"

// benchExchange times one closed-world run per iteration: Reset, then the
// handshake, 1 KB each way and the close through TIME-WAIT, every segment
// encoded, checksummed, decoded and verified, every byte written from the
// pattern and checked on reading.
func benchExchange(b *testing.B, l Link, trace bool) {
	cfg := exchange(1024, l, healAt)
	cfg.Trace = trace
	s := New(cfg)
	seed := uint64(0)
	var segs int
	b.ReportAllocs()
	for b.Loop() {
		seed++
		s.Reset(seed)
		if err := s.Run(); err != nil {
			b.Fatal(err)
		}
		segs += s.Stats().Sent
	}
	if err := s.StreamComplete(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(segs)/float64(b.N), "segments/op")
}

func BenchmarkExchange(b *testing.B)       { benchExchange(b, Link{Delay: 10 * Millisecond}, false) }
func BenchmarkExchangeTraced(b *testing.B) { benchExchange(b, Link{Delay: 10 * Millisecond}, true) }
func BenchmarkExchangeLossy(b *testing.B)  { benchExchange(b, lossy, false) }

// BenchmarkExchangeRecorded includes building both scripts, which
// allocates.
func BenchmarkExchangeRecorded(b *testing.B) {
	cfg := exchange(1024, Link{Delay: 10 * Millisecond}, 0)
	cfg.Record = true
	s := New(cfg)
	b.ReportAllocs()
	for b.Loop() {
		s.Reset(1)
		if err := s.Run(); err != nil {
			b.Fatal(err)
		}
	}
}
