package capture

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pcapDir returns the directory of real captures: $TCPCHECK_PCAPS, or
// ../shared/pcaps relative to the repository root. It skips the test when
// the directory is absent.
func pcapDir(t testing.TB) string {
	dir := os.Getenv("TCPCHECK_PCAPS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "pcaps")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("capture directory %s absent (set TCPCHECK_PCAPS): %v", dir, err)
	}
	return dir
}

// pcapFiles returns the capture files of dir.
func pcapFiles(t testing.TB, dir string) []string {
	t.Helper()
	files, err := Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no capture files in %s", dir)
	}
	return files
}

// manifestCounts reads the frames and TCP segment columns of the corpus
// MANIFEST.md table, keyed by file name; nil when there is no manifest.
func manifestCounts(t testing.TB, dir string) map[string][2]int {
	f, err := os.Open(filepath.Join(dir, "MANIFEST.md"))
	if err != nil {
		return nil
	}
	defer f.Close()
	out := map[string][2]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 8 || !strings.HasSuffix(strings.TrimSpace(cells[1]), ".pcap") {
			continue
		}
		frames, err1 := strconv.Atoi(strings.TrimSpace(cells[5]))
		tcp, err2 := strconv.Atoi(strings.TrimSpace(cells[6]))
		if err1 != nil || err2 != nil {
			t.Fatalf("MANIFEST.md row %q: frames/TCP columns not numbers", sc.Text())
		}
		out[strings.TrimSpace(cells[1])] = [2]int{frames, tcp}
	}
	return out
}

// TestSharedCaptures reads every real capture without error and checks the
// frame counts against the corpus manifest: every frame of the corpus that
// is not a TCP segment is a non-IP frame (ARP).
func TestSharedCaptures(t *testing.T) {
	dir := pcapDir(t)
	manifest := manifestCounts(t, dir)
	for _, path := range pcapFiles(t, dir) {
		name := filepath.Base(path)
		frames, notIP, truncated := readCounts(t, path)
		t.Logf("%s: %d frames, %d not IP, %d truncated by the snap length", name, frames, notIP, truncated)
		want, ok := manifest[name]
		if !ok {
			continue
		}
		if frames != want[0] || frames-notIP != want[1] {
			t.Errorf("%s: %d frames of which %d IP, MANIFEST.md says %d frames of which %d TCP", name, frames, frames-notIP, want[0], want[1])
		}
	}
}

// readCounts reads a file to the end, failing on any error.
func readCounts(t *testing.T, path string) (frames, notIP, truncated int) {
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		f, err := r.Next()
		if err != nil {
			if err != io.EOF {
				t.Errorf("%v", err)
			}
			return
		}
		frames++
		if f.NotIP {
			notIP++
		}
		if f.Truncated() {
			truncated++
		}
	}
}

// TestSharedCaptureKinds checks the odd formats of the corpus: nanosecond
// SLL, raw IP, and a record cut by the snap length.
func TestSharedCaptureKinds(t *testing.T) {
	dir := pcapDir(t)
	cases := []struct {
		file      string
		link      LinkType
		nanos     bool
		truncated bool
	}{
		{"tcpdump_sll_nanosec_3way_handshake.pcap", LinkSLL, true, false},
		{"zeek_v4_syn_with_payload_full_close.pcap", LinkRaw, false, false},
		{"tcpdump_v4_truncated_tcp_header_fuzzcase.pcap", LinkEthernet, false, true},
	}
	for _, c := range cases {
		r, err := Open(filepath.Join(dir, c.file))
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		f, err := r.Next()
		r.Close()
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		hasNanos := f.Time.Nanosecond()%1000 != 0
		if f.LinkType != c.link || f.Truncated() != c.truncated || (c.nanos && !hasNanos) || len(f.IP) == 0 || f.IP[0]>>4 != 4 {
			t.Errorf("%s frame 1: link %v truncated %v time %v IP %x; want link %v truncated %v nanoseconds %v and IPv4",
				c.file, f.LinkType, f.Truncated(), f.Time, f.IP, c.link, c.truncated, c.nanos)
		}
	}
}
