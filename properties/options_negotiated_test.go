package properties

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// The reference endpoint with and without timestamps, actively and
// passively opened.
func TestOptionsNegotiatedPassesReferenceEndpoint(t *testing.T) {
	for _, ts := range []bool{false, true} {
		r := newFSMRun(t, fsm.Config{})
		r.established(ts).at(20).send(100)
		if _, _, got := r.sent()[0].Options.Timestamps(); got != ts {
			t.Fatalf("timestamps %v on data after a handshake with timestamps %v", got, ts)
		}
		r.at(30).in("P.", 5001, 1101, 10, optTS(30, 20)).at(40).abort()
		mustPass(t, r.trace(), new(OptionsNegotiated), r.config())
	}

	r := newFSMRun(t, fsm.Config{NoTimestamp: true})
	r.listen().at(1).in("S", 5000, 0, 0, optTS(1, 0), optWScale(7)).at(2).in(".", 5001, 1001, 0, optTS(2, 1)).
		at(3).send(100).at(4).close()
	mustPass(t, r.trace(), new(OptionsNegotiated), r.config())
}

// tsHandshake is a handshake where our SYN offers ourTS and the peer's
// SYN-ACK peerTS.
func tsHandshake(t *testing.T, ourTS, peerTS bool) *trace {
	tr := &trace{}
	tr.call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", 1000, 0, 0).dSynOpts(ourTS).at(10).in(t, "S.", 5000, 1001, 0)
	if peerTS {
		tr.dTS(5, 1)
	}
	tr.change(observe.SynSent, observe.Established)
	return tr
}

func TestOptionsNegotiatedFlagsTimestampsNotNegotiated(t *testing.T) {
	tr := tsHandshake(t, true, false)
	at := tr.nextIndex()
	tr.out(t, ".", 1001, 5001, 0).dTS(10, 5)
	mustFlag(t, tr, new(OptionsNegotiated), DefaultConfig(), at,
		"timestamps sent (SEQ 1001) although both SYNs did not carry them")
}

func TestOptionsNegotiatedFlagsMissingTimestamps(t *testing.T) {
	tr := tsHandshake(t, true, true)
	tr.out(t, ".", 1001, 5001, 0).dTS(10, 5)
	mustPass(t, tr, new(OptionsNegotiated), DefaultConfig())
	at := tr.nextIndex()
	tr.at(20).out(t, "P.", 1001, 5001, 100)
	mustFlag(t, tr, new(OptionsNegotiated), DefaultConfig(), at,
		"segment SEQ 1001 ACK 5001 lacks timestamps, negotiated by both SYNs")

	// An RST may go without them.
	tr.events = tr.events[:at]
	tr.at(20).call(observe.OpAbort, 0, observe.ErrNone).change(observe.Established, observe.Closed).
		out(t, "R", 1001, 0, 0)
	mustPass(t, tr, new(OptionsNegotiated), DefaultConfig())
}

func TestOptionsNegotiatedFlagsSynOptionsLater(t *testing.T) {
	tr := tsHandshake(t, false, false)
	at := tr.nextIndex()
	tr.out(t, ".", 1001, 5001, 0)
	_ = tr.dSeg().Options.AddMSS(1460)
	mustFlag(t, tr, new(OptionsNegotiated), DefaultConfig(), at, "MSS 1460 sent on a segment without SYN (SEQ 1001)")

	tr.events = tr.events[:at]
	tr.out(t, ".", 1001, 5001, 0)
	_ = tr.dSeg().Options.AddSACK([]segment.SACKBlock{{Left: 6000, Right: 7000}})
	mustFlag(t, tr, new(OptionsNegotiated), DefaultConfig(), at,
		"1 SACK blocks sent (SEQ 1001) although both SYNs did not carry SACK-permitted")
}

// RFC 7323 §2.2: a SYN-ACK carries window scale only if the SYN did.
func TestOptionsNegotiatedFlagsUnofferedWindowScale(t *testing.T) {
	tr := &trace{}
	tr.call(observe.OpListen, 0, observe.ErrNone).change(observe.Closed, observe.Listen).
		in(t, "S", 5000, 0, 0).change(observe.Listen, observe.SynReceived)
	at := tr.nextIndex()
	tr.out(t, "S.", 1000, 5001, 0).dSynOpts(false)
	mustFlag(t, tr, new(OptionsNegotiated), DefaultConfig(), at,
		"SYN-ACK (SEQ 1000) carries window scale although the peer's SYN did not")
}
