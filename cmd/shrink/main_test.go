package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shrinkRun runs the command and returns its exit status and outputs.
func shrinkRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// lastLine is the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// wantBad checks a bad-input run: exit status 2, one line on stderr
// containing want, nothing on stdout and no output file.
func wantBad(t *testing.T, want string, args ...string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.pkt")
	code, stdout, stderr := shrinkRun(t, append([]string{"-q", "-o", out}, args...)...)
	if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, want) {
		t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and one line with %q", args, code, stdout, stderr, want)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%v: wrote %s", args, out)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{}, {"a.pkt", "b.pkt"}, {"-sim", "1", "a.pkt"}, {"-nope", "a.pkt"}, {"-conn", "-1", "a.pkt"},
		{"-gotest-pkg", "a b", "a.pkt"},
	} {
		code, _, stderr := shrinkRun(t, args...)
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "shrink: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func TestBadInput(t *testing.T) {
	t.Run("missing file", func(t *testing.T) { wantBad(t, "no such file", filepath.Join(t.TempDir(), "none.pkt")) })
	t.Run("script that does not parse", func(t *testing.T) {
		p := writeFile(t, "bad.pkt", []byte("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < S 0:0(0) wim 100\n"))
		wantBad(t, "bad.pkt:2:15: expected end of line, found \"wim\"", p)
	})
	t.Run("crasher of an unknown target", func(t *testing.T) {
		p := writeFile(t, "testdata/fuzz/FuzzNothing/0123", []byte("go test fuzz v1\n[]byte(\"\\x00\")\n"))
		wantBad(t, `unknown fuzz target "FuzzNothing"`, p)
	})
	t.Run("crasher of a rapid target", func(t *testing.T) {
		p := writeFile(t, "testdata/fuzz/FuzzOpenWorldRapid/0123", []byte("go test fuzz v1\n[]byte(\"\\x00\")\n"))
		wantBad(t, "FuzzOpenWorldRapid crashers cannot be shrunk as bytes: the input is a rapid bit stream", p)
	})
	t.Run("crasher that does not parse", func(t *testing.T) {
		p := writeFile(t, "testdata/fuzz/FuzzOpenWorld/0123", []byte("go test fuzz v1\n[]byte(\"\\x00\"\n"))
		wantBad(t, "0123:2", p)
	})
	t.Run("capture without TCP", func(t *testing.T) {
		wantBad(t, "no TCP segments", writeFile(t, "udp.pcap", udpPcap()))
	})
	t.Run("capture cut short", func(t *testing.T) {
		wantBad(t, "cut.pcap", writeFile(t, "cut.pcap", udpPcap()[:30]))
	})
	t.Run("capture with several connections", func(t *testing.T) {
		wantBad(t, "6 connections: choose one with -conn N", "../../../shared/pcaps/tcpdump_v4_bgp_6streams_refused_rst_and_fin.pcap")
	})
	t.Run("no such connection", func(t *testing.T) {
		wantBad(t, "no connection 9", "-conn", "9", "../../../shared/pcaps/tcpdump_v4_bgp_6streams_refused_rst_and_fin.pcap")
	})
	t.Run("bad seed", func(t *testing.T) { wantBad(t, `-sim "x"`, "-sim", "x") })
	t.Run("bad probability", func(t *testing.T) { wantBad(t, "probabilities", "-sim", "1", "-loss", "2") })
}

// udpPcap is a raw-IP pcap holding one IPv4 UDP datagram.
func udpPcap() []byte {
	var b []byte
	b = binary.LittleEndian.AppendUint32(b, 0xa1b2c3d4)
	b = binary.LittleEndian.AppendUint16(b, 2)
	b = binary.LittleEndian.AppendUint16(b, 4)
	b = append(b, make([]byte, 8)...)
	b = binary.LittleEndian.AppendUint32(b, 65535)
	b = binary.LittleEndian.AppendUint32(b, 101) // raw IP
	pkt := []byte{0x45, 0, 0, 28, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2,
		0x30, 0x39, 0, 53, 0, 8, 0, 0}
	b = binary.LittleEndian.AppendUint32(b, 1_700_000_000)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(pkt)))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(pkt)))
	return append(b, pkt...)
}

// wantNoFailure checks a run whose input does not fail: exit status 1,
// one line on stderr, nothing written.
func wantNoFailure(t *testing.T, args ...string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.pkt")
	code, stdout, stderr := shrinkRun(t, append([]string{"-q", "-o", out}, args...)...)
	if code != 1 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "does not fail") {
		t.Errorf("%v: exit %d, stdout %q, stderr %q; want 1 and one line", args, code, stdout, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%v: wrote %s", args, out)
	}
}

func TestInputsThatDoNotFail(t *testing.T) {
	t.Run("script", func(t *testing.T) { wantNoFailure(t, "../../corpus/scripts/close/active-close-data.pkt") })
	t.Run("open-world crasher", func(t *testing.T) {
		wantNoFailure(t, "../../fuzz/testdata/fuzz/FuzzOpenWorld/c7ee3fac183a9496")
	})
	t.Run("codec crasher", func(t *testing.T) {
		wantNoFailure(t, writeFile(t, "testdata/fuzz/FuzzSegmentDecode/01", []byte("go test fuzz v1\n[]byte(\"\\x01\\x02\")\n")))
	})
	t.Run("capture", func(t *testing.T) {
		wantNoFailure(t, "-side", "client", "../../../shared/pcaps/tcpdump_v4_dns_over_tcp_full_conn.pcap")
	})
	t.Run("simulation", func(t *testing.T) { wantNoFailure(t, "-sim", "1", "-bytes", "3000") })
}
