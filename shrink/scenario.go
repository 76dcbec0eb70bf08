package shrink

import (
	"encoding/binary"
	"errors"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
)

// ErrNoFailure is returned when the input given to shrink does not fail.
var ErrNoFailure = errors.New("the input does not fail")

// maxRounds bounds the rounds of removal and simplification; each round
// that changes nothing ends the search earlier.
const maxRounds = 32

// ScenarioResult is a shrunk open-world scenario.
type ScenarioResult struct {
	Scenario properties.Scenario // the smallest failing scenario found
	Failure  Failure             // how it fails (the same failure as the input)
	Stats    Stats
}

// world runs open-world scenarios as the shrinker's predicate: one
// OpenWorld reused for every call, so that a call allocates nothing but
// the cache entry.
type world struct {
	ow   properties.OpenWorld
	sc   properties.Scenario
	key  []byte
	want Failure
	s    *session
}

func newWorld(build func(fsm.Config) observe.Endpoint) *world {
	return &world{ow: properties.OpenWorld{Build: build}}
}

// run plays sc and returns its failure (Kind NoFailure when none).
func (w *world) run(sc *properties.Scenario) (f Failure) {
	defer func() {
		if r := recover(); r != nil {
			f = panicFailure(r)
		}
	}()
	if v := w.ow.Run(sc); v != nil {
		return fromViolation(v)
	}
	return Failure{}
}

// fails is the predicate: the scenario with header h and these steps
// fails as the input did. Answers are cached by content.
func (w *world) fails(h *properties.Scenario, steps []properties.Step) bool {
	w.sc = *h
	w.sc.Steps = steps
	w.key = appendScenarioKey(w.key[:0], &w.sc)
	return w.s.cached(w.s.hash(w.key), func() bool {
		f := w.run(&w.sc)
		return w.want.Same(&f)
	})
}

// CheckScenario runs sc against the endpoint build makes (nil: the
// reference endpoint) with every monitor and returns how it fails, Kind
// NoFailure when it does not.
func CheckScenario(sc *properties.Scenario, build func(fsm.Config) observe.Endpoint) Failure {
	f := newWorld(build).run(sc)
	f.withMessage()
	return f
}

// Scenario shrinks an open-world scenario that fails (a monitor violation
// or a panic) to a smaller one that fails the same way. It returns
// ErrNoFailure when sc does not fail. sc is not changed.
func Scenario(sc *properties.Scenario, opt Options) (*ScenarioResult, error) {
	w := newWorld(opt.Build)
	w.want = w.run(sc)
	if w.want.Kind == NoFailure {
		return nil, ErrNoFailure
	}
	w.s = newSession(opt, len(sc.Steps))
	cur := *sc
	cur.Steps = append([]properties.Step(nil), sc.Steps...)
	w.s.begin("prefix", len(cur.Steps))
	cur.Steps = cur.Steps[:failingPrefix(w, &cur)]
	w.s.shrunk(len(cur.Steps))
	for round := 0; round < maxRounds && !w.s.spent(); round++ {
		before := appendScenarioKey(nil, &cur)
		w.s.begin("ddmin", len(cur.Steps))
		cur.Steps = ddmin(w.s, cur.Steps, func(st []properties.Step) bool { return w.fails(&cur, st) })
		simplify(w, &cur)
		if string(before) == string(appendScenarioKey(nil, &cur)) {
			break
		}
	}
	res := &ScenarioResult{Scenario: cur}
	res.Failure = w.run(&cur)
	res.Failure.withMessage()
	res.Stats = w.s.finish(len(cur.Steps))
	return res, nil
}

// failingPrefix guesses, from the time of the violation, how many steps
// the run took before it stopped there: a segment or a call comes 1 ms
// after the step before it, a wait lasts its time (properties.OpenWorld's
// clock). A guess is kept only if that prefix fails the same way; steps
// after the failure never run, so this saves ddmin cutting them off.
func failingPrefix(w *world, sc *properties.Scenario) int {
	if w.want.Kind != Violation {
		return len(sc.Steps)
	}
	var now fsm.Time
	for i := range sc.Steps {
		if st := &sc.Steps[i]; st.Kind == properties.StepWait {
			now += st.Wait
		} else {
			now += fsm.Millisecond
		}
		if now >= fsm.Time(w.want.Event.Time) {
			if i+1 < len(sc.Steps) && w.fails(sc, sc.Steps[:i+1]) {
				return i + 1
			}
			break
		}
	}
	return len(sc.Steps)
}

// appendScenarioKey appends an exact encoding of sc, the cache key (the
// fuzz encoding, properties.AppendScenario, rounds lengths and waits).
func appendScenarioKey(b []byte, sc *properties.Scenario) []byte {
	var mode byte
	if sc.Passive {
		mode |= 1
	}
	if sc.Legacy {
		mode |= 2
	}
	b = binary.LittleEndian.AppendUint32(b, sc.ISN)
	b = binary.LittleEndian.AppendUint32(b, sc.PeerISN)
	b = append(b, mode)
	for i := range sc.Steps {
		st := &sc.Steps[i]
		b = append(b, byte(st.Kind), byte(st.Seq.Anchor), byte(st.Ack.Anchor), st.Opts, st.WScale, byte(st.Op))
		b = binary.LittleEndian.AppendUint16(b, uint16(st.Flags))
		b = binary.LittleEndian.AppendUint32(b, uint32(st.Seq.Delta))
		b = binary.LittleEndian.AppendUint32(b, uint32(st.Ack.Delta))
		b = binary.LittleEndian.AppendUint16(b, st.Window)
		b = binary.LittleEndian.AppendUint16(b, st.Len)
		b = binary.LittleEndian.AppendUint16(b, st.N)
		b = binary.LittleEndian.AppendUint64(b, uint64(st.Wait))
	}
	return b
}
