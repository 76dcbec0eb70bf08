package sim

import (
	"os"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/runner"
	"tcpcheck/script"
)

// warConfig is the ACK war's setting: two endpoints that each fill the
// other's window (1072 bytes, two 536-byte segments) and each lose their
// first segment: everything is delivered except a's first data segment
// (the 4th segment sent) and b's (the 7th). Each end's ACK then carries
// SEG.SEQ = SND.NXT, exactly the other's RCV.NXT+RCV.WND, which RFC 9293
// §3.10.7.4's test (RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND) finds
// unacceptable, and answers with an ACK.
func warConfig() Config {
	small := fsm.Config{SendBuffer: 1072, RecvBuffer: 1072, MSS: 536, NoTimestamp: true, NoSACK: true, WScale: -1}
	cfg := Exchange(small, small, 1072)
	cfg.Link = Link{Delay: 10 * Millisecond}
	cfg.Faults = &ByteFaults{Data: []byte{0, 0, 0, 0, 0, 0, 4 << 5, 0, 0, 0, 0, 0, 4 << 5, 0}}
	return cfg
}

// TestACKWarAtRightEdge is a liveness test. When every unacceptable ACK
// drew an ACK, the two ends of warConfig answered each other forever (61
// segments by 0.56 s, when OutputBounded stopped the run). The endpoint
// now answers unacceptable pure ACKs at most once per
// fsm.Config.InvalidAckInterval (500 ms), as Linux's tcp_invalid_ratelimit
// does: the exchange goes quiet until the first retransmission (1 s)
// repairs the losses, then both streams complete and both ends close.
func TestACKWarAtRightEdge(t *testing.T) {
	cfg := warConfig()
	cfg.Until = 900 * Millisecond // before the first retransmission
	cfg.MaxSegments = 60
	s := New(cfg)
	if err := s.Run(); err != nil {
		t.Fatalf("before the retransmission: %v; %+v", err, s.Stats())
	}
	// Handshake 3, data 4 (2 lost), one ACK for each out-of-order
	// segment, and each end's one answer to the other's ACK at its edge.
	if st := s.Stats(); st.Sent > 11 || st.Lost != 2 {
		t.Fatalf("%+v by 0.9 s, want at most 11 segments sent and the 2 losses", st)
	}

	cfg = warConfig()
	cfg.MaxSegments = 60
	s = New(cfg)
	if err := s.Run(); err != nil {
		t.Fatalf("%v; %+v", err, s.Stats())
	}
	if err := s.StreamComplete(); err != nil {
		t.Fatal(err)
	}
	if err := s.EventualClose(closeBound); err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", s.Stats())
}

// TestACKWarMechanism shows the rule from one endpoint
// (testdata/ack-at-right-edge.pkt): a pure ACK at the right edge is
// answered, the same ACK 10 ms later is not, a byte there is, and the next
// pure ACK is answered 500 ms after the first answer.
func TestACKWarMechanism(t *testing.T) {
	const name = "testdata/ack-at-right-edge.pkt"
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := script.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	if res := runner.Run(sc, runner.Options{Strict: true}); !res.Passed {
		t.Fatalf("%s: %v", name, res.Failure)
	}
}
