package capture

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)

// writePcap returns a pcap file of link type l holding frames, the i-th
// stamped t0 + i ms. nanos selects the nanosecond magic. A frame longer than
// snaplen is cut to it, with its wire length kept.
func writePcap(t testing.TB, l LinkType, nanos bool, snaplen int, frames ...[]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := pcapgo.NewWriter(&buf)
	if nanos {
		w = pcapgo.NewWriterNanos(&buf)
	}
	if err := w.WriteFileHeader(uint32(snaplen), layers.LinkType(l)); err != nil {
		t.Fatal(err)
	}
	for i, f := range frames {
		data := f[:min(len(f), snaplen)]
		ci := gopacket.CaptureInfo{Timestamp: t0.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(data), Length: len(f)}
		if err := w.WritePacket(ci, data); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// readAll reads every frame of a capture, failing the test on any error.
func readAll(t *testing.T, name string, file []byte) []Frame {
	t.Helper()
	r, err := NewReader(bytes.NewReader(file), name)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var out []Frame
	for {
		f, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Next after %d frames: %v", len(out), err)
		}
		out = append(out, f)
	}
}

// TestReaderLinkTypes writes one pcap per link type of stripCases, reads it
// back and checks numbering, time, link type and the stripped bytes.
func TestReaderLinkTypes(t *testing.T) {
	byLink := map[LinkType][]stripCase{}
	for _, c := range stripCases() {
		byLink[c.link] = append(byLink[c.link], c)
	}
	for l, cases := range byLink {
		var frames [][]byte
		for _, c := range cases {
			frames = append(frames, c.frame)
		}
		name := l.String() + ".pcap"
		got := readAll(t, name, writePcap(t, l, false, 65535, frames...))
		if len(got) != len(cases) {
			t.Fatalf("%s: read %d frames, wrote %d", name, len(got), len(cases))
		}
		for i, f := range got {
			c := cases[i]
			if f.Number != i+1 || f.LinkType != l || !f.Time.Equal(t0.Add(time.Duration(i)*time.Millisecond).Truncate(time.Microsecond)) {
				t.Errorf("%s frame %d (%s): number %d, link %v, time %v", name, i+1, c.name, f.Number, f.LinkType, f.Time)
			}
			if f.NotIP != c.notIP || !bytes.Equal(f.IP, c.ip) || !bytes.Equal(f.Data, c.frame) || f.Truncated() {
				t.Errorf("%s frame %d (%s): notIP=%v ip=%x truncated=%v, want notIP=%v ip=%x", name, i+1, c.name, f.NotIP, f.IP, f.Truncated(), c.notIP, c.ip)
			}
		}
	}
}

// TestReaderNanosecond checks the nanosecond magic keeps full precision and
// the microsecond one rounds down to microseconds.
func TestReaderNanosecond(t *testing.T) {
	frame := cat(macs, []byte{0x08, 0x00}, fakeIPv4)
	for _, nanos := range []bool{false, true} {
		got := readAll(t, "ts.pcap", writePcap(t, LinkEthernet, nanos, 65535, frame))
		want := t0
		if !nanos {
			want = t0.Truncate(time.Microsecond)
		}
		if len(got) != 1 || !got[0].Time.Equal(want) {
			t.Errorf("nanos=%v: got %v, want one frame at %v", nanos, got, want)
		}
	}
}

// TestReaderSnapLength checks a frame cut by the snap length is reported as
// truncated, with its wire length.
func TestReaderSnapLength(t *testing.T) {
	frame := cat(macs, []byte{0x08, 0x00}, fakeIPv4)
	got := readAll(t, "snap.pcap", writePcap(t, LinkEthernet, false, 20, frame))
	if len(got) != 1 || !got[0].Truncated() || got[0].WireLen != len(frame) || !bytes.Equal(got[0].IP, fakeIPv4[:6]) {
		t.Fatalf("got %+v, want one truncated frame of wire length %d with 6 IP bytes", got, len(frame))
	}
}

// writePcapng returns a pcapng file with an Ethernet and an SLL2 interface
// and one frame on each, then an Ethernet ARP frame.
func writePcapng(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := pcapgo.NewNgWriter(&buf, layers.LinkTypeEthernet)
	if err != nil {
		t.Fatal(err)
	}
	sll2, err := w.AddInterface(pcapgo.NgInterface{LinkType: layers.LinkType(LinkSLL2), SnapLength: 65535, TimestampResolution: 9})
	if err != nil {
		t.Fatal(err)
	}
	frames := []struct {
		intf  int
		frame []byte
	}{
		{0, cat(macs, []byte{0x08, 0x00}, fakeIPv4)},
		{sll2, cat(sll2Head(0x86, 0xdd), fakeIPv6)},
		{0, cat(macs, []byte{0x08, 0x06}, fakeARP)},
	}
	for i, f := range frames {
		ci := gopacket.CaptureInfo{Timestamp: t0.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(f.frame), Length: len(f.frame), InterfaceIndex: f.intf}
		if err := w.WritePacket(ci, f.frame); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReaderPcapng checks pcapng detection and per-interface link types.
func TestReaderPcapng(t *testing.T) {
	got := readAll(t, "x.pcapng", writePcapng(t))
	want := []struct {
		link  LinkType
		ip    []byte
		notIP bool
	}{{LinkEthernet, fakeIPv4, false}, {LinkSLL2, fakeIPv6, false}, {LinkEthernet, nil, true}}
	if len(got) != len(want) {
		t.Fatalf("read %d frames, want %d", len(got), len(want))
	}
	for i, f := range got {
		w := want[i]
		if f.Number != i+1 || f.LinkType != w.link || f.NotIP != w.notIP || !bytes.Equal(f.IP, w.ip) {
			t.Errorf("frame %d: number %d link %v notIP %v ip %x, want link %v notIP %v ip %x", i+1, f.Number, f.LinkType, f.NotIP, f.IP, w.link, w.notIP, w.ip)
		}
		if wt := t0.Add(time.Duration(i) * time.Millisecond); f.Time.Sub(wt).Abs() >= time.Microsecond {
			t.Errorf("frame %d: time %v, want %v", i+1, f.Time, wt)
		}
	}
}

// TestReaderGzip checks that gzip-compressed pcap and pcapng files are read.
func TestReaderGzip(t *testing.T) {
	for name, file := range map[string][]byte{
		"x.pcap.gz":   writePcap(t, LinkRaw, true, 65535, fakeIPv4, fakeIPv6),
		"x.pcapng.gz": writePcapng(t),
	} {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(file)
		zw.Close()
		plain := readAll(t, name, file)
		got := readAll(t, name, z.Bytes())
		if len(got) != len(plain) || len(got) < 2 {
			t.Fatalf("%s: read %d frames, want %d", name, len(got), len(plain))
		}
		for i := range got {
			if !bytes.Equal(got[i].Data, plain[i].Data) {
				t.Errorf("%s frame %d: %x, want %x", name, i+1, got[i].Data, plain[i].Data)
			}
		}
	}
}

// TestReaderLinkErrorContinues checks that a truncated link header is an
// error naming file, frame and record offset, and that the next frame reads.
func TestReaderLinkErrorContinues(t *testing.T) {
	good := cat(macs, []byte{0x08, 0x00}, fakeIPv4)
	file := writePcap(t, LinkEthernet, false, 65535, good, macs, good)
	r, err := NewReader(bytes.NewReader(file), "x.pcap")
	if err != nil {
		t.Fatal(err)
	}
	if f, err := r.Next(); err != nil || f.Number != 1 {
		t.Fatalf("frame 1: %v", err)
	}
	f, err := r.Next()
	wantMsg := "x.pcap: frame 2 (record at byte 74): truncated Ethernet header (12 bytes)"
	if err == nil || err.Error() != wantMsg || !errors.Is(err, ErrLinkHeader) {
		t.Fatalf("frame 2: error %v, want %q matching ErrLinkHeader", err, wantMsg)
	}
	if f.Number != 2 || f.IP != nil || !bytes.Equal(f.Data, macs) {
		t.Errorf("frame 2 returned with the error: %+v", f)
	}
	if f, err := r.Next(); err != nil || f.Number != 3 || !bytes.Equal(f.IP, fakeIPv4) {
		t.Fatalf("frame 3 after a link error: %+v, %v", f, err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("after frame 3: %v, want io.EOF", err)
	}
}

// TestReaderFileErrors checks the errors that end reading: each names the
// file and the frame (with the record's offset) or the file header, and
// comes back on every later call.
func TestReaderFileErrors(t *testing.T) {
	frame := cat(macs, []byte{0x08, 0x00}, fakeIPv4) // 34 bytes: records of 50
	file := writePcap(t, LinkEthernet, false, 65535, frame, frame)
	cases := []struct {
		name string
		file []byte
		want string // error of NewReader, or of the first failing Next
	}{
		{"empty", nil, "empty: file header: not a capture file: 0 bytes"},
		{"short", file[:3], "short: file header: not a capture file: 3 bytes"},
		{"header", file[:20], "header: file header: unexpected EOF"},
		{"magic", append([]byte("GIF8"), file[4:]...), "magic: file header: Unknown magic 38464947"},
		{"linktype", writePcap(t, LinkType(147), false, 65535), "linktype: file header: unsupported link type 147"},
		{"record header", file[:24+50+7], "record header: frame 2 (record at byte 74): unexpected EOF"},
		{"record data", file[:24+50+16+5], "record data: frame 2 (record at byte 74): unexpected EOF"},
		{"record no data", file[:24+50+16], "record no data: frame 2 (record at byte 74): record of 34 bytes: unexpected EOF"},
		{"gzip", []byte{0x1f, 0x8b, 0, 0}, "gzip: file header: gzip: unexpected EOF"},
	}
	for _, c := range cases {
		r, err := NewReader(bytes.NewReader(c.file), c.name)
		for n := 0; err == nil; n++ {
			_, err = r.Next()
			if err == io.EOF || n > 3 {
				t.Fatalf("%s: read to %v without the error %q", c.name, err, c.want)
			}
		}
		if err.Error() != c.want {
			t.Errorf("%s: error %q, want %q", c.name, err, c.want)
		}
		var e *Error
		if !errors.As(err, &e) || e.File != c.name {
			t.Errorf("%s: error %v is not an *Error naming the file", c.name, err)
		}
		if r != nil {
			if _, again := r.Next(); again != err {
				t.Errorf("%s: error not sticky: then %v", c.name, again)
			}
		}
	}
}

// TestReaderClose checks Open, Close and reading after Close.
func TestReaderClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.pcap")
	if err := os.WriteFile(path, writePcap(t, LinkRaw, false, 65535, fakeIPv4), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if r.Name() != path {
		t.Errorf("Name() = %q, want %q", r.Name(), path)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Next after Close: %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "absent.pcap")); err == nil || !strings.Contains(err.Error(), "absent.pcap") {
		t.Errorf("Open of a missing file: %v", err)
	}
}
