package properties

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/commands"
	"github.com/leanovate/gopter/gen"
	"pgregory.net/rapid"

	"tcpcheck/fsm"
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
	msg := ""
	if res.Error != nil {
		msg = res.Error.Error()
	}
	for _, a := range res.Args {
		msg += fmt.Sprintf("\n%v", a.Arg)
	}
	return res, msg
}

// TestMutantsCaught shows that the model-based tests, with both engines,
// catch each deliberately broken endpoint, and which monitor (or the model)
// catches it.
func TestMutantsCaught(t *testing.T) {
	for _, m := range mutants {
		t.Run(m.name, func(t *testing.T) {
			start := time.Now()
			report := rapidFinds(t, m.build)
			if report == "" {
				t.Fatalf("rapid did not catch %q", m.name)
			}
			t.Logf("rapid, %v: %s", time.Since(start).Round(time.Millisecond), firstLines(report, 60))
			start = time.Now()
			res, msg := gopterFinds(m.build, 2000)
			if msg == "" {
				t.Fatalf("gopter did not catch %q in %d tests", m.name, res.Succeeded)
			}
			t.Logf("gopter, after %d passing tests, %v: %s", res.Succeeded, time.Since(start).Round(time.Millisecond), firstLines(msg, 12))
		})
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}
