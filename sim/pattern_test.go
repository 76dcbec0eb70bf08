package sim

import "testing"

// The word-wise fill and check agree with the byte-wise definition at
// every alignment, and a check finds the first wrong byte.
func TestPattern(t *testing.T) {
	salt := patternSalt(0)
	for off := int64(0); off < 20; off++ {
		for n := 0; n < 40; n++ {
			b := make([]byte, n)
			fillPattern(b, salt, off)
			for i := range b {
				if b[i] != patternByte(salt, uint64(off)+uint64(i)) {
					t.Fatalf("off %d len %d: byte %d differs", off, n, i)
				}
			}
			if k := checkPattern(b, salt, off); k != -1 {
				t.Fatalf("off %d len %d: check flags byte %d", off, n, k)
			}
			for bad := 0; bad < n; bad++ {
				b[bad] ^= 0x40
				if k := checkPattern(b, salt, off); k != bad {
					t.Fatalf("off %d len %d: flipped byte %d, check says %d", off, n, bad, k)
				}
				b[bad] ^= 0x40
			}
			if n > 1 && checkPattern(b[1:], salt, off) == -1 && checkPattern(b, salt, off+1) == -1 {
				t.Fatalf("off %d len %d: a shifted stream passes", off, n)
			}
		}
	}
	// Streams of different writers differ.
	a, c := make([]byte, 64), make([]byte, 64)
	fillPattern(a, patternSalt(0), 0)
	fillPattern(c, patternSalt(1), 0)
	if string(a) == string(c) {
		t.Fatal("two writers share a pattern")
	}
}
