package capture

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzNewReader feeds arbitrary bytes to NewReader as a capture file and
// reads every frame: no panic, no endless loop, frames numbered in order, IP
// a view of the frame, and every error an *Error naming the file.
func FuzzNewReader(f *testing.F) {
	ether := cat(macs, []byte{0x08, 0x00}, fakeIPv4)
	f.Add(writePcap(f, LinkEthernet, false, 65535, ether, macs, cat(macs, []byte{0x81, 0x00, 0, 1}), ether))
	f.Add(writePcap(f, LinkSLL, true, 30, cat(sllHead, []byte{0x86, 0xdd}, fakeIPv6)))
	f.Add(writePcap(f, LinkNull, false, 65535, cat([]byte{2, 0, 0, 0}, fakeIPv4), []byte{1}))
	f.Add(writePcapng(f))
	for _, b := range corpusSeeds() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, file []byte) {
		r, err := NewReader(bytes.NewReader(file), "fuzz.pcap")
		if err != nil {
			checkFuzzError(t, err, 0)
			return
		}
		// Every frame consumes at least 8 bytes of the (possibly gzip
		// decompressed) file, so this bound is generous.
		limit := 1024*len(file) + 16
		for n := 1; ; n++ {
			fr, err := r.Next()
			if err == io.EOF {
				return
			}
			if n > limit {
				t.Fatalf("more than %d frames from a %d-byte file", limit, len(file))
			}
			if err != nil && !errors.Is(err, ErrLinkHeader) {
				checkFuzzError(t, err, n)
				if _, again := r.Next(); again != err {
					t.Fatalf("file error not sticky: %v then %v", err, again)
				}
				return
			}
			checkFuzzFrame(t, fr, err, n)
		}
	})
}

// checkFuzzError checks that err is an *Error naming the file and frame n
// (0 for the file header).
func checkFuzzError(t *testing.T, err error, n int) {
	var e *Error
	if !errors.As(err, &e) || e.File != "fuzz.pcap" || e.Frame != n || !strings.HasPrefix(err.Error(), "fuzz.pcap: ") {
		t.Fatalf("error %q is not an *Error naming fuzz.pcap and frame %d", err, n)
	}
}

// checkFuzzFrame checks frame n as Next returned it with err (nil or a link
// header error).
func checkFuzzFrame(t *testing.T, fr Frame, err error, n int) {
	if fr.Number != n {
		t.Fatalf("frame numbered %d, want %d", fr.Number, n)
	}
	if err != nil {
		checkFuzzError(t, err, n)
		if fr.IP != nil || fr.NotIP {
			t.Fatalf("frame %d with link error %v has IP %x notIP %v", n, err, fr.IP, fr.NotIP)
		}
		return
	}
	if fr.NotIP != (fr.IP == nil) {
		t.Fatalf("frame %d: NotIP %v with IP %x", n, fr.NotIP, fr.IP)
	}
	if len(fr.IP) > 0 && &fr.IP[len(fr.IP)-1] != &fr.Data[len(fr.Data)-1] {
		t.Fatalf("frame %d: IP is not the tail of the frame", n)
	}
}

// corpusSeeds returns the small real captures, if the corpus is there.
func corpusSeeds() [][]byte {
	dir := os.Getenv("TCPCHECK_PCAPS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "pcaps")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.pcap"))
	var out [][]byte
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 16<<10 {
			out = append(out, b)
		}
	}
	return out
}
