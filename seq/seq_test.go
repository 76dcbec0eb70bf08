package seq_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"tcpcheck/seq"
)

// Landmarks of the 2^32 sequence space where modular arithmetic goes wrong
// when it is written naively.
const (
	half = 1 << 31        // 2^31: the distance at which ordering is undefined
	top  = math.MaxUint32 // 2^32-1: the last number before the wrap
)

// edgeNums are the values the property generators favour, and the operands
// of the never-panics checks.
var edgeNums = []uint32{0, 1, 2, half - 2, half - 1, half, half + 1, half + 2, top - 2, top - 1, top}

// forward is the reference model of the sequence space: the distance from a
// forward to b, computed in 64 bits so nothing wraps by accident.
func forward(a, b uint32) uint64 {
	return (uint64(b) + 1<<32 - uint64(a)) % (1 << 32)
}

// modelLess is RFC 1982 §3.2 on 32 bits, with this package's choice for the
// undefined case: a < b when b lies 1 to 2^31 numbers after a, so two numbers
// exactly 2^31 apart are each less than the other.
func modelLess(a, b uint32) bool {
	d := forward(a, b)
	return d >= 1 && d <= half
}

// TestDocumentedEdgeValues pins every edge case seq/doc.go and the method
// comments promise, one named case each.
func TestDocumentedEdgeValues(t *testing.T) {
	var zeroNum seq.Num
	var zeroSize seq.Size
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"zero Num is sequence number 0", uint32(zeroNum), uint32(0)},
		{"zero Size is size 0", uint32(zeroSize), uint32(0)},

		// Addition and subtraction wrap modulo 2^32.
		{"(2^32-1).Add(1) wraps to 0", seq.Num(top).Add(1), seq.Num(0)},
		{"0.Sub(1) wraps to 2^32-1", seq.Num(0).Sub(1), seq.Num(top)},
		{"(2^32-1).Add(2^32-1) is 2^32-2", seq.Num(top).Add(top), seq.Num(top - 1)},
		{"0.Sub(2^32-1) is 1", seq.Num(0).Sub(top), seq.Num(1)},
		{"Add(0) is the identity at 2^32-1", seq.Num(top).Add(0), seq.Num(top)},

		// Comparisons across the wrap.
		{"2^32-1 < 0", seq.Num(top).LessThan(0), true},
		{"not 0 < 2^32-1", seq.Num(0).LessThan(top), false},
		{"0 > 2^32-1", seq.Num(0).GreaterThan(top), true},
		{"2^32-10 < 5", seq.Num(top - 9).LessThan(5), true},
		{"a number is not less than itself", seq.Num(top).LessThan(top), false},
		{"a number is =< itself", seq.Num(top).LessThanEq(top), true},
		{"a number is >= itself", seq.Num(0).GreaterThanEq(0), true},
		{"a number is not greater than itself", seq.Num(half).GreaterThan(half), false},

		// Largest defined distance: 2^31-1.
		{"0 < 2^31-1", seq.Num(0).LessThan(half - 1), true},
		{"not 2^31-1 < 0", seq.Num(half - 1).LessThan(0), false},
		{"2^31+1 < 0 (2^31-1 after, across the wrap)", seq.Num(half + 1).LessThan(0), true},
		{"not 0 < 2^31+1 (2^31+1 after is 2^31-1 before)", seq.Num(0).LessThan(half + 1), false},

		// Exactly 2^31 apart: each is less than the other.
		{"2^31 apart: 0 < 2^31", seq.Num(0).LessThan(half), true},
		{"2^31 apart: 2^31 < 0", seq.Num(half).LessThan(0), true},
		{"2^31 apart: 2^32-1 < 2^31-1", seq.Num(top).LessThan(half - 1), true},
		{"2^31 apart: 2^31-1 < 2^32-1", seq.Num(half - 1).LessThan(top), true},
		{"2^31 apart: 0 > 2^31 as well", seq.Num(0).GreaterThan(half), true},
		{"2^31 apart: Diff is -2^31 one way", seq.Num(0).Diff(half), int32(math.MinInt32)},
		{"2^31 apart: Diff is -2^31 the other way", seq.Num(half).Diff(0), int32(math.MinInt32)},
		{"2^31 apart: Max returns its second operand", seq.Max(0, half), seq.Num(half)},
		{"2^31 apart: Max(2^31, 0) returns 0", seq.Max(half, 0), seq.Num(0)},
		{"2^31 apart: Min returns its first operand", seq.Min(0, half), seq.Num(0)},

		// Diff is a - b as int32.
		{"Diff(0, 2^32-1) is +1 across the wrap", seq.Num(0).Diff(top), int32(1)},
		{"Diff(2^32-1, 0) is -1 across the wrap", seq.Num(top).Diff(0), int32(-1)},
		{"Diff(2^31-1, 0) is the largest positive", seq.Num(half - 1).Diff(0), int32(math.MaxInt32)},

		// SizeFrom is the forward distance.
		{"0.SizeFrom(2^32-1) is 1", seq.Num(0).SizeFrom(top), seq.Size(1)},
		{"(2^32-1).SizeFrom(0) is 2^32-1", seq.Num(top).SizeFrom(0), seq.Size(top)},
		{"a.SizeFrom(a) is 0", seq.Num(half).SizeFrom(half), seq.Size(0)},

		// Windows.
		{"size-0 window does not contain its start", seq.Num(7).InWindow(7, 0), false},
		{"size-1 window contains its start", seq.Num(7).InWindow(7, 1), true},
		{"size-1 window does not contain start+1", seq.Num(8).InWindow(7, 1), false},
		{"window [2^32-1, +2) contains 0", seq.Num(0).InWindow(top, 2), true},
		{"window [2^32-1, +2) does not contain 1", seq.Num(1).InWindow(top, 2), false},
		{"window [2^32-1, +2) does not contain 2^32-2", seq.Num(top-1).InWindow(top, 2), false},
		{"size 2^32-1 window contains start", seq.Num(5).InWindow(5, top), true},
		{"size 2^32-1 window contains start-2", seq.Num(3).InWindow(5, top), true},
		{"size 2^32-1 window does not contain start-1", seq.Num(4).InWindow(5, top), false},
		{"size 2^32-1 window at 0 does not contain 2^32-1", seq.Num(top).InWindow(0, top), false},

		// Ranges.
		{"empty range [0, 0) contains nothing", seq.Num(0).InRange(0, 0), false},
		{"empty range [2^32-1, 2^32-1) contains nothing", seq.Num(top).InRange(top, top), false},
		{"range [2^32-1, 1) contains 0", seq.Num(0).InRange(top, 1), true},
		{"range [2^32-1, 1) contains 2^32-1", seq.Num(top).InRange(top, 1), true},
		{"range [2^32-1, 1) does not contain its end", seq.Num(1).InRange(top, 1), false},
		{"range [1, 0) contains 2^32-1", seq.Num(top).InRange(1, 0), true},
		{"range [1, 0) does not contain 0", seq.Num(0).InRange(1, 0), false},

		// Max and Min across the wrap.
		{"Max(2^32-1, 0) is 0", seq.Max(top, 0), seq.Num(0)},
		{"Max(0, 2^32-1) is 0", seq.Max(0, top), seq.Num(0)},
		{"Min(2^32-1, 0) is 2^32-1", seq.Min(top, 0), seq.Num(top)},
		{"Min(0, 2^32-1) is 2^32-1", seq.Min(0, top), seq.Num(top)},
		{"Size.Min is unsigned: 2^32-1 vs 1", seq.Size(top).Min(1), seq.Size(1)},
		{"Size.Min(0)", seq.Size(5).Min(0), seq.Size(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v (%T), want %v (%T)", tt.got, tt.got, tt.want, tt.want)
			}
		})
	}
}

// TestEdgeValuesAgreeWithModel calls every operation on every pair of edge
// values (as numbers and as sizes) and compares each result with the 64-bit
// model; a panic fails the test too.
func TestEdgeValuesAgreeWithModel(t *testing.T) {
	for _, a := range edgeNums {
		for _, b := range edgeNums {
			for _, n := range edgeNums {
				if msg := propAllOperationsMatchModel(a, b, n); msg != "" {
					t.Error(msg)
				}
			}
		}
	}
}

// TestTransitivityNeedsDistinctEnds shows why the transitivity property
// requires 0 < c-a: through the undefined 2^31 case, 0 < 2^31 and 2^31 < 0,
// yet 0 < 0 is false.
func TestTransitivityNeedsDistinctEnds(t *testing.T) {
	a, b := seq.Num(0), seq.Num(half)
	if !a.LessThan(b) || !b.LessThan(a) || a.LessThan(a) {
		t.Errorf("0 < 2^31 = %v, 2^31 < 0 = %v, 0 < 0 = %v; want true, true, false",
			a.LessThan(b), b.LessThan(a), a.LessThan(a))
	}
}

// The properties below are shared by the rapid and gopter tests: each takes
// raw uint32 values, so both engines generate and shrink them natively, and
// returns "" when the property holds or a message naming the inputs in hex
// when it does not (gopter reports a non-empty string as a failure).

// clamp limits v to [lo, hi]. Generators favour 0, 2^31 and 2^32-1, so
// clamping turns their favourites into the bounds of the allowed range.
func clamp(v, lo, hi uint32) uint32 { return min(max(v, lo), hi) }

// propAntisymmetric: a number is never less than itself; two different
// numbers not 2^31 apart are ordered exactly one way; two numbers exactly
// 2^31 apart are each less than the other (seq/doc.go).
func propAntisymmetric(a, b uint32) string {
	x, y := seq.Num(a), seq.Num(b)
	ab, ba := x.LessThan(y), y.LessThan(x)
	switch {
	case a == b:
		if ab {
			return fmt.Sprintf("Num(%#x) < itself", a)
		}
	case forward(a, b) == half:
		if !ab || !ba {
			return fmt.Sprintf("%#x and %#x are 2^31 apart: a<b = %v, b<a = %v, want both true", a, b, ab, ba)
		}
	default:
		if ab == ba {
			return fmt.Sprintf("%#x and %#x: a<b = %v, b<a = %v, want exactly one", a, b, ab, ba)
		}
	}
	return ""
}

// propTransitive: with b = a+d1, c = b+d2, d1, d2 >= 1 and d1+d2 < 2^31 (so
// 0 < c-a < 2^31), a < b and b < c imply a < c.
func propTransitive(a, d1, d2 uint32) string {
	d1 = clamp(d1, 1, half-2)
	d2 = clamp(d2, 1, half-1-d1)
	x := seq.Num(a)
	y := x.Add(seq.Size(d1))
	z := y.Add(seq.Size(d2))
	if !x.LessThan(y) || !y.LessThan(z) {
		return fmt.Sprintf("steps under 2^31 not ordered: %#x < %#x = %v, %#x < %#x = %v",
			a, uint32(y), x.LessThan(y), uint32(y), uint32(z), y.LessThan(z))
	}
	if !x.LessThan(z) {
		return fmt.Sprintf("transitivity: %#x < %#x < %#x (c-a = %#x) but not %#x < %#x",
			a, uint32(y), uint32(z), d1+d2, a, uint32(z))
	}
	return ""
}

// propComparisonsAgree: LessThanEq, GreaterThan and GreaterThanEq are
// LessThan with equality and operands swapped, and LessThan is the model.
func propComparisonsAgree(a, b uint32) string {
	x, y := seq.Num(a), seq.Num(b)
	lt := x.LessThan(y)
	if want := modelLess(a, b); lt != want {
		return fmt.Sprintf("Num(%#x).LessThan(%#x) = %v, model (forward distance %#x) says %v", a, b, lt, forward(a, b), want)
	}
	if got, want := x.LessThanEq(y), lt || a == b; got != want {
		return fmt.Sprintf("Num(%#x).LessThanEq(%#x) = %v, want %v", a, b, got, want)
	}
	if got, want := x.GreaterThan(y), y.LessThan(x); got != want {
		return fmt.Sprintf("Num(%#x).GreaterThan(%#x) = %v, want %v", a, b, got, want)
	}
	if got, want := x.GreaterThanEq(y), y.LessThan(x) || a == b; got != want {
		return fmt.Sprintf("Num(%#x).GreaterThanEq(%#x) = %v, want %v", a, b, got, want)
	}
	return ""
}

// propAddSubInverse: Add and Sub undo each other, wrap modulo 2^32, and
// a.Add(n).SizeFrom(a) is n.
func propAddSubInverse(a, n uint32) string {
	x, s := seq.Num(a), seq.Size(n)
	if got := x.Add(s).Sub(s); got != x {
		return fmt.Sprintf("Num(%#x).Add(%#x).Sub(%#x) = %#x", a, n, n, uint32(got))
	}
	if got := x.Sub(s).Add(s); got != x {
		return fmt.Sprintf("Num(%#x).Sub(%#x).Add(%#x) = %#x", a, n, n, uint32(got))
	}
	if got, want := uint64(x.Add(s)), (uint64(a)+uint64(n))%(1<<32); got != want {
		return fmt.Sprintf("Num(%#x).Add(%#x) = %#x, want %#x", a, n, got, want)
	}
	if got := x.Add(s).SizeFrom(x); got != s {
		return fmt.Sprintf("Num(%#x).Add(%#x).SizeFrom(%#x) = %#x", a, n, a, uint32(got))
	}
	return ""
}

// propDiffSign: a.Diff(b) is negative exactly when a < b, zero exactly when
// a == b, and b advanced by it gives a back.
func propDiffSign(a, b uint32) string {
	x, y := seq.Num(a), seq.Num(b)
	d := x.Diff(y)
	if (d < 0) != x.LessThan(y) {
		return fmt.Sprintf("Num(%#x).Diff(%#x) = %d but LessThan = %v", a, b, d, x.LessThan(y))
	}
	if (d == 0) != (a == b) {
		return fmt.Sprintf("Num(%#x).Diff(%#x) = %d for a != b, or non-zero for a == b", a, b, d)
	}
	if d > 0 && !y.LessThan(x) {
		return fmt.Sprintf("Num(%#x).Diff(%#x) = %d > 0 but not b < a", a, b, d)
	}
	if got := y.Add(seq.Size(uint32(d))); got != x {
		return fmt.Sprintf("Num(%#x).Add(Diff = %d) = %#x, want %#x", b, d, uint32(got), a)
	}
	return ""
}

// propSizeFrom: b.SizeFrom(a) is the forward distance from a to b, a
// advanced by it is b, and the distances both ways add up to 2^32 (0).
func propSizeFrom(a, b uint32) string {
	x, y := seq.Num(a), seq.Num(b)
	s := y.SizeFrom(x)
	if uint64(s) != forward(a, b) {
		return fmt.Sprintf("Num(%#x).SizeFrom(%#x) = %#x, want %#x", b, a, uint32(s), forward(a, b))
	}
	if got := x.Add(s); got != y {
		return fmt.Sprintf("Num(%#x).Add(SizeFrom = %#x) = %#x, want %#x", a, uint32(s), uint32(got), b)
	}
	if back := x.SizeFrom(y); s+back != 0 {
		return fmt.Sprintf("SizeFrom both ways between %#x and %#x: %#x + %#x != 2^32", a, b, uint32(s), uint32(back))
	}
	return ""
}

// propInWindow: for 0 < n < 2^31, x = s+k is in [s, s+n) iff s <= x and
// x < s+n; a window of size 0 contains nothing; a window of size 2^32-1
// contains everything but s-1.
func propInWindow(start, k, n uint32) string {
	s, x := seq.Num(start), seq.Num(start).Add(seq.Size(k))
	size := seq.Size(clamp(n, 1, half-1))
	got := x.InWindow(s, size)
	want := s.LessThanEq(x) && x.LessThan(s.Add(size))
	if got != want || got != (k < uint32(size)) {
		return fmt.Sprintf("Num(%#x).InWindow(%#x, %#x) = %v; s<=x && x<s+n says %v, offset %#x says %v",
			uint32(x), start, uint32(size), got, want, k, k < uint32(size))
	}
	if x.InWindow(s, 0) {
		return fmt.Sprintf("Num(%#x).InWindow(%#x, 0) = true, want an empty window", uint32(x), start)
	}
	if got, want := x.InWindow(s, top), x != s.Sub(1); got != want {
		return fmt.Sprintf("Num(%#x).InWindow(%#x, 2^32-1) = %v, want %v", uint32(x), start, got, want)
	}
	return ""
}

// propInRange: InRange(first, end) is InWindow(first, end-first); the
// range never contains end and contains first iff it is not empty; for
// ranges shorter than 2^31 it is first <= x && x < end.
func propInRange(first, end, x uint32) string {
	f, e, v := seq.Num(first), seq.Num(end), seq.Num(x)
	got := v.InRange(f, e)
	if want := v.InWindow(f, e.SizeFrom(f)); got != want {
		return fmt.Sprintf("Num(%#x).InRange(%#x, %#x) = %v, InWindow says %v", x, first, end, got, want)
	}
	if e.InRange(f, e) {
		return fmt.Sprintf("range [%#x, %#x) contains its end", first, end)
	}
	if got, want := f.InRange(f, e), first != end; got != want {
		return fmt.Sprintf("range [%#x, %#x) contains its start = %v, want %v", first, end, got, want)
	}
	if n := forward(first, end); n > 0 && n < half {
		if want := f.LessThanEq(v) && v.LessThan(e); got != want {
			return fmt.Sprintf("Num(%#x).InRange(%#x, %#x) = %v, comparisons say %v", x, first, end, got, want)
		}
	}
	return ""
}

// propMaxMin: Max and Min return their operands, one each; when the
// operands are not 2^31 apart they are symmetric and Min =< Max.
func propMaxMin(a, b uint32) string {
	x, y := seq.Num(a), seq.Num(b)
	hi, lo := seq.Max(x, y), seq.Min(x, y)
	if !(hi == x && lo == y) && !(hi == y && lo == x) {
		return fmt.Sprintf("Max(%#x, %#x) = %#x, Min = %#x: not the operands", a, b, uint32(hi), uint32(lo))
	}
	if hi != lo && !lo.LessThan(hi) {
		return fmt.Sprintf("Min(%#x, %#x) = %#x is not before Max = %#x", a, b, uint32(lo), uint32(hi))
	}
	if forward(a, b) != half {
		if seq.Max(y, x) != hi || seq.Min(y, x) != lo {
			return fmt.Sprintf("Max/Min of %#x and %#x depend on operand order", a, b)
		}
		if !lo.LessThanEq(hi) || hi.LessThan(lo) {
			return fmt.Sprintf("Min(%#x, %#x) = %#x is after Max = %#x", a, b, uint32(lo), uint32(hi))
		}
	}
	if got, want := seq.Size(a).Min(seq.Size(b)), min(a, b); uint32(got) != want {
		return fmt.Sprintf("Size(%#x).Min(%#x) = %#x, want %#x", a, b, uint32(got), want)
	}
	return ""
}

// propAcrossTheWrap: advancing by 1 to 2^31-1 moves forward even when the
// sum wraps past 2^32-1, and moving back by the same amount moves backward.
func propAcrossTheWrap(a, n uint32) string {
	x, s := seq.Num(a), seq.Size(clamp(n, 1, half-1))
	fwd, back := x.Add(s), x.Sub(s)
	if !x.LessThan(fwd) || !fwd.GreaterThan(x) || fwd.LessThan(x) {
		return fmt.Sprintf("Num(%#x).Add(%#x) = %#x is not after it", a, uint32(s), uint32(fwd))
	}
	if !back.LessThan(x) || !x.GreaterThan(back) || x.LessThan(back) {
		return fmt.Sprintf("Num(%#x).Sub(%#x) = %#x is not before it", a, uint32(s), uint32(back))
	}
	if !x.InRange(back, fwd) || !x.InWindow(back, 2*s) {
		return fmt.Sprintf("Num(%#x) not in [%#x, %#x)", a, uint32(back), uint32(fwd))
	}
	return ""
}

// propAllOperationsMatchModel calls every exported operation with a and b
// as numbers and n as a size and compares each result with the 64-bit
// model. It is the never-panics property too: a panic fails the caller.
func propAllOperationsMatchModel(a, b, n uint32) string {
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	x, y, s := seq.Num(a), seq.Num(b), seq.Size(n)
	d := forward(a, b)
	if got, want := x.LessThan(y), modelLess(a, b); got != want {
		fail("Num(%#x).LessThan(%#x) = %v, model says %v", a, b, got, want)
	}
	if got, want := x.LessThanEq(y), a == b || modelLess(a, b); got != want {
		fail("Num(%#x).LessThanEq(%#x) = %v, model says %v", a, b, got, want)
	}
	if got, want := x.GreaterThan(y), modelLess(b, a); got != want {
		fail("Num(%#x).GreaterThan(%#x) = %v, model says %v", a, b, got, want)
	}
	if got, want := x.GreaterThanEq(y), a == b || modelLess(b, a); got != want {
		fail("Num(%#x).GreaterThanEq(%#x) = %v, model says %v", a, b, got, want)
	}
	if got, want := uint64(x.Add(s)), (uint64(a)+uint64(n))%(1<<32); got != want {
		fail("Num(%#x).Add(%#x) = %#x, model says %#x", a, n, got, want)
	}
	if got, want := uint64(x.Sub(s)), (uint64(a)+1<<32-uint64(n))%(1<<32); got != want {
		fail("Num(%#x).Sub(%#x) = %#x, model says %#x", a, n, got, want)
	}
	if got := uint64(y.SizeFrom(x)); got != d {
		fail("Num(%#x).SizeFrom(%#x) = %#x, model says %#x", b, a, got, d)
	}
	// y.Diff(x) is b - a read as a signed 32-bit number: the forward
	// distance when it is below 2^31, that minus 2^32 otherwise.
	wantDiff := int64(d)
	if d >= half {
		wantDiff -= 1 << 32
	}
	if got := y.Diff(x); int64(got) != wantDiff {
		fail("Num(%#x).Diff(%#x) = %d, model says %d", b, a, got, wantDiff)
	}
	if got, want := y.InWindow(x, s), d < uint64(n); got != want {
		fail("Num(%#x).InWindow(%#x, %#x) = %v, model says %v", b, a, n, got, want)
	}
	if got, want := y.InRange(x, seq.Num(n)), d < forward(a, n); got != want {
		fail("Num(%#x).InRange(%#x, %#x) = %v, model says %v", b, a, n, got, want)
	}
	maxWant, minWant := x, y
	if modelLess(a, b) {
		maxWant, minWant = y, x
	}
	if got := seq.Max(x, y); got != maxWant {
		fail("Max(%#x, %#x) = %#x, model says %#x", a, b, uint32(got), uint32(maxWant))
	}
	if got := seq.Min(x, y); got != minWant {
		fail("Min(%#x, %#x) = %#x, model says %#x", a, b, uint32(got), uint32(minWant))
	}
	if got, want := seq.Size(a).Min(s), min(a, n); uint32(got) != want {
		fail("Size(%#x).Min(%#x) = %#x, model says %#x", a, n, uint32(got), want)
	}
	return strings.Join(errs, "; ")
}
