package sim

import (
	"errors"
	"os"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/runner"
	"tcpcheck/script"
)

// TestACKWarAtRightEdge is a finding about the reference endpoint, kept
// as a test: two endpoints that each filled the other's window (here 1072
// bytes, two 536-byte segments) and each lost their first segment answer
// each other's ACKs forever. Each end's ACK carries SEG.SEQ = SND.NXT,
// which is exactly the other's RCV.NXT+RCV.WND, so RFC 9293 §3.10.7.4's
// test (RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND) finds it unacceptable and
// sends an ACK, which the other end finds unacceptable in turn. Two lost
// segments are enough; with duplication in the network the ACKs in flight
// multiply. OutputBounded stops the run. When the endpoint accepts a
// zero-length segment at the right edge, as Linux and the BSDs do, the run
// completes and this test says so: then turn it into a liveness test.
func TestACKWarAtRightEdge(t *testing.T) {
	small := fsm.Config{SendBuffer: 1072, RecvBuffer: 1072, MSS: 536, NoTimestamp: true, NoSACK: true, WScale: -1}
	cfg := Exchange(small, small, 1072)
	cfg.Link = Link{Delay: 10 * Millisecond}
	// Deliver everything except a's first data segment (the 4th segment
	// sent) and b's (the 7th).
	cfg.Faults = &ByteFaults{Data: []byte{0, 0, 0, 0, 0, 0, 4 << 5, 0, 0, 0, 0, 0, 4 << 5, 0}}
	cfg.Until = 900 * Millisecond // before the first retransmission repairs the loss
	cfg.MaxSegments = 60
	s := New(cfg)
	err := s.Run()
	var v *Violation
	if !errors.As(err, &v) || v.Property != PropOutputBounded {
		t.Fatalf("the ACK war is gone (%v, %+v): the endpoint was fixed; make this a liveness test", err, s.Stats())
	}
	t.Logf("%v; %+v", err, s.Stats())

	// The mechanism, from one endpoint: a pure ACK at the right edge draws
	// an ACK, every time.
	src, err := os.ReadFile("testdata/ack-at-right-edge.pkt")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := script.Parse("testdata/ack-at-right-edge.pkt", src)
	if err != nil {
		t.Fatal(err)
	}
	if res := runner.Run(sc, runner.Options{Strict: true}); !res.Passed {
		t.Fatalf("the endpoint no longer answers an ACK at the right edge: %v", res.Failure)
	}
}
