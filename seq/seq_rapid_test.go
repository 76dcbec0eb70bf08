package seq_test

import (
	"testing"

	"pgregory.net/rapid"
)

// rapidNum draws a 32-bit value, most often near one of the places modular
// arithmetic breaks (0, 2^31, 2^32-1), otherwise uniformly.
func rapidNum() *rapid.Generator[uint32] {
	return rapid.OneOf(
		rapid.Uint32Range(0, 16),
		rapid.Uint32Range(half-16, half+16),
		rapid.Uint32Range(top-16, top),
		rapid.SampledFrom(edgeNums),
		rapid.Uint32(),
	)
}

// rapidPair draws a and b where b is often a plus a landmark distance, so
// pairs exactly 2^31 apart, adjacent and across the wrap come up often.
func rapidPair(t *rapid.T) (a, b uint32) {
	a = rapidNum().Draw(t, "a")
	if rapid.Bool().Draw(t, "b relative to a") {
		return a, a + rapidNum().Draw(t, "b-a")
	}
	return a, rapidNum().Draw(t, "b")
}

// check2 and check3 run a shared property (seq_test.go) under rapid.
func check2(t *testing.T, prop func(a, b uint32) string) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := rapidPair(t)
		if msg := prop(a, b); msg != "" {
			t.Fatal(msg)
		}
	})
}

func check3(t *testing.T, prop func(a, b, c uint32) string) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := rapidPair(t)
		c := rapidNum().Draw(t, "c")
		if msg := prop(a, b, c); msg != "" {
			t.Fatal(msg)
		}
	})
}

func TestRapidLessThanIsAntisymmetric(t *testing.T) { check2(t, propAntisymmetric) }

func TestRapidLessThanIsTransitiveWithin2p31(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapidNum().Draw(t, "a")
		d1 := rapidNum().Draw(t, "b-a (clamped to [1, 2^31-2])")
		d2 := rapidNum().Draw(t, "c-b (clamped so c-a < 2^31)")
		if msg := propTransitive(a, d1, d2); msg != "" {
			t.Fatal(msg)
		}
	})
}

func TestRapidComparisonsAgreeWithLessThan(t *testing.T) { check2(t, propComparisonsAgree) }

func TestRapidAddAndSubAreInverse(t *testing.T) { check2(t, propAddSubInverse) }

func TestRapidDiffSignMatchesLessThan(t *testing.T) { check2(t, propDiffSign) }

func TestRapidSizeFromIsForwardDistance(t *testing.T) { check2(t, propSizeFrom) }

func TestRapidInWindowMatchesComparisons(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := rapidNum().Draw(t, "start")
		n := rapidNum().Draw(t, "size (clamped to [1, 2^31-1])")
		// x is start plus an offset anywhere, or just inside, on or just
		// past the window's end.
		size := clamp(n, 1, half-1)
		k := rapid.OneOf(rapidNum(), rapid.Uint32Range(size-1, size+1)).Draw(t, "x-start")
		if msg := propInWindow(start, k, n); msg != "" {
			t.Fatal(msg)
		}
	})
}

func TestRapidInRangeMatchesInWindow(t *testing.T) { check3(t, propInRange) }

func TestRapidMaxAndMinPickOperands(t *testing.T) { check2(t, propMaxMin) }

func TestRapidOrderingHoldsAcrossTheWrap(t *testing.T) { check2(t, propAcrossTheWrap) }

func TestRapidEveryOperationMatchesModelAndNeverPanics(t *testing.T) {
	check3(t, propAllOperationsMatchModel)
}
