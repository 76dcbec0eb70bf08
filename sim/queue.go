package sim

// eventKind says what a queued event does.
type eventKind uint8

const (
	evDeliver eventKind = iota + 1 // a segment in flight arrives (slot)
	evAction                       // an application action is due (node, action)
	evWake                         // the application reacts to what its endpoint reported (node)
)

// event is one entry of the queue. Events at the same time run in the
// order they were queued (seq), which keeps runs deterministic.
type event struct {
	at   Time
	seq  uint64
	kind eventKind
	node int32
	arg  int32 // packet slot or action index
}

// queue is a binary min-heap of events by (at, seq), reused across runs.
type queue struct {
	h    []event
	next uint64
}

func (q *queue) reset() { q.h, q.next = q.h[:0], 0 }

func (q *queue) len() int { return len(q.h) }

func (q *queue) less(i, j int) bool {
	a, b := &q.h[i], &q.h[j]
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

// push queues an event at its time.
func (q *queue) push(e event) {
	e.seq = q.next
	q.next++
	q.h = append(q.h, e)
	for i := len(q.h) - 1; i > 0; {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.h[i], q.h[p] = q.h[p], q.h[i]
		i = p
	}
}

// top returns the earliest event's time; ok is false when empty.
func (q *queue) top() (at Time, ok bool) {
	if len(q.h) == 0 {
		return 0, false
	}
	return q.h[0].at, true
}

// pop removes and returns the earliest event.
func (q *queue) pop() event {
	e := q.h[0]
	last := len(q.h) - 1
	q.h[0] = q.h[last]
	q.h = q.h[:last]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < last && q.less(l, m) {
			m = l
		}
		if l+1 < last && q.less(l+1, m) {
			m = l + 1
		}
		if m == i {
			break
		}
		q.h[i], q.h[m] = q.h[m], q.h[i]
		i = m
	}
	return e
}
