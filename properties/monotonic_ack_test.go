package properties

import (
	"testing"

	"tcpcheck/observe"
)

func TestMonotonicAckPassesDataExchange(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).out(t, "P.", 1001, 5001, 100).in(t, "P.", 5001, 1101, 50).out(t, ".", 1101, 5051, 0).
		at(30).in(t, "P.", 5001, 1101, 50). // a duplicate: the ACK stays
		out(t, ".", 1101, 5051, 0)
	mustPass(t, tr, new(MonotonicAck), DefaultConfig())
}

func TestMonotonicAckFlagsAckGoingBack(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).in(t, "P.", 5001, 1001, 50).out(t, ".", 1001, 5051, 0).
		at(30).out(t, ".", 1001, 5021, 0)
	mustFlag(t, tr, new(MonotonicAck), DefaultConfig(), len(tr.events)-1, "from 5051 to 5021")
}

func TestMonotonicAckFlagsResendOfAckedData(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).out(t, "P.", 1001, 5001, 100).in(t, ".", 5001, 1101, 0).
		at(1200).out(t, "P.", 1001, 5001, 100)
	mustFlag(t, tr, new(MonotonicAck), DefaultConfig(), len(tr.events)-1, "acknowledged up to 1101")
}

func TestMonotonicAckPassesKeepAliveAndNewIncarnation(t *testing.T) {
	tr := activeOpen(t)
	tr.at(20).out(t, ".", 1000, 5001, 0). // keep-alive probe at SND.UNA-1
						change(observe.Established, observe.Closed).
						change(observe.Closed, observe.SynSent).out(t, "S", 90000, 0, 0).
						in(t, "S.", 100, 90001, 0).out(t, ".", 90001, 101, 0)
	mustPass(t, tr, new(MonotonicAck), DefaultConfig())
}
