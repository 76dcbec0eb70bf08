package shrink

import (
	"errors"
	"os"
	"testing"
	"time"

	"tcpcheck/mutants"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

// oneMinimal checks that removing any single step of sc makes the failure
// go away.
func oneMinimal(t *testing.T, sc *properties.Scenario, want *Failure, opt Options) {
	t.Helper()
	for i := range sc.Steps {
		c := *sc
		c.Steps = append(append([]properties.Step(nil), sc.Steps[:i]...), sc.Steps[i+1:]...)
		if f := CheckScenario(&c, opt.Build); want.Same(&f) {
			t.Errorf("still fails without step %d (%+v): not 1-minimal", i, sc.Steps[i])
		}
	}
}

func TestScenarioResetShrinksToItsThreeCauses(t *testing.T) {
	sc := resetScenario(10_000)
	opt := Options{Build: mutants.RSTAnywhere.Build}
	if testing.Verbose() {
		opt.Progress = os.Stderr
	}
	res, err := Scenario(&sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d -> %d steps, %d calls (%d cached), %v", res.Failure.String(), res.Stats.Original,
		res.Stats.Minimal, res.Stats.Calls, res.Stats.CacheHits, res.Stats.Elapsed)
	if res.Failure.Kind != Violation || res.Failure.Monitor != "BlindResetResistance" {
		t.Fatalf("failure %s, want BlindResetResistance", res.Failure.String())
	}
	if n := len(res.Scenario.Steps); n > 3 {
		t.Errorf("%d steps left, want 3: %+v", n, res.Scenario.Steps)
	}
	oneMinimal(t, &res.Scenario, &res.Failure, opt)
	if len(sc.Steps) != 10_000 {
		t.Errorf("input changed: %d steps", len(sc.Steps))
	}
	if res.Stats.Elapsed > 2*time.Second {
		t.Errorf("took %v, more than 2 s", res.Stats.Elapsed)
	}
}

func TestScenarioReferenceEndpointDoesNotFail(t *testing.T) {
	sc := resetScenario(100)
	if _, err := Scenario(&sc, Options{}); !errors.Is(err, ErrNoFailure) {
		t.Fatalf("err %v, want ErrNoFailure", err)
	}
}

// BenchmarkShrink10000 shrinks the 10,000-stimulus reset scenario (three
// stimuli matter) against the broken endpoint: the whole shrink, passes
// included. It reports the predicate calls, the stimuli left and the
// segment lines ('<' and '>') of the repro's script.
func BenchmarkShrink10000(b *testing.B) {
	sc := resetScenario(10_000)
	var res *ScenarioResult
	for b.Loop() {
		var err error
		if res, err = Scenario(&sc, Options{Build: mutants.RSTAnywhere.Build}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Stats.Calls), "calls/op")
	b.ReportMetric(float64(len(res.Scenario.Steps)), "stimuli")
	r := ScenarioRepro(res, mutants.RSTAnywhere.Build, "bench")
	in, out := r.Trace.Segments()
	b.ReportMetric(float64(in+out), "segment-lines")
}

func TestScenarioIsDeterministic(t *testing.T) {
	sc := resetScenario(2000)
	opt := Options{Build: mutants.RSTAnywhere.Build}
	a, err := Scenario(&sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Scenario(&sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	if string(appendScenarioKey(nil, &a.Scenario)) != string(appendScenarioKey(nil, &b.Scenario)) {
		t.Errorf("two shrinks differ:\n%+v\n%+v", a.Scenario, b.Scenario)
	}
	if a.Stats.Calls != b.Stats.Calls {
		t.Errorf("calls %d, then %d", a.Stats.Calls, b.Stats.Calls)
	}
	ra, rb := ScenarioRepro(a, mutants.RSTAnywhere.Build, "x"), ScenarioRepro(b, mutants.RSTAnywhere.Build, "x")
	if ra.Script("f.pkt").String() != rb.Script("f.pkt").String() {
		t.Errorf("scripts differ")
	}
}

func TestScenarioBudget(t *testing.T) {
	sc := resetScenario(10_000)
	res, err := Scenario(&sc, Options{Build: mutants.RSTAnywhere.Build, MaxCalls: 20})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Stats.Exhausted || res.Stats.Calls > 20 {
		t.Errorf("stats %+v: want exhausted after at most 20 calls", res.Stats)
	}
	if f := CheckScenario(&res.Scenario, mutants.RSTAnywhere.Build); !f.Same(&res.Failure) {
		t.Errorf("the result cut short does not fail: %s", f.String())
	}
	if len(res.Scenario.Steps) >= len(sc.Steps) {
		t.Errorf("nothing removed in 20 calls: %d steps", len(res.Scenario.Steps))
	}
	res, err = Scenario(&sc, Options{Build: mutants.RSTAnywhere.Build, Timeout: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Stats.Exhausted || res.Stats.Calls > 1 {
		t.Errorf("stats %+v: want exhausted at once", res.Stats)
	}
}

// A predicate call (a scenario run) allocates nothing once the world has
// run once: the shrinker's cost is the endpoint's.
func TestScenarioRunAllocatesNothing(t *testing.T) {
	sc := resetScenario(300)
	w := newWorld(mutants.RSTAnywhere.Build)
	w.run(&sc)
	if n := testing.AllocsPerRun(20, func() { w.run(&sc) }); n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
	// The predicate around it: hashing the candidate and asking the
	// cache costs nothing either once the answer is known.
	w.s, w.want = newSession(Options{}, len(sc.Steps)), w.run(&sc)
	w.fails(&sc, sc.Steps)
	if n := testing.AllocsPerRun(20, func() { w.fails(&sc, sc.Steps) }); n != 0 {
		t.Errorf("%v allocations per cached predicate call, want 0", n)
	}
}

// urgScenario puts a FIN with URG in ESTABLISHED among harmless steps.
func urgScenario() properties.Scenario {
	sc := resetScenario(200)
	for i := range sc.Steps {
		if st := &sc.Steps[i]; st.Kind == properties.StepSegment && st.Flags.Has(segment.RST) && st.Flags.Has(segment.ACK) {
			*st = segStep(segment.FIN|segment.URG|segment.ACK|segment.PSH, atRcvNxt, atSndNxt, 10)
		}
	}
	return sc
}

func TestScenarioKeepsThePanicSite(t *testing.T) {
	sc := urgScenario()
	opt := Options{Build: mutants.URGPanic.Build}
	want := CheckScenario(&sc, mutants.URGPanic.Build)
	if want.Kind != Panic || len(want.Frames) == 0 || want.Frames[0] != "tcpcheck/mutants.crash" {
		t.Fatalf("failure %+v, want a panic in crash", want)
	}
	res, err := Scenario(&sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d -> %d steps: %+v", res.Failure.String(), res.Stats.Original, res.Stats.Minimal, res.Scenario.Steps)
	if !res.Failure.Same(&want) {
		t.Fatalf("shrunk to %s, want %s", res.Failure.String(), want.String())
	}
	if n := len(res.Scenario.Steps); n != 3 {
		t.Errorf("%d steps, want 3 (SYN, ACK, FIN+URG)", n)
	}
	last := res.Scenario.Steps[len(res.Scenario.Steps)-1]
	if !last.Flags.Has(segment.FIN|segment.URG) || last.Flags.HasAny(segment.PSH) || last.Len != 0 {
		t.Errorf("last step %+v: want FIN and URG kept, PSH and the payload gone", last)
	}
	oneMinimal(t, &res.Scenario, &res.Failure, opt)
}

// An open-world fuzz crasher (properties.AppendScenario's bytes, as
// FuzzOpenWorld reads them) of a broken endpoint shrinks through its
// scenario.
func TestOpenWorldCrasher(t *testing.T) {
	sc := resetScenario(properties.MaxSteps)
	data := properties.AppendScenario(nil, &sc)
	var dec properties.Scenario
	properties.DecodeScenario(data, &dec)
	res, err := Scenario(&dec, Options{Build: mutants.RSTAnywhere.Build})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failure.Monitor != "BlindResetResistance" || len(res.Scenario.Steps) != 3 {
		t.Fatalf("%s, %d steps", res.Failure.String(), len(res.Scenario.Steps))
	}
	oneMinimal(t, &res.Scenario, &res.Failure, Options{Build: mutants.RSTAnywhere.Build})
}
