package properties

import (
	"math/rand/v2"
	"testing"

	"tcpcheck/seq"
)

// leq is LessThanEq, around the circle and at the 2^31 edge included.
func TestLeqIsLessThanEq(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	edges := []uint32{0, 1, 2, 1<<31 - 2, 1<<31 - 1, 1 << 31, 1<<31 + 1, 1<<32 - 2, 1<<32 - 1}
	for range 200000 {
		a := seq.Num(r.Uint32())
		d := edges[r.IntN(len(edges))]
		if r.IntN(2) == 0 {
			d = r.Uint32()
		}
		for _, b := range []seq.Num{a + seq.Num(d), a - seq.Num(d)} {
			if leq(a, b) != a.LessThanEq(b) {
				t.Fatalf("leq(%d, %d) = %v, LessThanEq %v", a, b, leq(a, b), a.LessThanEq(b))
			}
			if leq(b, a) != a.GreaterThanEq(b) {
				t.Fatalf("leq(%d, %d) = %v, GreaterThanEq %v", b, a, leq(b, a), a.GreaterThanEq(b))
			}
		}
	}
}
