package runner

import (
	"errors"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// finMonitor is a check that fails on the nth FIN the endpoint sends (the
// first when nth is 0), and counts the connections it was opened for and
// their events.
type finMonitor struct {
	nth, fins     int
	conns, events int
	cfg           fsm.Config
	ticks         []int64 // when Ticks came, in ms
}

func (m *finMonitor) open(cfg *fsm.Config) func(*observe.Event) error {
	m.conns++
	m.cfg = *cfg
	return func(ev *observe.Event) error {
		m.events++
		if ev.Kind == observe.Tick {
			m.ticks = append(m.ticks, ev.Time/int64(fsm.Millisecond))
		}
		if ev.Kind == observe.Output && ev.Seg.Flags.Has(segment.FIN) {
			if m.fins++; m.fins >= m.nth {
				return errors.New("NoFIN: sent a FIN")
			}
		}
		return nil
	}
}

// The first error of Options.Monitor fails the run at the line being
// executed: close(4), which sends the FIN, not the '>' line after it.
func TestMonitorFailsRunAtLine(t *testing.T) {
	var m finMonitor
	res := runScript(t, "passive.pkt", passiveOpen, Options{Monitor: m.open})
	want := "passive.pkt:15: NoFIN: sent a FIN"
	if res.Passed || !res.Failure.Violation || res.Failure.String() != want {
		t.Fatalf("failure %+v, want %q as a violation", res.Failure, want)
	}
	if m.conns != 1 || m.events < 10 {
		t.Errorf("%d connections, %d events", m.conns, m.events)
	}
	if m.cfg.ISN == nil {
		t.Errorf("the monitor got no configuration")
	}
}

// A violation found while a line runs comes before the difference the
// line finds afterwards: the FIN retransmitted while the last line waits
// for it breaks the rule, then differs from the line. A difference alone
// is not a violation.
func TestMonitorBeforeMismatch(t *testing.T) {
	src := passiveOpen + "* > F. 1:1(0) ack 1012\n"
	m := finMonitor{nth: 2}
	res := runScript(t, "rtx.pkt", src, Options{Monitor: m.open})
	if res.Passed || !res.Failure.Violation || res.Failure.String() != "rtx.pkt:18: NoFIN: sent a FIN" {
		t.Errorf("with the monitor: %+v", res.Failure)
	}
	res = runScript(t, "rtx.pkt", src, Options{})
	if res.Passed || res.Failure.Violation || res.Failure.String() != "rtx.pkt:18: sent F. 1:1(0) ack 1011, expected F. 1:1(0) ack 1012" {
		t.Errorf("without: %+v", res.Failure)
	}
}

// Without a FIN the monitor passes the run, and a connection a script
// makes actively is watched too, time passing included.
func TestMonitorPasses(t *testing.T) {
	const active = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > S 0:0(0) <...>
+0.05 < S. 300:300(0) ack 1 win 65535 <mss 1460>
+0 > . 1:1(0) ack 301
`
	var m finMonitor
	res := runScript(t, "active.pkt", active, Options{Monitor: m.open})
	if !res.Passed || m.conns != 1 || m.events == 0 {
		t.Errorf("failure %v, %d connections, %d events", res.Failure, m.conns, m.events)
	}
	// No timer is due when the SYN-ACK comes, 50 ms in: the monitor hears
	// that time passed, as a Tick, before the segment arrives.
	if len(m.ticks) != 1 || m.ticks[0] != 50 {
		t.Errorf("Ticks at %v ms, want [50]", m.ticks)
	}
}
