package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tcpcheck/capture"
	"tcpcheck/segment"
)

// pcapScript is a passive open, 100 bytes in, 50 out, and a close from the
// endpoint: 5 segments injected and 5 sent.
const pcapScript = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 0:0(0) win 65535 <mss 1460>
+0 > S. 0:0(0) ack 1 <...>
+.01 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
+0 < P. 1:101(100) ack 1 win 65535
+0 > . 1:1(0) ack 101
+0 write(4, ..., 50) = 50
+0 > P. 1:51(50) ack 101
+.01 < . 101:101(0) ack 51 win 65535
+0 read(4, ..., 100) = 100
+0 close(4) = 0
+0 > F. 51:51(0) ack 101
+.01 < F. 101:101(0) ack 52 win 65535
+0 > . 52:52(0) ack 102
`

func TestCmdPcap(t *testing.T) {
	dir := t.TempDir()
	pkt, out := filepath.Join(dir, "s.pkt"), filepath.Join(dir, "s.pcap")
	if err := os.WriteFile(pkt, []byte(pcapScript), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := cmd([]string{"run", "-v", "-pcap", out, pkt}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	// The segments exchanged, from the trace.
	type want struct {
		at    time.Duration
		in    bool
		flags string
	}
	var exchanged []want
	for _, l := range strings.Split(stdout.String(), "\n") {
		f := strings.Fields(l)
		if len(f) < 3 || f[1] != "inject" && f[1] != "sent" {
			continue
		}
		d, err := time.ParseDuration(f[0] + "s")
		if err != nil {
			t.Fatalf("trace line %q: %v", l, err)
		}
		exchanged = append(exchanged, want{d, f[1] == "inject", f[2]})
	}
	if len(exchanged) != 10 {
		t.Fatalf("trace shows %d segments, want 10:\n%s", len(exchanged), stdout.String())
	}

	r, err := capture.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	peer, host := "192.0.2.1", "192.168.0.1"
	var n int
	for {
		fr, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("frame %d: %v", n+1, err)
		}
		if n >= len(exchanged) {
			t.Fatalf("frame %d: more frames than the %d segments exchanged", fr.Number, len(exchanged))
		}
		w := exchanged[n]
		n++
		var p segment.Packet
		if err := p.Decode(fr.IP); err != nil {
			t.Fatalf("frame %d: %v", fr.Number, err)
		}
		if !p.ChecksumOK() {
			t.Errorf("frame %d: bad TCP checksum %#04x", fr.Number, p.TCP.Checksum)
		}
		src, dst := host, peer
		if w.in {
			src, dst = peer, host
		}
		if p.IP.Src.String() != src || p.IP.Dst.String() != dst {
			t.Errorf("frame %d: %v > %v, want %s > %s", fr.Number, p.IP.Src, p.IP.Dst, src, dst)
		}
		if got := PcapEpoch.Add(w.at); !fr.Time.Equal(got) {
			t.Errorf("frame %d: time %v, want %v", fr.Number, fr.Time, got)
		}
		if fl := flagString(p.TCP.Flags); fl != w.flags {
			t.Errorf("frame %d: flags %s, want %s", fr.Number, fl, w.flags)
		}
	}
	if n != len(exchanged) {
		t.Errorf("%d frames, want %d", n, len(exchanged))
	}

	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark not installed; skipping the tshark check")
	}
	cmd := exec.Command(tshark, "-r", out, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
		"-T", "fields", "-e", "frame.number", "-e", "tcp.checksum.status", "-e", "_ws.malformed", "-e", "_ws.expert")
	cmd.Stderr = io.Discard // "Running as user root" and the like
	res, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	t.Logf("tshark:\n%s", res)
	lines := strings.Split(strings.TrimRight(string(res), "\n"), "\n")
	if len(lines) != len(exchanged) {
		t.Errorf("tshark shows %d frames, want %d", len(lines), len(exchanged))
	}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) < 4 || f[1] != "1" || f[2] != "" || strings.Contains(f[3], "Malformed") || strings.Contains(f[3], "/Error") {
			t.Errorf("tshark: frame not clean (want checksum status 1, nothing malformed): %q", l)
		}
	}
}

// flagString prints the flags a packetdrill trace line shows.
func flagString(f segment.Flags) string {
	var b strings.Builder
	for _, c := range []struct {
		f segment.Flags
		s string
	}{{segment.SYN, "S"}, {segment.FIN, "F"}, {segment.RST, "R"}, {segment.PSH, "P"}} {
		if f&c.f != 0 {
			b.WriteString(c.s)
		}
	}
	if f&segment.ACK != 0 {
		b.WriteString(".")
	}
	return b.String()
}

func TestCmdPcapUsage(t *testing.T) {
	dir := t.TempDir()
	pkt := filepath.Join(dir, "s.pkt")
	if err := os.WriteFile(pkt, []byte(pcapScript), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.pcap")
	for _, args := range [][]string{
		{"run", "-pcap", out, dir},
		{"run", "-pcap", out, pkt, pkt},
	} {
		var stdout, stderr strings.Builder
		if code := cmd(args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if got := stderr.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "-pcap needs exactly one script FILE") {
			t.Errorf("%v: stderr %q, want one line about -pcap", args, got)
		}
		if stdout.Len() != 0 {
			t.Errorf("%v: stdout %q, want nothing", args, stdout.String())
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", args, out)
		}
	}
}
