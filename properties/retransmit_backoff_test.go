package properties

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// A SYN into a network that loses everything: the reference endpoint
// resends it after 1, 2, 4, 8, 16 and 32 s, then waits the RTO, capped at
// 60 s, and gives up with ETIMEDOUT.
func TestRetransmitBackoffPassesSynLoss(t *testing.T) {
	r := newFSMRun(t, fsm.Config{})
	r.connect().untilQuiet(1000000)
	tr := r.trace()
	var times []int64
	for _, ev := range tr.events {
		if ev.Kind == observe.Output {
			times = append(times, ev.Time/1e9)
		}
	}
	if want := []int64{0, 1, 3, 7, 15, 31, 63}; len(times) != len(want) || times[6] != 63 {
		t.Fatalf("SYNs sent at %v s, want %v", times, want)
	}
	last := tr.events[len(tr.events)-1]
	if last.Kind != observe.Notify || last.Err != observe.ErrTimedOut || last.Time != 123e9 {
		t.Fatalf("trace ends with %s", describe(&last))
	}
	mustPass(t, tr, new(RetransmitBackoff), r.config())
}

// Lost data with three retries: the timer resends the first segment, the
// ACK that follows the timeout draws the rest of the flight (recovery, not
// the timer's business), then the timer backs off until ETIMEDOUT. A lost
// SYN-ACK resent early for a duplicate SYN passes too, and so do
// zero-window probes that the peer answers for a while.
func TestRetransmitBackoffPassesReferenceEndpoint(t *testing.T) {
	r := newFSMRun(t, fsm.Config{Retries: 3})
	r.established(false).at(20).send(3000).untilQuiet(1020).
		at(1030).in(".", 5001, 1001, 0).in(".", 5001, 1001, 0).untilQuiet(1000000)
	if n := countSent(r.trace(), segment.ACK); n < 10 || r.p.EP.State() != fsm.Closed {
		t.Fatalf("%d segments, state %v:\n%s", n, r.p.EP.State(), dumpTrace(r.trace()))
	}
	mustPass(t, r.trace(), new(RetransmitBackoff), r.config())

	r = newFSMRun(t, fsm.Config{})
	r.listen().at(1).in("S", 5000, 0, 0).at(500).in("S", 5000, 0, 0).untilQuiet(1000000)
	mustPass(t, r.trace(), new(RetransmitBackoff), r.config())

	r = newFSMRun(t, fsm.Config{Retries: 4})
	r.established(false).at(20).inWin(".", 5001, 1001, 0, 0).send(100).untilQuiet(10000).
		inWin(".", 5001, 1001, 0, 0).untilQuiet(30000).
		inWin(".", 5001, 1001, 0, 0).untilQuiet(1000000)
	if r.p.EP.State() != fsm.Closed || r.last.Err != fsm.ErrTimedOut {
		t.Fatalf("zero-window probing ended in %v:\n%s", r.p.EP.State(), dumpTrace(r.trace()))
	}
	mustPass(t, r.trace(), new(RetransmitBackoff), r.config())
}

// synOnlyTrace starts a hand-written trace with a SYN, ISS 1000, at time 0.
func synOnlyTrace(t *testing.T) *trace {
	tr := &trace{}
	tr.call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).out(t, "S", 1000, 0, 0)
	return tr
}

func TestRetransmitBackoffFlagsEarlyRetransmission(t *testing.T) {
	tr := synOnlyTrace(t)
	tr.at(500).tick()
	at := tr.nextIndex()
	tr.out(t, "S", 1000, 0, 0)
	mustFlag(t, tr, new(RetransmitBackoff), DefaultConfig(), at,
		"first retransmission of SEQ 1000 came 500 ms after the timer started; the RTO is at least 1000 ms")
}

func TestRetransmitBackoffFlagsNoDoubling(t *testing.T) {
	tr := synOnlyTrace(t)
	tr.at(1000).tick().out(t, "S", 1000, 0, 0).at(2000).tick()
	at := tr.nextIndex()
	tr.out(t, "S", 1000, 0, 0)
	mustFlag(t, tr, new(RetransmitBackoff), DefaultConfig(), at,
		"retransmission 2 of SEQ 1000 came 1000 ms after the previous; the RTO is at least 2000 ms by then")
}

// The RTO of data depends on the RTT, but a Tick that passes without a
// retransmission shows it from below: after 5.5 s without one, the next
// timeout waits at least 11 s.
func TestRetransmitBackoffFlagsDataRTONotDoubling(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).call(observe.OpSend, 100, observe.ErrNone).out(t, "P.", 1001, 5001, 100).
		at(3020).tick().out(t, "P.", 1001, 5001, 100).
		at(8520).tick().
		at(9020).tick().out(t, "P.", 1001, 5001, 100)
	mustPass(t, tr, new(RetransmitBackoff), DefaultConfig())
	tr.at(15020).tick()
	at := tr.nextIndex()
	tr.out(t, "P.", 1001, 5001, 100)
	mustFlag(t, tr, new(RetransmitBackoff), DefaultConfig(), at,
		"retransmission 3 of SEQ 1001 came 6000 ms after the previous; the RTO is at least 11000 ms by then")
}

func TestRetransmitBackoffFlagsRetryLimit(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SynRetries = 2
	tr := synOnlyTrace(t)
	tr.at(1000).tick().out(t, "S", 1000, 0, 0).at(3000).tick().out(t, "S", 1000, 0, 0).at(7000).tick()
	at := tr.nextIndex()
	tr.out(t, "S", 1000, 0, 0)
	mustFlag(t, tr, new(RetransmitBackoff), cfg, at, "retransmission 3 of SEQ 1000 exceeds the limit of 2")
}

// After the last allowed retransmission, a Tick RTOMax (60 s) later must
// end the connection with ETIMEDOUT.
func TestRetransmitBackoffFlagsNoGiveUp(t *testing.T) {
	cfg := DefaultConfig()
	cfg.SynRetries = 2
	tr := synOnlyTrace(t)
	tr.at(1000).tick().out(t, "S", 1000, 0, 0).at(3000).tick().out(t, "S", 1000, 0, 0).
		at(7000).tick().at(63000).tick()
	at := tr.nextIndex()
	tr.at(63100).tick()
	mustFlag(t, tr, new(RetransmitBackoff), cfg, at,
		"no timeout error by 63000 ms: retransmission 2 of SEQ 1000 at 3000 ms was the last allowed")

	tr.events = tr.events[:at-1]
	tr.at(7000).change(observe.SynSent, observe.Closed).notify(observe.NoteError|observe.NoteClosed, observe.ErrTimedOut).
		at(63000).tick().at(63100).tick()
	mustPass(t, tr, new(RetransmitBackoff), cfg)
	tr.at(64000).tick()
	at = tr.nextIndex()
	tr.out(t, "S", 1000, 0, 0)
	mustFlag(t, tr, new(RetransmitBackoff), cfg, at, "sent SEQ 1000 LEN 1 again after giving up")
}

// A fast retransmit on the third duplicate ACK (RFC 5681 §3.2) is not the
// timer's: it neither counts nor restarts the backoff.
func TestRetransmitBackoffPassesFastRetransmit(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).call(observe.OpSend, 200, observe.ErrNone).out(t, ".", 1001, 5001, 100).out(t, "P.", 1101, 5001, 100).
		at(30).in(t, ".", 5001, 1001, 0).in(t, ".", 5001, 1001, 0).in(t, ".", 5001, 1001, 0).out(t, ".", 1001, 5001, 100).
		at(1020).tick().out(t, ".", 1001, 5001, 100).at(3020).tick().out(t, ".", 1001, 5001, 100)
	mustPass(t, tr, new(RetransmitBackoff), DefaultConfig())
	tr.at(4020).tick()
	at := tr.nextIndex()
	tr.out(t, ".", 1001, 5001, 100)
	mustFlag(t, tr, new(RetransmitBackoff), DefaultConfig(), at,
		"retransmission 3 of SEQ 1001 came 1000 ms after the previous; the RTO is at least 4000 ms by then")
}

// With ConnectTimeout (BSD's TCP_KEEPINIT) an open is bounded in time: the
// reference endpoint keeps resending its SYN past SynRetries until 363 s
// and then gives up, as FreeBSD's snd-syn-rtx-max-number scripts expect;
// the limit of SynRetries does not apply.
func TestRetransmitBackoffPassesConnectTimeout(t *testing.T) {
	r := newFSMRun(t, fsm.Config{ConnectTimeout: 363 * fsm.Second})
	r.connect().untilQuiet(1000000)
	tr := r.trace()
	syns := countSent(tr, segment.SYN)
	last := tr.events[len(tr.events)-1]
	if syns <= 1+fsm.DefaultConfig().SynRetries || last.Kind != observe.Notify || last.Err != observe.ErrTimedOut || last.Time != 363e9 {
		t.Fatalf("%d SYNs, trace ends with %s", syns, describe(&last))
	}
	mustPass(t, tr, new(RetransmitBackoff), r.config())
}

// The open bounded in time must still end: a Tick past ConnectTimeout
// that leaves it open without ETIMEDOUT is flagged.
func TestRetransmitBackoffFlagsConnectTimeoutNotKept(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ConnectTimeout = 10e9
	tr := synOnlyTrace(t)
	tr.at(1000).tick().out(t, "S", 1000, 0, 0).at(3000).tick().out(t, "S", 1000, 0, 0).
		at(7000).tick().out(t, "S", 1000, 0, 0).at(10000).tick()
	at := tr.nextIndex()
	tr.at(10100).tick()
	mustFlag(t, tr, new(RetransmitBackoff), cfg, at,
		"no timeout error by 10000 ms: the open of SEQ 1000 began at 0 ms and may last 10000 ms")
}
