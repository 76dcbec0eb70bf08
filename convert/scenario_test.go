package convert

import (
	"strings"
	"testing"

	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
)

const passiveOpen = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
`

// Lines a Scenario cannot say are errors at file:line:col.
func TestScenarioFromScriptErrors(t *testing.T) {
	for _, tc := range []struct{ src, pos, msg string }{
		{"0 < S 0:0(0) win 100\n", "e.pkt:1:", "before the socket is opened"},
		{passiveOpen + "+0 < S 0:0(0) win 100 urg 5\n", "e.pkt:4:", "urgent pointer"},
		{passiveOpen + "+0 < . 0:2000(2000) win 100\n", "e.pkt:4:", "at most 1500"},
		{passiveOpen + "+0 < . 0:0(0) win 100 <sack 1:2>\n", "e.pkt:4:", "sack"},
		{passiveOpen + "+0 < . 0:0(0) win 100 <mss 1460>\n", "e.pkt:4:", "only on a SYN"},
		{passiveOpen + "+0 < S 0:0(0) win 100 <FO abcd>\n", "e.pkt:4:", "FO"},
		{passiveOpen + "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n+0 connect(4, ..., ...) = -1 EINPROGRESS\n", "e.pkt:5:", "one socket"},
		{passiveOpen + "+0 setsockopt(3, SOL_SOCKET, SO_RCVBUF, [100], 4) = 0\n", "e.pkt:4:", "SO_RCVBUF"},
		{"0 `sysctl -w net.inet.tcp.ecn.enable=1`\n" + passiveOpen, "e.pkt:1:", "ECN"},
		{"// tcpcheck: config Bogus\n" + passiveOpen, "e.pkt:1:", "Bogus"},
		{"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", "e.pkt", "never opened"},
	} {
		s, err := script.Parse("e.pkt", []byte(tc.src))
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		_, err = ScenarioFromScript(s)
		if err == nil || !strings.HasPrefix(err.Error(), tc.pos) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want %s...%s", tc.src, err, tc.pos, tc.msg)
		}
	}
}

// A script's stimuli become the scenario's steps: absolute sequence
// numbers, ACKs relative to the endpoint's ISN, calls, waits that keep
// the times, legacy mode from the sysctl.
func TestScenarioFromScriptSteps(t *testing.T) {
	src := "// tcpcheck: isn 0xfffffff0\n0 `sysctl -w net.inet.tcp.insecure_rst=1`\n" + passiveOpen + `+0.1 < S 100:100(0) win 65535 <mss 1048,TS val 5 ecr 0>
+0 > S. 0:0(0) ack 101 <...>
+0.05 < . 101:111(10) ack 1 win 65535
+0 accept(3, ..., ...) = 4
+0 read(4, ..., 100) = 10
+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
+0 close(4) = 0
+1 > R 1:1(0)
`
	s, err := script.Parse("s.pkt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ScenarioFromScript(s)
	if err != nil {
		t.Fatal(err)
	}
	if !sc.Passive || !sc.Legacy || sc.ISN != 0xfffffff0 || sc.PeerISN != 100 {
		t.Fatalf("header %+v", sc)
	}
	want := []properties.Step{
		{Kind: properties.StepWait, Wait: 99e6},
		{Kind: properties.StepSegment, Flags: segment.SYN, Seq: properties.Anchored{Anchor: properties.AtZero, Delta: 100},
			Ack: properties.Anchored{Anchor: properties.AtZero}, Window: 65535, Opts: properties.OptMSS | properties.OptTimestamps, WScale: 8},
		{Kind: properties.StepWait, Wait: 49e6},
		{Kind: properties.StepSegment, Flags: segment.ACK, Seq: properties.Anchored{Anchor: properties.AtZero, Delta: 101},
			Ack: properties.Anchored{Anchor: properties.AtLocalISN, Delta: 1}, Window: 65535, Len: 10},
		{Kind: properties.StepCall, Op: observe.OpRecv, N: 100},
		{Kind: properties.StepCall, Op: observe.OpAbort},
		{Kind: properties.StepWait, Wait: 998e6},
	}
	if len(sc.Steps) != len(want) {
		t.Fatalf("%d steps: %+v", len(sc.Steps), sc.Steps)
	}
	for i := range want {
		if sc.Steps[i] != want[i] {
			t.Errorf("step %d = %+v, want %+v", i, sc.Steps[i], want[i])
		}
	}
}

// A stimulus sockets cannot make (a send on a half-open passive
// connection) is named in the header and commented out, with the segments
// it caused; the script up to it replays.
func TestRecorderInexact(t *testing.T) {
	sc := properties.Scenario{ISN: 1, PeerISN: 500, Passive: true, Steps: []properties.Step{
		{Kind: properties.StepSegment, Flags: segment.SYN, Seq: properties.Anchored{Anchor: properties.AtPeerISN}, Window: 1000},
		{Kind: properties.StepCall, Op: observe.OpSend, N: 10},
		{Kind: properties.StepSegment, Flags: 0, Seq: properties.Anchored{Anchor: properties.AtPeerISN}, Window: 1000},
	}}
	s, _ := ScriptFromScenario(&sc)
	text := s.String()
	for _, want := range []string{"not replayed exactly", "send(10) in SYN-RECEIVED", "without flags"} {
		if !strings.Contains(text, want) {
			t.Errorf("script lacks %q:\n%s", want, text)
		}
	}
	if res := runner.Run(s, runner.Options{}); !res.Passed {
		t.Errorf("replay: %v\n%s", res.Failure, text)
	}
}
