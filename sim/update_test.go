package sim

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// SetConfig, SetActions and SetHeal take effect at the next Reset: the
// SYN announces the new MSS, the new sizes are written and read.
func TestSetters(t *testing.T) {
	s := New(exchange(1000, Link{Delay: Millisecond}, 0))
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	var mss uint16
	s.SetSink(0, func(ev *observe.Event) {
		if ev.Kind == observe.Output && ev.Seg.Flags.Has(segment.SYN) {
			mss, _ = ev.Seg.Options.MSS()
		}
	})
	s.SetConfig(0, fsm.Config{MSS: 600})
	acts := []Action{{Op: observe.OpConnect}, {Op: observe.OpSend, N: 50, On: OnConnected},
		{Op: observe.OpClose, On: OnReceived, Bytes: 1000}}
	s.SetActions(0, acts)
	s.SetHeal(Second)
	s.Reset(1)
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if mss != 600 {
		t.Errorf("SYN announced MSS %d, want 600", mss)
	}
	if got := s.Stream(0).Written; got != 50 {
		t.Errorf("a wrote %d bytes, want 50", got)
	}
	if err := s.StreamComplete(); err != nil {
		t.Error(err)
	}
}
