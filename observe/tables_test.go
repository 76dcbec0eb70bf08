package observe

import (
	"testing"

	"tcpcheck/fsm"
)

// TestNoteOf checks the lookup table against the notes it is built from,
// for every set of events.
func TestNoteOf(t *testing.T) {
	for i := range 1 << 16 {
		ev := fsm.Events(i)
		var want Note
		for _, m := range notes {
			if ev&m.ev != 0 {
				want |= m.note
			}
		}
		if got := noteOf(ev); got != want {
			t.Fatalf("noteOf(%#x) = %#x, want %#x", i, got, want)
		}
	}
}

// TestFromReason checks the lookup table against the switch.
func TestFromReason(t *testing.T) {
	for i := range 256 {
		if got, want := FromReason(fsm.Reason(i)), fromReason(fsm.Reason(i)); got != want {
			t.Fatalf("FromReason(%d) = %v, want %v", i, got, want)
		}
	}
}
