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

// fillPattern writes the pattern bytes at stream offsets off.. into b,
// whole words four at a time (fewer loop tests: the fuzzing build traces
// each comparison).
func fillPattern(b []byte, salt uint64, off int64) {
	o, i := uint64(off), 0
	for ; i < len(b) && o&7 != 0; i, o = i+1, o+1 {
		b[i] = patternByte(salt, o)
	}
	for ; i+32 <= len(b); i, o = i+32, o+32 {
		w := b[i : i+32]
		k := o >> 3
		binary.LittleEndian.PutUint64(w, mix64(salt^k))
		binary.LittleEndian.PutUint64(w[8:], mix64(salt^(k+1)))
		binary.LittleEndian.PutUint64(w[16:], mix64(salt^(k+2)))
		binary.LittleEndian.PutUint64(w[24:], mix64(salt^(k+3)))
	}
	for ; i+8 <= len(b); i, o = i+8, o+8 {
		binary.LittleEndian.PutUint64(b[i:], mix64(salt^o>>3))
	}
	for ; i < len(b); i, o = i+1, o+1 {
		b[i] = patternByte(salt, o)
	}
}

// checkPattern returns the index of the first byte of b that differs from
// the pattern at offsets off.., or -1. Whole words are compared four at a
// time, then one at a time from the first group with a difference.
func checkPattern(b []byte, salt uint64, off int64) int {
	o, i := uint64(off), 0
	for ; i < len(b) && o&7 != 0; i, o = i+1, o+1 {
		if b[i] != patternByte(salt, o) {
			return i
		}
	}
	for ; i+32 <= len(b); i, o = i+32, o+32 {
		w := b[i : i+32]
		k := o >> 3
		d := (binary.LittleEndian.Uint64(w) ^ mix64(salt^k)) |
			(binary.LittleEndian.Uint64(w[8:]) ^ mix64(salt^(k+1))) |
			(binary.LittleEndian.Uint64(w[16:]) ^ mix64(salt^(k+2))) |
			(binary.LittleEndian.Uint64(w[24:]) ^ mix64(salt^(k+3)))
		if d != 0 {
			break // the loops below find the byte
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
