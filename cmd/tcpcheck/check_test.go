package main

import (
	"bytes"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tcpcheck/capture"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// checkPcap writes a capture of one connection between 192.0.2.1:40000
// and 192.0.2.2:80: a handshake, 100 bytes each way, a close by the
// client (10 frames), then the segments of extra, all from the client.
func checkPcap(t *testing.T, name string, extra ...segment.Segment) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := capture.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	c, s := netip.MustParseAddrPort("192.0.2.1:40000"), netip.MustParseAddrPort("192.0.2.2:80")
	seg := func(f segment.Flags, sq, ack uint32, n int) segment.Segment {
		return segment.Segment{Seq: seq.Num(sq), Ack: seq.Num(ack), Flags: f, Window: 65535, Payload: make([]byte, n)}
	}
	const ack, psh = segment.ACK, segment.PSH | segment.ACK
	type step struct {
		fromClient bool
		seg        segment.Segment
	}
	steps := []step{
		{true, seg(segment.SYN, 1000, 0, 0)}, {false, seg(segment.SYN|ack, 5000, 1001, 0)},
		{true, seg(ack, 1001, 5001, 0)}, {true, seg(psh, 1001, 5001, 100)}, {false, seg(ack, 5001, 1101, 0)},
		{false, seg(psh, 5001, 1101, 100)}, {true, seg(ack, 1101, 5101, 0)},
		{true, seg(segment.FIN|ack, 1101, 5101, 0)}, {false, seg(segment.FIN|ack, 5101, 1102, 0)},
		{true, seg(ack, 1102, 5102, 0)},
	}
	for _, e := range extra {
		steps = append(steps, step{true, e})
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, st := range steps {
		src, dst := c, s
		if !st.fromClient {
			src, dst = s, c
		}
		at = at.Add(time.Millisecond)
		if err := w.WriteSegment(at, src, dst, &st.seg); err != nil {
			t.Fatal(err)
		}
	}
	return writeFile(t, name, buf.Bytes())
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestCheckCmd(t *testing.T) {
	dir := t.TempDir()
	clean := checkPcap(t, filepath.Join(dir, "clean", "clean.pcap"))
	// The client's ACK field goes back from 5102 to 5051 at frame 11.
	bad := checkPcap(t, filepath.Join(dir, "bad.pcap"),
		segment.Segment{Seq: 1102, Ack: 5051, Flags: segment.ACK, Window: 65535})
	notPcap := writeFile(t, filepath.Join(dir, "notes.pcap"), []byte("not a capture at all\n"))
	var hdr bytes.Buffer
	if _, err := capture.NewWriter(&hdr); err != nil {
		t.Fatal(err)
	}
	empty := writeFile(t, filepath.Join(dir, "empty.pcap"), hdr.Bytes())
	cleanBytes, _ := os.ReadFile(clean)
	cut := writeFile(t, filepath.Join(dir, "cut.pcap"), cleanBytes[:len(cleanBytes)-10])
	missing := filepath.Join(dir, "missing.pcap")

	connLine := "#1 192.0.2.1:40000 > 192.0.2.2:80 frames 1-10 (10) ok"
	for _, tc := range []struct {
		args   []string
		code   int
		stdout []string
		stderr string
	}{
		{[]string{"check"}, 2, nil, "usage: tcpcheck check"},
		{[]string{"check", "-bogus", clean}, 2, nil, "flag provided but not defined"},
		{[]string{"check", clean}, 0, []string{connLine,
			"1 file, 1 connection: 1 ok, 0 capture incomplete, 0 violate an RFC rule; 0 RFC violations, 0 capture problems; 0 errors"}, ""},
		{[]string{"check", filepath.Join(dir, "clean")}, 0, []string{connLine}, ""},
		{[]string{"check", bad}, 1, []string{"frames 1-11 (11) violates an RFC rule",
			"frame 11: RFC violation: MonotonicAck at client 192.0.2.1:40000: ACK field went back from 5102 to 5051",
			"1 RFC violation, 0 capture problems"}, ""},
		{[]string{"check", missing, clean}, 2, []string{"ERROR open " + missing + ": no such file", connLine, "1 error"}, ""},
		{[]string{"check", notPcap}, 2, []string{"ERROR " + notPcap + ": file header:"}, ""},
		{[]string{"check", empty}, 2, []string{"ERROR " + empty + ": no TCP segments in 0 frames"}, ""},
		{[]string{"check", cut}, 2, []string{"frames 1-9 (9)", "ERROR " + cut + ": frame 10 (record at byte "}, ""},
		{[]string{"check", bad, missing}, 2, []string{"violates an RFC rule", "ERROR open"}, ""},
		{[]string{"check", "-v", clean}, 0, []string{"monitors on a wire-only view:", "MonotonicAck", "runs",
			"inferred states at the end: client TIME-WAIT, server CLOSED; handshake captured: true", "ran: MonotonicAck"}, ""},
	} {
		var out, errb strings.Builder
		code := cmd(tc.args, &out, &errb)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.code, out.String(), errb.String())
		}
		for _, w := range tc.stdout {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: stdout lacks %q:\n%s", tc.args, w, out.String())
			}
		}
		if !strings.Contains(errb.String(), tc.stderr) || (tc.stderr == "") != (errb.Len() == 0) {
			t.Errorf("%v: stderr %q, want %q", tc.args, errb.String(), tc.stderr)
		}
	}
}
