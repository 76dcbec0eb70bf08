package shrink

// ddmin is Zeller and Hildebrandt's minimizing delta debugging
// ("Simplifying and Isolating Failure-Inducing Input", IEEE TSE 28(2),
// 2002): it returns a subsequence of items that still fails and is
// 1-minimal, removing any single item makes fails false, unless the budget
// ran out first.
//
// The input is split into n chunks, n starting at 2. If one chunk fails on
// its own, it becomes the input (n back to 2); else if the input without
// one chunk fails, that chunk goes (n down by one); else n doubles, up to
// one item per chunk, where a round without a reduction ends the search.
// Two refinements keep the number of calls down, neither changing the
// result's 1-minimality: the chunks are not tried alone when n is 2 (each is
// the other's complement), and after a complement succeeds the next round
// resumes at the chunk that followed the one removed, instead of
// re-trying those before it, which just passed. fails sees a scratch slice
// it must not keep.
func ddmin[T any](s *session, items []T, fails func([]T) bool) []T {
	c := append([]T(nil), items...)
	if len(c) == 0 || s.spent() {
		return c
	}
	if fails(c[:0]) {
		return c[:0]
	}
	buf := make([]T, 0, len(c))
	n, from := 2, 0
	for len(c) >= 2 && !s.spent() {
		n = min(n, len(c))
		if n > 2 {
			if i := failingChunk(c, n, buf, fails); i >= 0 {
				lo, hi := chunk(len(c), n, i)
				c = append(c[:0], c[lo:hi]...)
				n, from = 2, 0
				s.shrunk(len(c))
				continue
			}
		}
		if i := failingComplement(c, n, from, buf, fails); i >= 0 {
			lo, hi := chunk(len(c), n, i)
			c = append(c[:lo], c[hi:]...)
			n, from = max(n-1, 2), i
			s.shrunk(len(c))
			continue
		}
		if n == len(c) {
			break
		}
		n, from = min(2*n, len(c)), 0
	}
	return c
}

// chunk returns the bounds of chunk i of n over length items.
func chunk(length, n, i int) (lo, hi int) {
	return length * i / n, length * (i + 1) / n
}

// failingChunk returns the first chunk of c that fails alone, or -1.
func failingChunk[T any](c []T, n int, buf []T, fails func([]T) bool) int {
	for i := 0; i < n; i++ {
		lo, hi := chunk(len(c), n, i)
		if fails(append(buf[:0], c[lo:hi]...)) {
			return i
		}
	}
	return -1
}

// failingComplement returns the first chunk, from chunk from on and
// wrapping around, whose removal leaves c failing, or -1.
func failingComplement[T any](c []T, n, from int, buf []T, fails func([]T) bool) int {
	for k := 0; k < n; k++ {
		i := (from + k) % n
		lo, hi := chunk(len(c), n, i)
		if fails(append(append(buf[:0], c[:lo]...), c[hi:]...)) {
			return i
		}
	}
	return -1
}
