package sim

import "encoding/binary"

// The bytes an endpoint writes are a pattern fixed by the writer and the
// offset in its stream, so the reader can check every byte it reads
// against the offset it should have (StreamIntegrity): a lost, duplicated,
// reordered or misplaced byte reads as a mismatch. The pattern is
// SplitMix64's mixer over the index of each 8-byte word, little-endian,
// which does not repeat with any period a TCP window can hide.

// patternSalt is the pattern key of the stream written by endpoint i.
func patternSalt(i int) uint64 { return mix64(uint64(i+1) * golden) }

// patternByte is the byte at stream offset o.
func patternByte(salt, o uint64) byte { return byte(mix64(salt^o>>3) >> (8 * (o & 7))) }

// fillPattern writes the pattern bytes at stream offsets off.. into b.
func fillPattern(b []byte, salt uint64, off int64) {
	o, i := uint64(off), 0
	for ; i < len(b) && o&7 != 0; i, o = i+1, o+1 {
		b[i] = patternByte(salt, o)
	}
	for ; i+8 <= len(b); i, o = i+8, o+8 {
		binary.LittleEndian.PutUint64(b[i:], mix64(salt^o>>3))
	}
	for ; i < len(b); i, o = i+1, o+1 {
		b[i] = patternByte(salt, o)
	}
}

// checkPattern returns the index of the first byte of b that differs from
// the pattern at offsets off.., or -1.
func checkPattern(b []byte, salt uint64, off int64) int {
	o, i := uint64(off), 0
	for ; i < len(b) && o&7 != 0; i, o = i+1, o+1 {
		if b[i] != patternByte(salt, o) {
			return i
		}
	}
	for ; i+8 <= len(b); i, o = i+8, o+8 {
		if binary.LittleEndian.Uint64(b[i:]) != mix64(salt^o>>3) {
			break // the byte-wise loop below finds which byte
		}
	}
	for ; i < len(b); i, o = i+1, o+1 {
		if b[i] != patternByte(salt, o) {
			return i
		}
	}
	return -1
}
