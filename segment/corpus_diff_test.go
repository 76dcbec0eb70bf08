package segment_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"tcpcheck/capture"
	"tcpcheck/segment"
)

// Helpers shared by the differential tests (gopacket_diff_test.go and
// tshark_diff_test.go): where the real captures are, and how to get at the
// TCP bytes of a frame the capture cut short.

// diffCorpusDir returns the directory of real captures: $TCPCHECK_PCAPS, or
// ../shared/pcaps relative to the repository root. It skips the test when
// the directory is absent.
func diffCorpusDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("TCPCHECK_PCAPS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "pcaps")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("capture directory %s absent (set TCPCHECK_PCAPS to run against real captures): %v", dir, err)
	}
	return dir
}

// diffCorpusFiles returns the capture files of dir, sorted, and skips the
// test when there are none.
func diffCorpusFiles(t testing.TB, dir string) []string {
	t.Helper()
	files, err := capture.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no capture files in %s", dir)
	}
	return files
}

// diffIPLengthPastEnd reports whether err is what Packet.DecodePadded says of an
// IP packet whose length field runs past the bytes there are: a frame the
// capture cut at its snap length, or a frame shorter than its IP header says.
func diffIPLengthPastEnd(err error) bool {
	return diffIsCode(err, segment.ErrIPLength)
}

// diffIsCode reports whether err is a *segment.Error with the given code.
func diffIsCode(err error, code segment.ErrorCode) bool {
	e, ok := err.(*segment.Error)
	return ok && e.Code == code
}

// diffClampIPLength returns a copy of the IP packet ip whose length field is
// rewritten to say that the packet ends where the bytes end, so that the
// codec can read the headers of a packet that was cut short. It returns nil
// when even the fixed IP header is incomplete.
func diffClampIPLength(ip []byte) []byte {
	c := bytes.Clone(ip)
	switch {
	case len(c) >= segment.IPv4HeaderLen && c[0]>>4 == 4:
		binary.BigEndian.PutUint16(c[2:], uint16(min(len(c), 0xffff)))
	case len(c) >= segment.IPv6HeaderLen && c[0]>>4 == 6:
		binary.BigEndian.PutUint16(c[4:], uint16(min(len(c)-segment.IPv6HeaderLen, 0xffff)))
	default:
		return nil
	}
	return c
}
