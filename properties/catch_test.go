package properties

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/commands"
	"github.com/leanovate/gopter/gen"
	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/mutants"
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// failureTB is a rapid.TB that records a failure instead of failing the
// test, so that a test can assert that rapid finds a bug.
type failureTB struct {
	testing.TB
	msg    strings.Builder
	failed bool
}

type stopRun struct{}

func (f *failureTB) Errorf(format string, args ...any) {
	f.failed = true
	fmt.Fprintf(&f.msg, format, args...)
}
func (f *failureTB) Error(args ...any)                 { f.failed = true; fmt.Fprint(&f.msg, args...) }
func (f *failureTB) Fatalf(format string, args ...any) { f.Errorf(format, args...); panic(stopRun{}) }
func (f *failureTB) Fatal(args ...any)                 { f.Error(args...); panic(stopRun{}) }
func (f *failureTB) FailNow()                          { f.failed = true; panic(stopRun{}) }
func (f *failureTB) Fail()                             { f.failed = true }
func (f *failureTB) Failed() bool                      { return f.failed }
func (f *failureTB) Logf(string, ...any)               {}
func (f *failureTB) Log(...any)                        {}

// rapidFinds runs the model-based property over build's endpoint and returns
// rapid's report, or "" when rapid found nothing.
func rapidFinds(t *testing.T, build func(fsm.Config) observe.Endpoint) string {
	tb := &failureTB{TB: t}
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(stopRun); !ok {
					panic(r)
				}
			}
		}()
		rapid.Check(tb, func(rt *rapid.T) {
			run := NewModelRunWith(build, modelConfig(isnGen().Draw(rt, "isn"), false), seq.Num(isnGen().Draw(rt, "peerISN")))
			actions := map[string]func(*rapid.T){}
			for s := Stimulus(0); s < NumStimuli; s++ {
				actions[s.String()] = func(rt *rapid.T) {
					if !run.Applicable(s) {
						rt.Skip("not applicable")
					}
					if err := run.Step(s); err != nil {
						rt.Fatalf("%v\n%s", err, strings.Join(run.Log(), "\n"))
					}
				}
			}
			rt.Repeat(actions)
		})
	}()
	if !tb.failed {
		return ""
	}
	return tb.msg.String()
}

// gopterFinds is rapidFinds with gopter's commands package.
func gopterFinds(build func(fsm.Config) observe.Endpoint, tests int) (*gopter.TestResult, string) {
	cmds := &commands.ProtoCommands{
		NewSystemUnderTestFunc: func(st commands.State) commands.SystemUnderTest {
			s := st.(modelStart)
			return NewModelRunWith(build, modelConfig(s.isn, false), seq.Num(s.peerISN))
		},
		InitialStateGen: gopter.CombineGens(gopterISN(), gopterISN()).Map(func(v []any) modelStart {
			return modelStart{v[0].(uint32), v[1].(uint32)}
		}),
		GenCommandFunc: func(commands.State) gopter.Gen {
			return gen.IntRange(0, int(NumStimuli)-1).Map(func(i int) stimulusCommand {
				return stimulusCommand{s: Stimulus(i), cov: new(modelCoverage)}
			})
		},
	}
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = tests
	params.MaxSize = 60
	res := commands.Prop(cmds).Check(params)
	if res.Passed() {
		return res, ""
	}
	msg := strings.Join(res.Labels, "\n")
	if res.Error != nil {
		msg = res.Error.Error() + "\n" + msg
	}
	for _, a := range res.Args {
		msg += fmt.Sprintf("\n%v", a.Arg)
	}
	return res, msg
}

// caught is one engine's verdict on a broken endpoint: the failure, the
// cases it took and the minimal case after shrinking.
type caught struct {
	cases   int // cases that passed before the failing one
	elapsed time.Duration
	report  string // the violation, then the shrunk case
}

// catcher names what flagged a failure: the monitor whose name starts the
// message, or "model" when the endpoint's state disagreed with the
// abstract RFC 9293 table.
func (c caught) catcher() string {
	msg := c.report
	if i := strings.Index(msg, "tests: "); i >= 0 {
		msg = msg[i+len("tests: "):] // rapid's "[rapid] failed after N tests: "
	}
	name, _, ok := strings.Cut(msg, ":")
	if !ok {
		return ""
	}
	for _, n := range Names() {
		if n == name {
			return n
		}
	}
	return "model"
}

// monitorMutants are the mutants of package mutants whose bug a monitor of
// this package owns (the others crash, or break a simulator property).
func monitorMutants(t *testing.T) []mutants.Mutant {
	var ms []mutants.Mutant
	for _, m := range mutants.All() {
		if ByName(m.CaughtBy) != nil {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		t.Fatal("no mutant is caught by a monitor")
	}
	return ms
}

// TestMutantsCaught shows that the model-based tests, with both engines,
// catch each deliberately broken endpoint with the monitor that owns the
// broken rule, and logs how many cases each engine needed and its shrunk
// case (go test -v -run TestMutantsCaught ./properties).
func TestMutantsCaught(t *testing.T) {
	defer setFlag(t, "rapid.nofailfile", "true")() // a stale fail file would replay instead of searching
	defer atLeastRapidChecks(t, 5000)()            // an upper bound: rapid stops at the first failure
	for _, m := range monitorMutants(t) {
		t.Run(m.Name, func(t *testing.T) {
			r := rapidCatch(t, m.Build)
			if got := r.catcher(); got != m.CaughtBy {
				t.Fatalf("rapid: caught by %q, want %q:\n%s", got, m.CaughtBy, firstLines(r.report, 40))
			}
			t.Logf("rapid: %s after %d passing cases, %v; shrunk case:\n%s", m.CaughtBy, r.cases, r.elapsed.Round(time.Millisecond), firstLines(r.report, 40))
			g := gopterCatch(t, m.Build, 3000)
			if got := g.catcher(); got != m.CaughtBy {
				t.Fatalf("gopter: caught by %q, want %q:\n%s", got, m.CaughtBy, firstLines(g.report, 40))
			}
			t.Logf("gopter: %s after %d passing cases, %v; shrunk case: %s", m.CaughtBy, g.cases, g.elapsed.Round(time.Millisecond), lastLine(g.report))
		})
	}
}

// rapidCatch runs rapidFinds and fails the test when rapid finds nothing.
func rapidCatch(t *testing.T, build func(fsm.Config) observe.Endpoint) caught {
	start := time.Now()
	report := rapidFinds(t, build)
	if report == "" {
		t.Fatal("rapid did not catch it")
	}
	c := caught{elapsed: time.Since(start), report: report}
	fmt.Sscanf(report, "[rapid] failed after %d tests", &c.cases)
	return c
}

// gopterCatch runs gopterFinds and fails the test when gopter finds nothing
// in tests cases.
func gopterCatch(t *testing.T, build func(fsm.Config) observe.Endpoint, tests int) caught {
	start := time.Now()
	res, msg := gopterFinds(build, tests)
	if msg == "" {
		t.Fatalf("gopter did not catch it in %d cases", res.Succeeded)
	}
	return caught{cases: res.Succeeded, elapsed: time.Since(start), report: msg}
}

// setFlag sets a command-line flag for one test and returns the restore.
func setFlag(t *testing.T, name, value string) func() {
	f := flag.Lookup(name)
	if f == nil {
		t.Fatalf("no flag %q", name)
	}
	old := f.Value.String()
	if err := flag.Set(name, value); err != nil {
		t.Fatal(err)
	}
	return func() { flag.Set(name, old) }
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}
