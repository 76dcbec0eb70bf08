package wirecheck

import (
	"bytes"
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/capture"
	"tcpcheck/observe"
	"tcpcheck/properties"
)

func TestCleanConnection(t *testing.T) {
	c := only(t, newPcap(t).handshake().exchange().check())
	if len(c.Findings) != 0 || c.Verdict() != OK {
		t.Fatalf("verdict %v, findings:%s", c.Verdict(), findings(c))
	}
	if !c.Opened || !c.Handshake || c.Ends != [2]netip.AddrPort{clientEnd, serverEnd} {
		t.Fatalf("opened %v, handshake %v, ends %v", c.Opened, c.Handshake, c.Ends)
	}
	if len(c.Frames) != 10 || c.Frames[0] != 1 || c.Frames[9] != 10 {
		t.Fatalf("frames %v", c.Frames)
	}
	if c.Views[0].Final != observe.TimeWait || c.Views[1].Final != observe.Closed {
		t.Fatalf("final states %v, %v; want TIME-WAIT, CLOSED", c.Views[0].Final, c.Views[1].Final)
	}
	ran := map[string]bool{}
	for _, m := range c.Monitors {
		ran[m.Name] = m.Ran
	}
	if !ran["MonotonicAck"] {
		t.Fatalf("monitors %v: MonotonicAck did not run", c.Monitors)
	}
	// The client's view: each segment once, as Output or Input, with its
	// frame; state changes inferred, with the frame that caused them.
	v := c.Views[0]
	var kinds []string
	for i, ev := range v.Events {
		switch ev.Kind {
		case observe.Output, observe.Input:
			if v.Inferred(i) {
				t.Errorf("event %d (%v) marked inferred", i, ev.Kind)
			}
			kinds = append(kinds, ev.Kind.String()[:1]+strconv.Itoa(v.Frames[i]))
		case observe.Change:
			if !v.Inferred(i) {
				t.Errorf("state change %d not marked inferred", i)
			}
			kinds = append(kinds, ev.To.String()+"@"+strconv.Itoa(v.Frames[i]))
		case observe.Tick:
			if !v.Inferred(i) {
				t.Errorf("tick %d not marked inferred", i)
			}
			kinds = append(kinds, "tick@"+strconv.Itoa(v.Frames[i]))
		}
	}
	// The SYN answers nothing the wire shows: a tick stands for the call.
	want := "tick@1 SYN-SENT@1 o1 i2 ESTABLISHED@2 o3 o4 i5 i6 o7 FIN-WAIT-1@8 o8 i9 FIN-WAIT-2@9 TIME-WAIT@9 o10"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("client view\n got %s\nwant %s", got, want)
	}
	if ev := v.Events[2]; ev.Kind != observe.Output || ev.Seg.Seq != 1000 || len(ev.Wire) != 20 ||
		ev.Src != clientEnd.Addr() || ev.Time != 0 {
		t.Errorf("first output %+v", ev)
	}
	if ev := v.Events[len(v.Events)-1]; ev.Time != 6_100_000 {
		t.Errorf("last event at %d ns, want 6100000", ev.Time)
	}
}

func TestAckGoingBackwardIsViolation(t *testing.T) {
	p := newPcap(t).handshake().exchange()
	// After the close, the client acknowledges less than it did (frame 11).
	c := only(t, p.at(7).c(".", 1102, 5021, 0).check())
	rfc := find(c, RFC, "")
	if len(rfc) != 1 || c.Verdict() != Violation {
		t.Fatalf("verdict %v, findings:%s", c.Verdict(), findings(c))
	}
	f := rfc[0]
	if f.Monitor != "MonotonicAck" || f.Frame != 11 || f.Endpoint != 0 || !strings.Contains(f.Message, "from 5052 to 5021") {
		t.Fatalf("finding %s (endpoint %d), want MonotonicAck at frame 11 of the client", f.String(), f.Endpoint)
	}
}

func TestIncompleteHandshakeIsCaptureProblem(t *testing.T) {
	// The SYN-ACK was not captured; the connection goes on, and its
	// client acknowledges the server's SYN all the same.
	p := newPcap(t).at(0).c("S", 1000, 0, 0).at(1.1).c(".", 1001, 5001, 0)
	c := only(t, p.exchange().check())
	if len(find(c, RFC, "")) != 0 || c.Verdict() != Incomplete {
		t.Fatalf("verdict %v, findings:%s", c.Verdict(), findings(c))
	}
	hs := find(c, Capture, KindHandshake)
	if len(hs) != 1 || hs[0].Frame != 1 || !strings.Contains(hs[0].Message, "SYN-ACK") {
		t.Fatalf("findings:%s", findings(c))
	}
	if !c.Opened || c.Handshake {
		t.Fatalf("opened %v, handshake %v", c.Opened, c.Handshake)
	}
}

func TestMidStreamCaptureIsCaptureProblem(t *testing.T) {
	c := only(t, newPcap(t).exchange().check())
	if c.Opened || c.Verdict() != Incomplete || len(find(c, Capture, KindHandshake)) != 1 {
		t.Fatalf("opened %v, verdict %v, findings:%s", c.Opened, c.Verdict(), findings(c))
	}
	if ev := c.Views[0].Events[1]; ev.Kind != observe.Change || ev.From != observe.Unknown {
		t.Fatalf("second event of A's view %+v, want a change from UNKNOWN", ev)
	}
}

// resend is a capture taken near the server: the server answers the SYN in
// 1 ms, the client takes 20 ms to answer the SYN-ACK, so the capture point
// may be up to 10 ms from the client. The client sends 100 bytes, the
// server acknowledges them at 22 ms and the client sends them again at
// resendAt ms (frame 6).
func resend(t *testing.T, resendAt float64) *Conn {
	p := newPcap(t).at(0).c("S", 1000, 0, 0).at(1).s("S.", 5000, 1001, 0).at(21).c(".", 1001, 5001, 0).
		at(21).c("P.", 1001, 5001, 100).at(22).s(".", 5001, 1101, 0).at(resendAt).c("P.", 1001, 5001, 100)
	return only(t, p.check())
}

func TestResendDependsOnCapturePoint(t *testing.T) {
	// 8 ms after the ACK passed the capture point: it may not have reached
	// the client yet.
	c := resend(t, 30)
	got := find(c, Capture, KindCapturePoint)
	if len(find(c, RFC, "")) != 0 || len(got) != 1 || got[0].Frame != 6 || got[0].Monitor != "MonotonicAck" {
		t.Fatalf("findings:%s", findings(c))
	}
	// 28 ms after: the ACK had arrived wherever the capture was taken.
	c = resend(t, 50)
	rfc := find(c, RFC, "")
	if len(rfc) != 1 || rfc[0].Frame != 6 || !strings.Contains(rfc[0].Message, "acknowledged up to 1101") {
		t.Fatalf("findings:%s", findings(c))
	}
}

func TestNewIncarnation(t *testing.T) {
	p := newPcap(t).handshake().exchange()
	p.at(100).c("S", 90000, 0, 0).at(101).s("S.", 70000, 90001, 0).at(101.1).c(".", 90001, 70001, 0)
	rep := p.check()
	if len(rep.Conns) != 2 {
		t.Fatalf("%d connections, want 2", len(rep.Conns))
	}
	for i, c := range rep.Conns {
		if len(c.Findings) != 0 {
			t.Errorf("connection %d findings:%s", i+1, findings(c))
		}
	}
	if c := rep.Conns[1]; c.Frames[0] != 11 || len(c.Frames) != 3 || c.Views[0].Final != observe.Established {
		t.Fatalf("second connection frames %v, client %v", c.Frames, c.Views[0].Final)
	}
}

func TestReorderedHandshake(t *testing.T) {
	p := newPcap(t).at(0).s("S.", 5000, 1001, 0).at(0.1).c("S", 1000, 0, 0).at(1.1).c(".", 1001, 5001, 0)
	c := only(t, p.exchange().check())
	order := find(c, Capture, KindOrder)
	if len(order) != 1 || order[0].Frame != 1 || len(find(c, RFC, "")) != 0 || !c.Handshake {
		t.Fatalf("findings:%s", findings(c))
	}
	// The client's view puts its SYN before the SYN-ACK that answers it.
	v := c.Views[0]
	var got []int
	for i, ev := range v.Events {
		if ev.Kind == observe.Output || ev.Kind == observe.Input {
			got = append(got, v.Frames[i])
		}
	}
	if got[0] != 2 || got[1] != 1 || v.Final != observe.TimeWait {
		t.Fatalf("client view frames %v, final %v", got, v.Final)
	}
}

func TestGapIsCaptureProblem(t *testing.T) {
	// Bytes 1101..1201 of the client are never captured, yet acknowledged.
	p := newPcap(t).handshake().at(2).c("P.", 1001, 5001, 100).at(3).c("P.", 1201, 5001, 100).
		at(4).s(".", 5001, 1301, 0)
	c := only(t, p.check())
	var own []Finding
	for _, f := range find(c, Capture, KindGap) {
		if f.Monitor == "" {
			own = append(own, f)
		} else if f.Frame != 5 || !strings.Contains(f.Message, "not judged") {
			// Monitors that flag the gap are not believed: the capture lacks it.
			t.Errorf("finding %s", f.String())
		}
	}
	if len(own) != 1 || own[0].Frame != 5 || !strings.Contains(own[0].Message, "1101..1201") ||
		len(find(c, RFC, "")) != 0 {
		t.Fatalf("findings:%s", findings(c))
	}
}

func TestSimultaneousCloseNearOneEnd(t *testing.T) {
	// The FINs cross: the server's does not acknowledge the client's,
	// although the client's was captured first.
	p := newPcap(t).handshake().at(5).c("F.", 1001, 5001, 0).at(5.5).s("F.", 5001, 1001, 0).
		at(5.6).c(".", 1002, 5002, 0).at(6).s(".", 5002, 1002, 0)
	c := only(t, p.check())
	if len(c.Findings) != 0 {
		t.Fatalf("findings:%s", findings(c))
	}
	if c.Views[0].Final != observe.TimeWait || c.Views[1].Final != observe.TimeWait {
		t.Fatalf("final states %v, %v; want TIME-WAIT on both", c.Views[0].Final, c.Views[1].Final)
	}
}

func TestTruncatedFrame(t *testing.T) {
	p := newPcap(t).handshake().at(2).c("P.", 1001, 5001, 1000).truncateLast(900)
	c := only(t, p.at(3).s(".", 5001, 2001, 0).check())
	tr := find(c, Capture, KindTruncated)
	if len(tr) != 1 || tr[0].Frame != 4 || len(c.Findings) != 1 || c.Verdict() != Incomplete {
		t.Fatalf("findings:%s", findings(c))
	}
	// The segment keeps its length on the wire: no gap before the ACK.
	v := c.Views[1]
	for i, ev := range v.Events {
		if v.Frames[i] == 4 && ev.Kind == observe.Input && len(ev.Seg.Payload) != 1000 {
			t.Fatalf("truncated segment has %d bytes, want 1000", len(ev.Seg.Payload))
		}
	}
}

func TestBadChecksumIsArtifact(t *testing.T) {
	p := newPcap(t).handshake().exchange().corruptChecksum(4)
	c := only(t, p.check())
	cs := find(c, Capture, KindChecksum)
	if len(cs) != 1 || cs[0].Frame != 4 || c.Verdict() != OK || len(c.Findings) != 1 {
		t.Fatalf("verdict %v, findings:%s", c.Verdict(), findings(c))
	}
}

func TestNoTCP(t *testing.T) {
	var buf bytes.Buffer
	if _, err := capture.NewWriter(&buf); err != nil {
		t.Fatal(err)
	}
	r, err := capture.NewReader(bytes.NewReader(buf.Bytes()), "empty.pcap")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Check(r, nil)
	if !errors.Is(err, ErrNoTCP) || !strings.HasPrefix(err.Error(), "empty.pcap: no TCP segments in 0 frames") {
		t.Fatalf("error %v, want ErrNoTCP naming the file", err)
	}
}

func TestApplicability(t *testing.T) {
	names := map[string]bool{}
	for _, r := range Table {
		if names[r.Name] {
			t.Errorf("%s twice in Table", r.Name)
		}
		names[r.Name] = true
		if r.Why == "" {
			t.Errorf("%s: no reason", r.Name)
		}
	}
	listed := map[string]Applies{}
	for _, a := range Applicability() {
		listed[a.Name] = a
	}
	for _, n := range properties.Names() {
		a, ok := listed[n]
		if !ok || !a.Registered {
			t.Errorf("registered monitor %s not listed as registered", n)
		}
		if !a.InTable {
			t.Logf("registered monitor %s is not in wirecheck's Table: it does not run on captures", n)
		}
	}
	if a := listed["MonotonicAck"]; !a.Registered || a.Use != Run {
		t.Errorf("MonotonicAck: %+v", a)
	}
}

func TestRefusedConnectIsClean(t *testing.T) {
	c := only(t, newPcap(t).at(0).c("S", 1000, 0, 0).at(0.05).s("R.", 0, 1001, 0).check())
	if len(c.Findings) != 0 || c.Views[0].Final != observe.Closed {
		t.Fatalf("final %v, findings:%s", c.Views[0].Final, findings(c))
	}
}

func TestAbortLongAfterIsNotAnAnswer(t *testing.T) {
	// A minute after the server's last segment, the client aborts: its RST
	// at SND.NXT answers the application, not that segment.
	p := newPcap(t).handshake().at(2).c("P.", 1001, 5001, 100).at(3).s("P.", 5001, 1101, 50).
		at(3.1).c(".", 1101, 5051, 0).at(60000).c("R.", 1101, 5051, 0)
	c := only(t, p.check())
	if len(c.Findings) != 0 {
		t.Fatalf("findings:%s", findings(c))
	}
	v := c.Views[0]
	if n := len(v.Events); v.Events[n-3].Kind != observe.Tick || v.Events[n-2].To != observe.Closed {
		t.Fatalf("client view ends %+v %+v", v.Events[n-3], v.Events[n-2])
	}
}
