package runner

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpcheck/script"
)

// runScript parses src as name and runs it.
func runScript(t *testing.T, name, src string, opts Options) Result {
	t.Helper()
	s, err := script.Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var trace strings.Builder
	opts.Trace = &trace
	res := Run(s, opts)
	t.Logf("trace:\n%s", trace.String())
	return res
}

// passiveOpen accepts a connection, receives 10 bytes and closes.
const passiveOpen = `--tolerance_usecs=10000
0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 %{ assert tcpi_state == TCPI_LISTEN }%
+0.1 < S 1000:1000(0) win 65535 <mss 1460,sackOK,TS val 50 ecr 0,nop,wscale 7>
+0 > S. 0:0(0) ack 1001 <mss 1460,sackOK,TS val 100 ecr 50,nop,wscale 1>
+0.05 < . 1001:1001(0) ack 1 win 512 <nop,nop,TS val 60 ecr 100>
+0 accept(3, ..., ...) = 4
+0 %{ assert tcpi_state == TCPI_ESTABLISHED }%
+0.01 < P. 1001:1011(10) ack 1 win 512 <nop,nop,TS val 70 ecr 100>
+0 > . 1:1(0) ack 1011 <...>
+0 read(4, ..., 100) = 10
+0 close(4) = 0
+0 > F. 1:1(0) ack 1011 <...>
+0 ` + "`sysctl -w net.inet.tcp.rfc1323=1`" + `
`

func TestPassiveOpenPasses(t *testing.T) {
	res := runScript(t, "passive.pkt", passiveOpen, Options{})
	if !res.Passed {
		t.Fatalf("failed: %v", res.Failure)
	}
	if res.Skipped["sysctl"] != 1 || res.Legacy {
		t.Errorf("skipped %v, legacy %v; want sysctl 1, not legacy", res.Skipped, res.Legacy)
	}
}

func TestWrongSynAckAck(t *testing.T) {
	src := strings.Replace(passiveOpen, "> S. 0:0(0) ack 1001", "> S. 0:0(0) ack 1002", 1)
	res := runScript(t, "wrongack.pkt", src, Options{})
	if res.Passed || res.Failure == nil {
		t.Fatal("passed, want a failure")
	}
	want := "wrongack.pkt:8: sent S. 0:0(0) ack 1001 <...>, expected S. 0:0(0) ack 1002 " +
		"<mss 1460,sackOK,TS val 100 ecr 50,nop,wscale 1>"
	if got := res.Failure.String(); got != want {
		t.Errorf("failure\n got %s\nwant %s", got, want)
	}
}

func TestErrnoMismatch(t *testing.T) {
	src := `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
`
	res := runScript(t, "errno.pkt", src, Options{})
	want := "errno.pkt:4: connect returned -1 EINVAL (Invalid argument), " +
		"expected -1 EINPROGRESS (Operation now in progress)"
	if res.Passed || res.Failure.String() != want {
		t.Errorf("got %v, want %s", res.Failure, want)
	}
}

// TestActiveOpenLegacy connects non-blocking, with a sysctl that selects
// RFC 793 mode, and checks an unexpected segment is reported.
func TestActiveOpenLegacy(t *testing.T) {
	src := "0 `sysctl -w net.inet.tcp.insecure_rst=1`\n" + `+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > S 0:0(0) <...>
+0.1 < S. 5000:5000(0) ack 1 win 1000 <mss 1000>
+0 > . 1:1(0) ack 5001
+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
+0 write(3, ..., 100) = 100
+0.1 < . 5001:5001(0) ack 101 win 1000
`
	res := runScript(t, "active.pkt", src, Options{})
	if !res.Legacy {
		t.Error("insecure_rst=1 did not select Legacy")
	}
	want := "active.pkt:10: sent P. 1:101(100) ack 5001, expected nothing before this segment"
	if res.Passed || !strings.HasPrefix(res.Failure.String(), strings.TrimSuffix(want, ", expected nothing before this segment")) ||
		!strings.HasSuffix(res.Failure.String(), "expected nothing before this segment") {
		t.Errorf("got %v, want %s", res.Failure, want)
	}
	fixed := strings.Replace(src, "+0.1 < . 5001", "+0 > P. 1:101(100) ack 5001\n+0.1 < . 5001", 1)
	if res := runScript(t, "active.pkt", fixed, Options{}); !res.Passed {
		t.Errorf("fixed script failed: %v", res.Failure)
	}
}

// TestECNSysctls: net.inet.tcp.ecn.enable and ecn.maxretries apply, in
// script order, to the sockets created afterwards (fsm.Config.ECN and
// ECNSynRetries) and are not counted as skipped.
func TestECNSysctls(t *testing.T) {
	active := "0 `sysctl -w net.inet.tcp.ecn.enable=1`\n" +
		"+0 `sysctl -w net.inet.tcp.ecn.maxretries=1`\n" + `+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > SEW 0:0(0) <...>
+1 > SEW 0:0(0) <...>
+2 > S 0:0(0) <...>
+0 close(3) = 0
` + "+0 `sysctl -w net.inet.tcp.ecn.enable=2`\n"
	res := runScript(t, "ecn-active.pkt", active, Options{})
	if !res.Passed || res.Skipped["sysctl"] != 0 {
		t.Errorf("failure %v, skipped %v; want a pass with nothing skipped", res.Failure, res.Skipped)
	}
	plain := strings.Replace(active, "ecn.enable=1", "ecn.enable=2", 1)
	if res := runScript(t, "ecn-accept.pkt", plain, Options{}); res.Passed || !strings.Contains(res.Failure.Msg, "sent S 0:0(0)") {
		t.Errorf("ecn.enable=2 sent an ECN-setup SYN: %v", res.Failure)
	}
	passive := "0 `sysctl -w net.inet.tcp.ecn.enable=2`\n" + `+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < SEW 0:0(0) win 65535 <mss 1460>
+0 > SE. 0:0(0) ack 1 <...>
+0.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
`
	if res := runScript(t, "ecn-passive.pkt", passive, Options{}); !res.Passed {
		t.Errorf("passive ECN: %v", res.Failure)
	}
	off := strings.Replace(passive, "ecn.enable=2", "ecn.enable=0", 1)
	if res := runScript(t, "ecn-off.pkt", off, Options{}); res.Passed {
		t.Error("ecn.enable=0 still answered with an ECN-setup SYN-ACK")
	}
}

// TestKeepInit: TCP_KEEPINIT is known by name and bounds a blocking connect.
func TestKeepInit(t *testing.T) {
	src := `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 setsockopt(3, IPPROTO_TCP, TCP_KEEPINIT, [2], 4) = 0
0...2 connect(3, ..., ...) = -1 ETIMEDOUT (Operation timed out)
+0 > S 0:0(0) <...>
+1 > S 0:0(0) <...>
3 close(3) = 0
`
	if res := runScript(t, "keepinit.pkt", src, Options{}); !res.Passed {
		t.Errorf("failed: %v", res.Failure)
	}
}

// freebsdDir is the FreeBSD TCP test suite, relative to this package.
var freebsdDir = filepath.Join("..", "..", "shared", "conformance", "freebsd-tcp-testsuite")

// TestFreeBSDSuite runs the FreeBSD suite in semantic mode and logs the
// counts; individual failures are follow-up work, not test failures.
func TestFreeBSDSuite(t *testing.T) {
	if st, err := os.Stat(freebsdDir); err != nil || !st.IsDir() {
		t.Skipf("FreeBSD test suite %s absent", freebsdDir)
	}
	var passed, failed int
	var failures []string
	err := filepath.WalkDir(freebsdDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".pkt") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s, err := script.Parse(path, src)
		if err != nil {
			t.Errorf("%v", err)
			return nil
		}
		if res := Run(s, Options{}); res.Passed {
			passed++
		} else {
			failed++
			failures = append(failures, res.Failure.String())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if passed+failed == 0 {
		t.Skip("no .pkt files")
	}
	t.Logf("FreeBSD suite, semantic mode: %d passed, %d failed", passed, failed)
	for _, f := range failures[:min(10, len(failures))] {
		t.Log(f)
	}
}
