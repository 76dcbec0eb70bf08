package capture

import (
	"bytes"
	"errors"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tcpcheck/segment"
	"tcpcheck/seq"
)

// wseg is a segment to write and the addresses to write it between.
type wseg struct {
	src, dst netip.AddrPort
	seg      segment.Segment
}

// writerSegments returns a handshake, data and close in both directions,
// over IPv4 and over IPv6, with sequence numbers that wrap past 2^32.
func writerSegments(t testing.TB) []wseg {
	t.Helper()
	c4, s4 := netip.MustParseAddrPort("192.0.2.1:49152"), netip.MustParseAddrPort("198.51.100.7:80")
	c6, s6 := netip.MustParseAddrPort("[2001:db8::1]:40000"), netip.MustParseAddrPort("[2001:db8:ffff::2]:443")

	synOpts := func() segment.Options {
		var o segment.Options
		for _, err := range []error{o.AddMSS(1460), o.AddSACKPermitted(), o.AddTimestamps(0xfffffff0, 0), o.AddNOP(), o.AddWScale(7)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		return o
	}
	var sackOpts segment.Options // 10 bytes: encoded with 2 bytes of padding
	if err := sackOpts.AddSACK([]segment.SACKBlock{{Left: 100, Right: 200}}); err != nil {
		t.Fatal(err)
	}

	ciss, siss := seq.Num(0xfffffff0), seq.Num(0x7ffffffe)    // client ISS 16 below 2^32
	data := []byte("GET / HTTP/1.1\r\nHost: example\r\n\r\n") // 33 bytes: odd length
	reply := bytes.Repeat([]byte("x"), 1000)
	var segs []wseg
	for _, ep := range [][2]netip.AddrPort{{c4, s4}, {c6, s6}} {
		c, s := ep[0], ep[1]
		segs = append(segs,
			wseg{c, s, segment.Segment{Seq: ciss, Flags: segment.SYN, Window: 65535, Options: synOpts()}},
			wseg{s, c, segment.Segment{Seq: siss, Ack: ciss + 1, Flags: segment.SYN | segment.ACK, Window: 28960, Options: synOpts()}},
			wseg{c, s, segment.Segment{Seq: ciss + 1, Ack: siss + 1, Flags: segment.ACK, Window: 512}},
			// 33 bytes from 2^32-15: the payload wraps past 2^32.
			wseg{c, s, segment.Segment{Seq: ciss + 1, Ack: siss + 1, Flags: segment.PSH | segment.ACK, Window: 512, Payload: data}},
			wseg{s, c, segment.Segment{Seq: siss + 1, Ack: ciss + 34, Flags: segment.ACK, Window: 227, Payload: reply, Options: sackOpts}},
			wseg{c, s, segment.Segment{Seq: ciss + 34, Ack: siss + 1001, Flags: segment.FIN | segment.ACK, Window: 510}},
			wseg{s, c, segment.Segment{Seq: siss + 1001, Ack: ciss + 35, Flags: segment.FIN | segment.ACK, Window: 227}},
			wseg{c, s, segment.Segment{Seq: ciss + 35, Ack: siss + 1002, Flags: segment.ACK, Window: 510}},
		)
	}
	// Ports in seg are ignored in favour of the AddrPorts', and a stale
	// checksum is replaced.
	segs[0].seg.SrcPort, segs[0].seg.DstPort, segs[0].seg.Checksum = 1, 2, 0xbeef
	return segs
}

// writeSegments writes segs stamped t0 + i ms and returns the file.
func writeSegments(t testing.TB, segs []wseg) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i := range segs {
		s := &segs[i]
		if err := w.WriteSegment(t0.Add(time.Duration(i)*time.Millisecond), s.src, s.dst, &s.seg); err != nil {
			t.Fatalf("segment %d: %v", i, err)
		}
	}
	if w.Frames() != len(segs) {
		t.Fatalf("Frames() = %d, want %d", w.Frames(), len(segs))
	}
	return buf.Bytes()
}

// checkReadBack reads file and compares each frame with the segment written.
func checkReadBack(t *testing.T, file []byte, segs []wseg) {
	t.Helper()
	frames := readAll(t, "written.pcap", file)
	if len(frames) != len(segs) {
		t.Fatalf("read %d frames, wrote %d", len(frames), len(segs))
	}
	var p segment.Packet
	for i, f := range frames {
		s := &segs[i]
		if f.LinkType != LinkRaw || f.Number != i+1 || f.Truncated() {
			t.Errorf("frame %d: link %v number %d truncated %v", i+1, f.LinkType, f.Number, f.Truncated())
		}
		if want := t0.Add(time.Duration(i) * time.Millisecond); !f.Time.Equal(want) {
			t.Errorf("frame %d: time %v, want %v", i+1, f.Time, want)
		}
		if err := p.Decode(f.IP); err != nil {
			t.Fatalf("frame %d: %v", i+1, err)
		}
		ip := &p.IP
		v4 := s.src.Addr().Is4()
		if ip.Src != s.src.Addr() || ip.Dst != s.dst.Addr() || ip.HopLimit != 64 ||
			ip.Protocol != segment.ProtocolTCP || (ip.Version == 4) != v4 || ip.DontFrag != v4 {
			t.Errorf("frame %d: IP header %+v", i+1, *ip)
		}
		if !p.ChecksumOK() {
			t.Errorf("frame %d: bad TCP checksum %#04x", i+1, p.TCP.Checksum)
		}
		want := s.seg
		want.SrcPort, want.DstPort, want.Checksum = s.src.Port(), s.dst.Port(), p.TCP.Checksum
		want.Options.Pad() // encoding zero-pads the options, which read back as EOL
		if !p.TCP.Equal(&want) {
			t.Errorf("frame %d:\n got %v\nwant %v", i+1, &p.TCP, &want)
		}
	}
}

func TestWriterRoundTrip(t *testing.T) {
	segs := writerSegments(t)
	before := segs[0].seg
	file := writeSegments(t, segs)
	if !segs[0].seg.Equal(&before) {
		t.Errorf("WriteSegment changed its segment: %v", &segs[0].seg)
	}
	checkReadBack(t, file, segs)

	// The pcap header: nanosecond magic, snap length, LINKTYPE_RAW.
	if got := file[:4]; !bytes.Equal(got, []byte{0x4d, 0x3c, 0xb2, 0xa1}) {
		t.Errorf("magic % x, want nanosecond magic", got)
	}
	r, err := NewReader(bytes.NewReader(file), "w")
	if err != nil || r.link != LinkRaw {
		t.Errorf("NewReader: link %v, %v", r.link, err)
	}
}

// TestWriterJumbogram writes an IPv6 packet whose payload exceeds 65,535
// bytes, which gets a Jumbo Payload option.
func TestWriterJumbogram(t *testing.T) {
	segs := []wseg{{
		netip.MustParseAddrPort("[2001:db8::1]:1"), netip.MustParseAddrPort("[2001:db8::2]:2"),
		segment.Segment{Seq: 0xffff0000, Flags: segment.ACK, Payload: bytes.Repeat([]byte{0xa5}, 100001)},
	}}
	file := writeSegments(t, segs)
	checkReadBack(t, file, segs)
}

// failWriter accepts n writes, then fails.
type failWriter struct{ n int }

var errDisk = errors.New("disk full")

func (f *failWriter) Write(b []byte) (int, error) {
	if f.n == 0 {
		return 0, errDisk
	}
	f.n--
	return len(b), nil
}

func TestWriterErrors(t *testing.T) {
	v4a, v4b := netip.MustParseAddrPort("10.0.0.1:1"), netip.MustParseAddrPort("10.0.0.2:2")
	v6 := netip.MustParseAddrPort("[2001:db8::2]:2")
	mapped := netip.MustParseAddrPort("[::ffff:10.0.0.2]:2")
	seg := &segment.Segment{Flags: segment.SYN}
	big := &segment.Segment{Flags: segment.ACK, Payload: make([]byte, 65496)}
	huge := &segment.Segment{Flags: segment.ACK, Payload: make([]byte, WriterSnapLen)}

	var buf bytes.Buffer
	w, err := NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		t        time.Time
		src, dst netip.AddrPort
		seg      *segment.Segment
		family   bool // the error must match ErrAddressFamily
	}{
		{"v4 to v6", t0, v4a, v6, seg, true},
		{"v6 to v4", t0, v6, v4a, seg, true},
		{"v4 to v4-mapped v6", t0, v4a, mapped, seg, true},
		{"zero source", t0, netip.AddrPort{}, v4b, seg, true},
		{"zero destination", t0, v6, netip.AddrPort{}, seg, true},
		{"nil segment", t0, v4a, v4b, nil, false},
		{"zero time", time.Time{}, v4a, v4b, seg, false},
		{"before 1970", time.Unix(-1, 0), v4a, v4b, seg, false},
		{"after 2106", time.Unix(1<<32, 0), v4a, v4b, seg, false},
		{"IPv4 over 65535 bytes", t0, v4a, v4b, big, false},
		{"over the snap length", t0, v6, v6, huge, false},
	}
	for _, c := range cases {
		err := w.WriteSegment(c.t, c.src, c.dst, c.seg)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if errors.Is(err, ErrAddressFamily) != c.family {
			t.Errorf("%s: %v; matches ErrAddressFamily: %v", c.name, err, !c.family)
		}
		t.Logf("%s: %v", c.name, err)
	}
	// Nothing was written by the failures, and the Writer still works.
	if buf.Len() != pcapFileHeaderLen || w.Frames() != 0 {
		t.Fatalf("failed writes left %d bytes, %d frames", buf.Len(), w.Frames())
	}
	okSeg := *big
	okSeg.Payload = okSeg.Payload[:65495] // IPv4 total length exactly 65535
	segs := []wseg{{v4a, v4b, okSeg}, {v6, v6, *seg}}
	for i := range segs {
		if err := w.WriteSegment(t0.Add(time.Duration(i)*time.Millisecond), segs[i].src, segs[i].dst, &segs[i].seg); err != nil {
			t.Fatal(err)
		}
	}
	checkReadBack(t, buf.Bytes(), segs)

	// Output errors: the file header, then a record; the latter is sticky.
	if _, err := NewWriter(&failWriter{}); !errors.Is(err, errDisk) {
		t.Errorf("NewWriter on a failing writer: %v", err)
	}
	if _, err := NewWriter(nil); err == nil {
		t.Error("NewWriter(nil): no error")
	}
	fw := &failWriter{n: 2} // file header and one record header
	w, err = NewWriter(fw)
	if err != nil {
		t.Fatal(err)
	}
	err1 := w.WriteSegment(t0, v4a, v4b, seg)
	fw.n = 100
	err2 := w.WriteSegment(t0, v4a, v4b, seg)
	if err1 == nil || err2 != err1 || w.Frames() != 0 {
		t.Errorf("after a failed write: %v, then %v, %d frames", err1, err2, w.Frames())
	}

	// Misuse does not panic.
	var nilW *Writer
	if err := nilW.WriteSegment(t0, v4a, v4b, seg); err == nil || nilW.Frames() != 0 {
		t.Error("nil Writer: no error")
	}
	if err := new(Writer).WriteSegment(t0, v4a, v4b, seg); err == nil {
		t.Error("zero Writer: no error")
	}
}

// TestWriterReusesBuffer checks that steady-state writes do not allocate.
func TestWriterReusesBuffer(t *testing.T) {
	w, err := NewWriter(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	segs := writerSegments(t)
	i := 0
	allocs := testing.AllocsPerRun(100, func() {
		s := &segs[i%len(segs)]
		i++
		if err := w.WriteSegment(t0, s.src, s.dst, &s.seg); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("WriteSegment: %v allocations per call, want 0", allocs)
	}
}

// TestWriterTshark has Wireshark check what the Writer writes: every frame
// must be TCP over IP, not malformed, with a good TCP checksum and, for IPv4,
// a good header checksum.
func TestWriterTshark(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark not found; skipping Wireshark's check of written files")
	}
	segs := writerSegments(t)
	path := filepath.Join(t.TempDir(), "written.pcap")
	if err := os.WriteFile(path, writeSegments(t, segs), 0o644); err != nil {
		t.Fatal(err)
	}
	fields := []string{"frame.number", "frame.protocols", "tcp.checksum.status", "_ws.malformed",
		"ip.checksum.status", "tcp.seq_raw", "tcp.len"}
	args := []string{"-n", "-r", path, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
		"-T", "fields", "-E", "separator=/t"}
	for _, f := range fields {
		args = append(args, "-e", f)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(tshark, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark: %v\n%s", err, stderr.String())
	}
	t.Logf("tshark %s\n%s", strings.Join(fields, " "), out)
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) != len(segs) {
		t.Fatalf("tshark printed %d frames, wrote %d", len(lines), len(segs))
	}
	for i, line := range lines {
		col := strings.Split(line, "\t")
		if len(col) != len(fields) {
			t.Errorf("line %d: %d columns, want %d: %q", i+1, len(col), len(fields), line)
			continue
		}
		s := &segs[i]
		v4 := s.src.Addr().Is4()
		wantProtos := "raw:ipv6:tcp"
		wantIPStatus := ""
		if v4 {
			wantProtos, wantIPStatus = "raw:ip:tcp", "1"
		}
		switch {
		case col[0] != strconv.Itoa(i+1):
			t.Errorf("line %d: frame number %q", i+1, col[0])
		case col[1] != wantProtos && !strings.HasPrefix(col[1], wantProtos+":"):
			t.Errorf("frame %d: protocols %q, want %s", i+1, col[1], wantProtos)
		case col[2] != "1":
			t.Errorf("frame %d: TCP checksum status %q, want 1 (good)", i+1, col[2])
		case col[3] != "":
			t.Errorf("frame %d: malformed: %q", i+1, col[3])
		case col[4] != wantIPStatus:
			t.Errorf("frame %d: IP checksum status %q, want %q", i+1, col[4], wantIPStatus)
		case col[5] != strconv.FormatUint(uint64(s.seg.Seq), 10):
			t.Errorf("frame %d: seq %s, want %d", i+1, col[5], s.seg.Seq)
		case col[6] != strconv.Itoa(len(s.seg.Payload)):
			t.Errorf("frame %d: tcp.len %s, want %d", i+1, col[6], len(s.seg.Payload))
		}
	}
}
