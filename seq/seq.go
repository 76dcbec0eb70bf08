package seq

// Num is a TCP sequence or acknowledgment number (RFC 9293 §3.4).
type Num uint32

// Size is a number of sequence-space units: a segment length (SEG.LEN) or
// a window (SND.WND, RCV.WND).
type Size uint32

// LessThan reports whether a precedes b in sequence space (a < b).
func (a Num) LessThan(b Num) bool { return int32(a-b) < 0 }

// LessThanEq reports whether a precedes or equals b (a =< b).
func (a Num) LessThanEq(b Num) bool { return a == b || a.LessThan(b) }

// GreaterThan reports whether a follows b in sequence space (a > b).
func (a Num) GreaterThan(b Num) bool { return b.LessThan(a) }

// GreaterThanEq reports whether a follows or equals b (a >= b).
func (a Num) GreaterThanEq(b Num) bool { return a == b || b.LessThan(a) }

// Add returns a advanced by n, wrapping modulo 2^32.
func (a Num) Add(n Size) Num { return a + Num(n) }

// Sub returns a moved back by n, wrapping modulo 2^32.
func (a Num) Sub(n Size) Num { return a - Num(n) }

// Diff returns the signed distance from b to a (a - b) as an int32: positive
// when a follows b. Numbers exactly 2^31 apart give -2^31.
func (a Num) Diff(b Num) int32 { return int32(a - b) }

// SizeFrom returns the forward distance from start to a, that is how many
// sequence numbers lie in [start, a). It is a - start modulo 2^32.
func (a Num) SizeFrom(start Num) Size { return Size(a - start) }

// InWindow reports whether a lies in [start, start+size). A window of size 0
// contains nothing; a window of size 2^32-1 contains every number but
// start-1. This is the test of RFC 9293 §3.10.7.4 written without overflow.
func (a Num) InWindow(start Num, size Size) bool { return Size(a-start) < size }

// InRange reports whether a lies in the half-open range [first, end). An
// empty range (first == end) contains nothing.
func (a Num) InRange(first, end Num) bool { return Size(a-first) < Size(end-first) }

// Max returns whichever of a and b comes later in sequence space.
func Max(a, b Num) Num {
	if a.LessThan(b) {
		return b
	}
	return a
}

// Min returns whichever of a and b comes earlier in sequence space.
func Min(a, b Num) Num {
	if a.LessThan(b) {
		return a
	}
	return b
}

// Min returns the smaller of two sizes.
func (s Size) Min(t Size) Size {
	if s < t {
		return s
	}
	return t
}
