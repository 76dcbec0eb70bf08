package sim

import (
	"slices"
	"testing"
)

// TestQueueOrder checks the queue against a plain sort by (time, order
// queued) over random pushes and pops, with many equal times.
func TestQueueOrder(t *testing.T) {
	var r Rand
	for round := range 200 {
		var q queue
		q.h = make([]event, 0, 4)
		type ref struct {
			at  Time
			seq int32
		}
		var want []ref
		next := int32(0)
		now := Time(0)
		for range 300 {
			if r.Below(3) > 0 || q.len() == 0 {
				at := now + Time(r.Below(uint64(1+round%7)))
				q.push(event{at: at, arg: next})
				want = append(want, ref{at, next})
				next++
				continue
			}
			slices.SortStableFunc(want, func(a, b ref) int {
				if a.at != b.at {
					return int(a.at - b.at)
				}
				return int(a.seq - b.seq)
			})
			at, ok := q.top()
			e := q.pop()
			if !ok || at != want[0].at || e.at != want[0].at || e.arg != want[0].seq {
				t.Fatalf("round %d: popped (%d, %d), top %d %v; want (%d, %d)", round, e.at, e.arg, at, ok, want[0].at, want[0].seq)
			}
			now, want = e.at, want[1:]
		}
		if q.len() != len(want) {
			t.Fatalf("round %d: len %d, want %d", round, q.len(), len(want))
		}
	}
}
