package sim

import (
	"testing"

	"tcpcheck/fsm"
)

// FuzzExchange drives the network of the closed-world scenario from the
// fuzz input (ByteFaults: two bytes per segment); faults end with the
// input, and in any case at healAt. Whatever the network does, the
// streams stay intact and the run stays within its caps; once both ends
// are connected (the faults may legitimately make connect time out),
// every byte arrives and both ends close.
func FuzzExchange(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{4 << 5, 0, 0, 0, 5 << 5, 3, 6 << 5, 0})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 7 << 5, 9, 4 << 5, 0, 0, 40, 5 << 5, 200})
	cfg := exchange(3000, Link{Delay: 10 * Millisecond}, healAt)
	cfg.Endpoints[0].Config = fsm.Config{SendBuffer: 4000, RecvBuffer: 4000}
	faults := &ByteFaults{}
	cfg.Faults = faults
	s := New(cfg)
	f.Fuzz(func(t *testing.T, data []byte) {
		faults.Data = data
		s.Reset(0)
		if err := s.Run(); err != nil {
			t.Fatal(err)
		}
		if err := s.StreamIntegrity(); err != nil {
			t.Fatal(err)
		}
		if !s.Stream(0).Connected || !s.Stream(1).Connected {
			return
		}
		if err := s.StreamComplete(); err != nil {
			t.Fatal(err)
		}
		if err := s.EventualClose(closeBound); err != nil {
			t.Fatal(err)
		}
	})
}
