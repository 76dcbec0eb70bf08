package sim

// eventKind says what a queued event does.
type eventKind uint8

const (
	evDeliver eventKind = iota + 1 // a segment in flight arrives (slot)
	evAction                       // an application action is due (node, action)
	evWake                         // the application reacts to what its endpoint reported (node)
)

// event is one entry of the queue.
type event struct {
	at   Time
	kind eventKind
	node int32
	arg  int32 // packet slot or action index
}

// queue holds the pending events sorted by time, h[head:] earliest first;
// events at the same time run in the order they were queued, which keeps
// runs deterministic. Most events are queued last (deliveries, later than
// what is pending) or first (wakes and actions, now), so a sorted slice
// with a movable head takes one or two comparisons per push and none per
// pop, where a heap takes a logarithmic number of each (the fuzzing build
// traces every comparison). It is reused across runs.
type queue struct {
	h    []event
	head int
}

func (q *queue) reset() { q.h, q.head = q.h[:0], 0 }

func (q *queue) len() int { return len(q.h) - q.head }

// push queues an event at its time, after the events queued before it at
// the same time.
func (q *queue) push(e event) {
	n := len(q.h)
	if n == q.head { // empty: start over at the front
		q.h, q.head = append(q.h[:0], e), 0
		return
	}
	if e.at >= q.h[n-1].at { // the latest: append
		if n == cap(q.h) {
			n = q.compact()
		}
		q.h = append(q.h, e)
		return
	}
	if e.at < q.h[q.head].at { // the earliest
		if q.head > 0 {
			q.head--
			q.h[q.head] = e
			return
		}
		q.h = append(q.h, event{})
		copy(q.h[1:], q.h[:n])
		q.h[0] = e
		return
	}
	// In between: after every event at or before e.at. h[n-1] is later
	// and h[head] is not, so the scan stops above head.
	i := n - 1
	for q.h[i-1].at > e.at {
		i--
	}
	if n == cap(q.h) {
		k := n
		n = q.compact()
		i -= k - n
	}
	q.h = append(q.h, event{})
	copy(q.h[i+1:], q.h[i:n])
	q.h[i] = e
}

// compact moves the pending events to the front of h, so that the space
// of those popped is reused before h grows; it returns len(h).
func (q *queue) compact() int {
	n := copy(q.h, q.h[q.head:])
	q.h, q.head = q.h[:n], 0
	return n
}

// top returns the earliest event's time; ok is false when empty.
func (q *queue) top() (at Time, ok bool) {
	if q.head == len(q.h) {
		return 0, false
	}
	return q.h[q.head].at, true
}

// pop removes and returns the earliest event; the queue is not empty.
func (q *queue) pop() event {
	e := q.h[q.head]
	q.head++
	if q.head == len(q.h) {
		q.h, q.head = q.h[:0], 0
	}
	return e
}
