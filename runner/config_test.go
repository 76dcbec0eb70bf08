package runner

import (
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/script"
)

// FormatConfig writes what differs from the defaults, and ParseConfig reads
// it back to the same fields.
func TestConfigDirectiveRoundTrip(t *testing.T) {
	cfg := fsm.Config{MSL: fsm.Second, SynRetries: 3, Retries: 4, Legacy: true, WScale: -1,
		ChallengeACKLimit: -1, KeepAlive: 5 * fsm.Second, ECN: fsm.ECNRequest, TimeWaitRST: true}
	text := FormatConfig(cfg)
	want := "WScale=-1 MSL_us=1000000 SynRetries=3 Retries=4 ChallengeACKLimit=-1 KeepAlive_us=5000000 ECN=2 Legacy TimeWaitRST"
	if text != want {
		t.Fatalf("FormatConfig = %q, want %q", text, want)
	}
	var got fsm.Config
	if err := ParseConfig(text, &got); err != nil {
		t.Fatal(err)
	}
	if FormatConfig(got) != text || got.MSL != fsm.Second || !got.Legacy || got.ChallengeACKLimit != -1 {
		t.Errorf("parsed back %+v", got)
	}
	if FormatConfig(fsm.DefaultConfig()) != "" || FormatConfig(fsm.Config{}) != "" {
		t.Errorf("defaults are not empty")
	}
}

// Unknown names and values out of range are errors naming the word.
func TestParseConfigErrors(t *testing.T) {
	for _, in := range []string{"Bogus", "MSS=70000", "WScale=15", "MSL_us=x", "Nope=1", "ECN=3", "Retries=-1"} {
		var c fsm.Config
		err := ParseConfig(in, &c)
		if err == nil || !strings.Contains(err.Error(), strings.SplitN(in, "=", 2)[0]) {
			t.Errorf("ParseConfig(%q) = %v", in, err)
		}
	}
}

// The directive changes the run: with MSL 1 s TIME-WAIT ends after 2 s, so
// the final ACK's retransmitted FIN gets an RST 3 s later instead of an ACK.
// A bad directive fails the run at its line.
func TestConfigDirectiveApplied(t *testing.T) {
	const body = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 100:100(0) win 65535
+0 > S. 0:0(0) ack 101 <...>
+0 < . 101:101(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
+0 close(4) = 0
+0 > F. 1:1(0) ack 101
+0 < F. 101:101(0) ack 2 win 65535
+0 > . 2:2(0) ack 102
+3 < F. 101:101(0) ack 2 win 65535
+0 > R 2:2(0)
`
	for _, tc := range []struct {
		directive string
		pass      bool
		msg       string
	}{
		{"// tcpcheck: config MSL_us=1000000\n", true, ""},
		{"", false, "sent . 2:2(0) ack 102"},
		{"// tcpcheck: config MSL_us=zero\n", false, "bad value"},
	} {
		s, err := script.Parse("c.pkt", []byte(tc.directive+body))
		if err != nil {
			t.Fatal(err)
		}
		res := Run(s, Options{})
		if res.Passed != tc.pass || !tc.pass && !strings.Contains(res.Failure.Msg, tc.msg) {
			t.Errorf("%q: passed %v, failure %v", tc.directive, res.Passed, res.Failure)
		}
		if res.Skipped["directive"] != 0 {
			t.Errorf("%q: config directive counted as skipped", tc.directive)
		}
		if tc.msg == "bad value" && res.Failure != nil && res.Failure.Pos.Line != 1 {
			t.Errorf("failure at line %d, want 1", res.Failure.Pos.Line)
		}
	}
}
