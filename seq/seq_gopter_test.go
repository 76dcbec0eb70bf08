package seq_test

import (
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// gopterNum generates a 32-bit value, most often near 0, 2^31 or 2^32-1,
// otherwise uniformly. The values stay uint32, so gopter shrinks them.
func gopterNum() gopter.Gen {
	return gen.Weighted([]gen.WeightedGen{
		{Weight: 2, Gen: gen.UInt32Range(0, 16)},
		{Weight: 2, Gen: gen.UInt32Range(half-16, half+16)},
		{Weight: 2, Gen: gen.UInt32Range(top-16, top)},
		{Weight: 1, Gen: gen.OneConstOf(uint32(0), uint32(half-1), uint32(half), uint32(top))},
		{Weight: 3, Gen: gen.UInt32()},
	})
}

// testLog lets gopter's reporter write into the test log.
type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// checkGopter runs one property with 2000 cases, enough to hit every
// landmark many times while keeping go test ./seq well under a second.
func checkGopter(t *testing.T, name string, p gopter.Prop) {
	t.Helper()
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 2000
	props := gopter.NewProperties(params)
	props.Property(name, p)
	props.TestingRun(t, gopter.NewFormatedReporter(true, 120, testLog{t}))
}

func TestGopterLessThanIsAntisymmetric(t *testing.T) {
	checkGopterPairs(t, "exactly one of a<b, b<a unless equal or 2^31 apart", propAntisymmetric)
	// Pairs 2^31 apart are rare among independent draws; draw them directly.
	checkGopter(t, "numbers 2^31 apart are each less than the other",
		prop.ForAll(func(a uint32) string { return propAntisymmetric(a, a+half) }, gopterNum()))
}

// checkGopterPairs runs a two-number property on independent draws and on
// pairs b = a + d with d drawn like a number, so that adjacent pairs, pairs
// 2^31 apart and pairs straddling the wrap come up often.
func checkGopterPairs(t *testing.T, name string, p func(a, b uint32) string) {
	t.Helper()
	checkGopter(t, name, prop.ForAll(p, gopterNum(), gopterNum()))
	checkGopter(t, name+" (b = a + d)",
		prop.ForAll(func(a, d uint32) string { return p(a, a+d) }, gopterNum(), gopterNum()))
}

func TestGopterLessThanIsTransitiveWithin2p31(t *testing.T) {
	checkGopter(t, "a<b and b<c and 0<c-a<2^31 imply a<c",
		prop.ForAll(propTransitive, gopterNum(), gopterNum(), gopterNum()))
}

func TestGopterComparisonsAgreeWithLessThan(t *testing.T) {
	checkGopterPairs(t, "LessThanEq, GreaterThan, GreaterThanEq agree with LessThan", propComparisonsAgree)
}

func TestGopterAddAndSubAreInverse(t *testing.T) {
	checkGopter(t, "a.Add(n).Sub(n) == a",
		prop.ForAll(propAddSubInverse, gopterNum(), gopterNum()))
}

func TestGopterDiffSignMatchesLessThan(t *testing.T) {
	checkGopterPairs(t, "a.Diff(b) < 0 iff a < b", propDiffSign)
}

func TestGopterSizeFromIsForwardDistance(t *testing.T) {
	checkGopterPairs(t, "a.Add(b.SizeFrom(a)) == b", propSizeFrom)
}

func TestGopterInWindowMatchesComparisons(t *testing.T) {
	checkGopter(t, "x in [s, s+n) iff s <= x && x < s+n",
		prop.ForAll(propInWindow, gopterNum(), gopterNum(), gopterNum()))
	checkGopter(t, "the last number of a window is in, the next is out",
		prop.ForAll(func(start, n uint32) string {
			size := clamp(n, 1, half-1)
			if msg := propInWindow(start, size-1, n); msg != "" {
				return msg
			}
			return propInWindow(start, size, n)
		}, gopterNum(), gopterNum()))
}

func TestGopterInRangeMatchesInWindow(t *testing.T) {
	checkGopter(t, "x.InRange(first, end) == x.InWindow(first, end-first)",
		prop.ForAll(propInRange, gopterNum(), gopterNum(), gopterNum()))
}

func TestGopterMaxAndMinPickOperands(t *testing.T) {
	checkGopterPairs(t, "{Max(a,b), Min(a,b)} == {a, b}", propMaxMin)
}

func TestGopterOrderingHoldsAcrossTheWrap(t *testing.T) {
	checkGopter(t, "a < a+n and a-n < a for 0 < n < 2^31",
		prop.ForAll(propAcrossTheWrap, gopterNum(), gopterNum()))
}

func TestGopterEveryOperationMatchesModelAndNeverPanics(t *testing.T) {
	checkGopter(t, "every operation agrees with the 64-bit model, no panic",
		prop.ForAll(propAllOperationsMatchModel, gopterNum(), gopterNum(), gopterNum()))
}
