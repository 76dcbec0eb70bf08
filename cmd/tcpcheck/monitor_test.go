package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/shrink"
)

// earlySyn stands for a reference endpoint with a bug: its monitors are
// told the initial RTO is 3 s (RFC 6298 §2.1 asks for 1 s; this is what a
// monitor would see of an endpoint that declared 3 s and retransmitted
// after 1 s), so the SYN the endpoint resends after 1 s is a
// RetransmitBackoff violation of the endpoint tcpcheck run replays.
func earlySyn(cfg *fsm.Config) func(*observe.Event) error {
	c := *cfg
	c.RTOInitial = 3 * fsm.Second
	return properties.Sink(&c)
}

// withMonitor makes tcpcheck run use check for the test.
func withMonitor(t *testing.T, check func(*fsm.Config) func(*observe.Event) error) {
	saved := monitor
	monitor = check
	t.Cleanup(func() { monitor = saved })
}

// synLoss is an active open into a network that answers nothing, with
// lines around that do not matter.
const synLoss = `--tolerance_usecs=100000
0 ` + "`sysctl -w net.inet.tcp.rfc1323=1`" + `
+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)
+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0.5 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > S 0:0(0) <...>
+1 > S 0:0(0) <...>
+2 > S 0:0(0) <...>
+0.5 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
+1 close(3) = 0
`

// A monitor violation of the endpoint tcpcheck run replays, shrunk into a
// repro by package shrink (what cmd/shrink writes for a script), fails
// when replayed with the command its header gives: "FAIL FILE:LINE:
// Monitor: ...", counted as a monitor violation, even in a script the
// expectations list. Without the monitors, or with the endpoint's true
// configuration, no monitor fails it.
func TestShrunkViolationFailsReplay(t *testing.T) {
	withMonitor(t, earlySyn)
	s, err := script.Parse("synloss.pkt", []byte(synLoss))
	if err != nil {
		t.Fatal(err)
	}
	opts := runner.Options{Monitor: earlySyn}
	res, err := shrink.ScriptLines(s, opts, shrink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "min.pkt")
	text := shrink.ScriptRepro(res, opts, "script synloss.pkt").Script(file).AppendText(nil)
	if err := os.WriteFile(file, text, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", text)
	if !strings.Contains(string(text), "// replay: go run ./cmd/tcpcheck run "+file+"\n") {
		t.Fatalf("the repro gives no replay command:\n%s", text)
	}
	last := strings.Count(strings.TrimSpace(string(text)), "\n") + 1
	connect := strings.Count(string(text[:strings.Index(string(text), " connect(")]), "\n") + 1
	if got := strings.Count(string(text), " > S 0:0(0)"); got != 2 || !strings.HasSuffix(strings.TrimSpace(string(text)), "> S 0:0(0) <...>") {
		t.Errorf("the repro is not the SYN and its retransmission at the end (%d SYN lines)", got)
	}
	wantFail := "FAIL " + file + ":" + strconv.Itoa(last) + ": RetransmitBackoff: first retransmission of SEQ 1592590336 came 1000 ms after the timer started; the RTO is at least 3000 ms"
	expect := filepath.Join(dir, "expected.txt")
	if err := os.WriteFile(expect, []byte("min timing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"run", file}, 1, []string{wantFail, "0 passed, 0 expected differences, 1 failed (1 monitor violation), 0 errors"}},
		{[]string{"run", "-expect", expect, file}, 1, []string{wantFail, "0 expected differences, 1 failed (1 monitor violation)"}},
		// Shrinking dropped the fcntl that made connect non-blocking: the
		// script ends with connect still waiting, which is all that is left
		// to see without the monitors.
		{[]string{"run", "-monitors=false", file}, 1, []string{"FAIL " + file + ":" + strconv.Itoa(connect) + ": connect did not return",
			"0 passed, 0 expected differences, 1 failed (monitors off)"}},
	} {
		var out, errb strings.Builder
		code := cmd(tc.args, &out, &errb)
		if code != tc.code || errb.Len() != 0 {
			t.Errorf("%v: exit %d, want %d; stderr %q", tc.args, code, tc.code, errb.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: stdout lacks %q:\n%s", tc.args, w, out.String())
			}
		}
	}
	monitor = properties.Sink
	var out strings.Builder
	if code := cmd([]string{"run", file}, &out, &out); code != 1 || !strings.Contains(out.String(), "1 failed (0 monitor violations)") {
		t.Errorf("with the true configuration: exit %d\n%s", code, &out)
	}
}

// Every script of the corpus and of sim/testdata, and of the FreeBSD suite
// where it is present, runs under every monitor without a violation: the
// FreeBSD scripts pass or differ as docs/conformance-expected.txt lists.
func TestScriptsUnderMonitors(t *testing.T) {
	root := filepath.Join("..", "..")
	runs := [][]string{{"run", filepath.Join(root, "corpus"), filepath.Join(root, "sim", "testdata")}}
	freebsd := filepath.Join(root, "..", "shared", "conformance", "freebsd-tcp-testsuite")
	if st, err := os.Stat(freebsd); err == nil && st.IsDir() {
		runs = append(runs, []string{"run", "-expect", filepath.Join(root, "docs", "conformance-expected.txt"), freebsd})
	} else {
		t.Logf("FreeBSD suite %s absent: corpus only", freebsd)
	}
	for _, args := range runs {
		var out, errb strings.Builder
		code := cmd(args, &out, &errb)
		summary := out.String()[strings.LastIndex(strings.TrimSuffix(out.String(), "\n"), "\n")+1:]
		t.Logf("%v: %s", args[1:], summary)
		if code != 0 || !strings.Contains(summary, " 0 failed (0 monitor violations), 0 errors") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out.String(), errb.String())
		}
	}
}
