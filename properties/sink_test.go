package properties

import (
	"errors"
	"testing"

	"tcpcheck/fsm"
)

// Sink runs every monitor under the endpoint's configuration and returns
// the first violation once, as an error that stays valid; the events
// before it and after it return nil.
func TestSink(t *testing.T) {
	tr := synOnlyTrace(t)
	tr.at(1000).tick().out(t, "S", 1000, 0, 0).at(3000).tick().out(t, "S", 1000, 0, 0).at(7000).tick()
	at := tr.nextIndex()
	tr.out(t, "S", 1000, 0, 0).at(15000).tick().out(t, "S", 1000, 0, 0)
	check := Sink(&fsm.Config{SynRetries: 2})
	var first error
	for i := range tr.events {
		err := check(&tr.events[i])
		switch {
		case i == at && err == nil:
			t.Fatalf("event %d: no violation", i)
		case i == at:
			first = err
		case err != nil:
			t.Errorf("event %d: %v", i, err)
		}
	}
	var v *Violation
	if !errors.As(first, &v) || v.Monitor != "RetransmitBackoff" || v.Event != at ||
		first.Error() != "RetransmitBackoff: retransmission 3 of SEQ 1000 exceeds the limit of 2 (event 8 at 7.000000 s)" {
		t.Errorf("violation %#v: %v", v, first)
	}
	// With the defaults (6 retries) the same trace passes.
	check = Sink(&fsm.Config{})
	for i := range tr.events {
		if err := check(&tr.events[i]); err != nil {
			t.Errorf("defaults, event %d: %v", i, err)
		}
	}
}
