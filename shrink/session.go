package shrink

import (
	"fmt"
	"hash/maphash"
	"io"
	"time"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// Options bound and report a shrink. The zero value shrinks without bounds,
// silently, against the reference endpoint.
type Options struct {
	// MaxCalls bounds the predicate calls (runs of a candidate); 0 means
	// no bound. Answers from the cache do not count.
	MaxCalls int
	// Timeout bounds the wall-clock time; 0 means no bound. A shrink cut
	// short returns the smallest failing input found so far, with
	// Stats.Exhausted set; only then may the output depend on the machine.
	Timeout time.Duration
	// Progress, when set, receives progress lines: the pass, the current
	// length, the predicate calls and the time elapsed; at the start, at
	// most ten times a second while passes start and the input gets
	// smaller, and at the end.
	Progress io.Writer
	// Build makes the endpoint under test from its configuration (see
	// properties.OpenWorld.Build); nil means the reference endpoint.
	Build func(fsm.Config) observe.Endpoint
}

// Stats are the numbers of a shrink.
type Stats struct {
	Original, Minimal int // length of the input and of the result, in stimuli (or bytes)
	Calls             int // predicate calls made
	CacheHits         int // candidates answered from the cache
	Elapsed           time.Duration
	Exhausted         bool // the budget ran out before a fixpoint
}

// session is one shrink's budget, cache and progress report.
type session struct {
	opt      Options
	start    time.Time
	deadline time.Time
	stats    Stats
	pass     string
	length   int
	reported time.Time
	cache    map[uint64]bool // candidate hash: fails the same way
	seed     maphash.Seed
}

func newSession(opt Options, length int) *session {
	s := &session{opt: opt, start: time.Now(), cache: make(map[uint64]bool), seed: maphash.MakeSeed()}
	if opt.Timeout > 0 {
		s.deadline = s.start.Add(opt.Timeout)
	}
	s.stats.Original, s.length = length, length
	return s
}

// spent reports whether the budget is used up; it latches.
func (s *session) spent() bool {
	if s.stats.Exhausted {
		return true
	}
	if s.opt.MaxCalls > 0 && s.stats.Calls >= s.opt.MaxCalls ||
		!s.deadline.IsZero() && !time.Now().Before(s.deadline) {
		s.stats.Exhausted = true
	}
	return s.stats.Exhausted
}

// cached runs test on a candidate whose content hashes to h, unless the
// answer is known or the budget is spent (then the candidate counts as not
// failing, so nothing more is removed).
func (s *session) cached(h uint64, test func() bool) bool {
	if v, ok := s.cache[h]; ok {
		s.stats.CacheHits++
		return v
	}
	if s.spent() {
		return false
	}
	s.stats.Calls++
	v := test()
	s.cache[h] = v
	return v
}

// begin starts a pass.
func (s *session) begin(pass string, length int) {
	s.pass, s.length = pass, length
	s.report(s.reported.IsZero())
}

// shrunk records the current length after a reduction.
func (s *session) shrunk(length int) {
	s.length = length
	s.report(false)
}

func (s *session) report(force bool) {
	if s.opt.Progress == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(s.reported) < 100*time.Millisecond {
		return
	}
	s.reported = now
	fmt.Fprintf(s.opt.Progress, "shrink: %-10s length %6d  calls %6d  %7.3f s\n",
		s.pass, s.length, s.stats.Calls, now.Sub(s.start).Seconds())
}

// finish closes the stats.
func (s *session) finish(length int) Stats {
	s.stats.Minimal = length
	s.stats.Elapsed = time.Since(s.start)
	s.pass, s.length = "done", length
	s.report(true)
	return s.stats
}

// hash is the cache key of a candidate's encoding b: 64 bits, so a
// collision (two candidates taken for one) is negligible.
func (s *session) hash(b []byte) uint64 { return maphash.Bytes(s.seed, b) }
