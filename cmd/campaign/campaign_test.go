package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fakeRun is one canned command: the sample it prints, its exit code, and
// what it does besides (write a file, wait for cancellation).
type fakeRun struct {
	sample string
	lines  []string // printed after the sample
	exit   int
	block  bool           // wait until ctx is done
	do     func([]string) // side effect, given the arguments
}

// fakeRunner answers go test by the -fuzz pattern and go run by the command.
type fakeRunner struct {
	t     *testing.T
	runs  map[string]fakeRun
	calls [][]string
}

func (f *fakeRunner) Run(ctx context.Context, dir, name string, args []string, line func(string)) (int, error) {
	f.calls = append(f.calls, append([]string{name}, args...))
	key := args[1]
	for _, a := range args {
		if p, ok := strings.CutPrefix(a, "-fuzz="); ok {
			key = p
		}
	}
	r, ok := f.runs[key]
	if !ok {
		f.t.Fatalf("unexpected command %q", args)
	}
	if r.sample != "" {
		for _, l := range readSample(f.t, r.sample) {
			line(l)
		}
	}
	for _, l := range r.lines {
		line(l)
	}
	if r.do != nil {
		r.do(args)
	}
	if r.block {
		<-ctx.Done()
		return -1, ctx.Err()
	}
	return r.exit, nil
}

// fakeConverter writes a fixed script for every target but FuzzCodec.
type fakeConverter struct{ files []string }

func (c *fakeConverter) Script(target, file string) (string, bool, error) {
	c.files = append(c.files, file)
	if target == "FuzzCodec" {
		return "", false, nil
	}
	return "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", true, nil
}

func newCampaign(t *testing.T, fr *fakeRunner, root string, targets ...Target) (*Campaign, *strings.Builder) {
	out := &strings.Builder{}
	c := &Campaign{Targets: targets, FuzzTime: "10s", Budget: time.Minute, Parallel: 2, Go: "go", Root: root,
		Run: fr, Out: out,
		Findings: &findings{Root: root, Dir: "corpus/regressions", Go: "go", Run: fr, Convert: &fakeConverter{},
			ShrinkTime: time.Minute, Out: out}}
	return c, out
}

func TestCampaignStatuses(t *testing.T) {
	root := t.TempDir()
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{
		"^FuzzOpenWorld$": {sample: "openworld.txt"},
		"^FuzzCrash$":     {sample: "crash.txt", exit: 1},
		"^FuzzBad$":       {sample: "bad.txt", exit: 1},
		"^FuzzNope$":      {sample: "nope.txt"},
	}}
	c, out := newCampaign(t, fr, root,
		Target{"./fuzz", "FuzzOpenWorld"}, Target{"./crash", "FuzzCrash"}, Target{"./bad", "FuzzBad"}, Target{"./ok", "FuzzNope"})
	res := c.Execute(context.Background())
	var got []Status
	for _, r := range res {
		got = append(got, r.Status)
	}
	want := []Status{StatusOK, StatusFinding, StatusBuildFailed, StatusMissing}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("statuses %v, want %v\n%s", got, want, out)
	}
	wantArgs := []string{"go", "test", "./fuzz", "-run=^$", "-fuzz=^FuzzOpenWorld$", "-fuzztime=10s", "-parallel=2"}
	if !reflect.DeepEqual(fr.calls[0], wantArgs) {
		t.Errorf("command %q, want %q", fr.calls[0], wantArgs)
	}
	if code := exitCode(res); code != 2 {
		t.Errorf("exit code %d, want 2 (a missing target)", code)
	}
	if code := exitCode(res[:3]); code != 1 {
		t.Errorf("exit code %d, want 1 (a finding)", code)
	}
	text := out.String()
	for _, s := range []string{
		"== [1/4] ./fuzz FuzzOpenWorld (fuzztime 10s)",
		"  FuzzOpenWorld  elapsed 8s  execs 191928 (29733/s)  corpus 68  new 64",
		"  FuzzOpenWorld  elapsed 0s  baseline coverage 4/4, fuzzing with 2 workers",
		"   FuzzOpenWorld: ok: 191928 execs in 8s (23991/s), corpus 68 (64 new)",
		`        c_test.go:9: found "xy00"`,
		"    bad/b_test.go:6:40: undefined: undefinedThing",
		"go test found no fuzz target of that name in ./ok",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("output lacks %q:\n%s", s, text)
		}
	}
	if strings.Contains(text, "\033") || strings.Contains(text, "\r") {
		t.Errorf("control codes in output that is not a terminal:\n%q", text)
	}
}

func TestCampaignFindingConverted(t *testing.T) {
	root := t.TempDir()
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{"^FuzzCrash$": {sample: "crash.txt", exit: 1}}}
	c, out := newCampaign(t, fr, root, Target{"./crash", "FuzzCrash"})
	res := c.Execute(context.Background())
	if len(res[0].Findings) != 1 {
		t.Fatalf("findings %+v\n%s", res[0].Findings, out)
	}
	f := res[0].Findings[0]
	script := "corpus/regressions/FuzzCrash-4c7cc18493597f8c.pkt"
	want := Finding{
		Target: Target{"./crash", "FuzzCrash"}, Crasher: "crash/testdata/fuzz/FuzzCrash/4c7cc18493597f8c", Script: script,
		Notes: []string{"not shrunk: no cmd/shrink in this module", "converted, unshrunk, into " + script},
		Repro: []string{"go run ./cmd/tcpcheck run " + script, "go test ./crash -run=FuzzCrash/4c7cc18493597f8c"},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("finding\n got %+v\nwant %+v", f, want)
	}
	conv := c.Findings.(*findings).Convert.(*fakeConverter)
	if len(conv.files) != 1 || conv.files[0] != filepath.Join(root, "crash/testdata/fuzz/FuzzCrash/4c7cc18493597f8c") {
		t.Errorf("converter read %q", conv.files)
	}
	b, err := os.ReadFile(filepath.Join(root, script))
	if err != nil || !strings.HasPrefix(string(b), "0 socket(") {
		t.Errorf("script %q, %v", b, err)
	}
	var sum strings.Builder
	writeSummary(&sum, res)
	for _, s := range []string{
		"crash:FuzzCrash  FINDING",
		"FINDING ./crash:FuzzCrash crash/testdata/fuzz/FuzzCrash/4c7cc18493597f8c",
		"    go run ./cmd/tcpcheck run " + script,
		"    go test ./crash -run=FuzzCrash/4c7cc18493597f8c",
	} {
		if !strings.Contains(sum.String(), s) {
			t.Errorf("summary lacks %q:\n%s", s, sum.String())
		}
	}
}

func TestCampaignFindingShrunk(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "cmd", "shrink"), 0o755); err != nil {
		t.Fatal(err)
	}
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{
		"^FuzzPanic$": {sample: "panic.txt", exit: 1},
		"./cmd/shrink": {do: func(args []string) {
			want := []string{"run", "./cmd/shrink", "-q", "-o", "corpus/regressions/FuzzPanic-f4f49857cd651e00.pkt",
				"crash/testdata/fuzz/FuzzPanic/f4f49857cd651e00"}
			if !reflect.DeepEqual(args, want) {
				t.Errorf("shrink args %q, want %q", args, want)
			}
		}},
	}}
	c, _ := newCampaign(t, fr, root, Target{"./crash", "FuzzPanic"})
	res := c.Execute(context.Background())
	f := res[0].Findings[0]
	if !f.Shrunk || f.Script != "corpus/regressions/FuzzPanic-f4f49857cd651e00.pkt" || len(f.Repro) != 2 {
		t.Errorf("finding %+v", f)
	}
	if len(c.Findings.(*findings).Convert.(*fakeConverter).files) != 0 {
		t.Error("converted although cmd/shrink wrote the script")
	}
}

func TestCampaignFindingKept(t *testing.T) {
	root := t.TempDir()
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{"^FuzzCodec$": {sample: "crash.txt", exit: 1}}}
	c, _ := newCampaign(t, fr, root, Target{"./fuzz", "FuzzCodec"})
	f := c.Execute(context.Background())[0].Findings[0]
	if f.Script != "" || len(f.Repro) != 1 || !strings.Contains(f.Notes[1], "has no script form; the crasher stays at fuzz/testdata") {
		t.Errorf("finding %+v", f)
	}
}

func TestCampaignSeedFailure(t *testing.T) {
	root := t.TempDir()
	stored := filepath.Join(root, "crash/testdata/fuzz/FuzzCrash/4c7cc18493597f8c")
	if err := os.MkdirAll(filepath.Dir(stored), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stored, []byte("go test fuzz v1\n[]byte(\"xy00\")\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{"^FuzzCrash$": {sample: "seedfail.txt", exit: 1}}}
	c, _ := newCampaign(t, fr, root, Target{"./crash", "FuzzCrash"})
	res := c.Execute(context.Background())
	if res[0].Status != StatusFinding || len(res[0].Findings) != 1 ||
		res[0].Findings[0].Crasher != "crash/testdata/fuzz/FuzzCrash/4c7cc18493597f8c" {
		t.Errorf("result %+v", res[0])
	}
}

func TestCampaignTimeout(t *testing.T) {
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{
		"^FuzzSlow$":      {sample: "openworld.txt", block: true},
		"^FuzzOpenWorld$": {sample: "openworld.txt"},
	}}
	c, out := newCampaign(t, fr, t.TempDir(), Target{"./fuzz", "FuzzSlow"}, Target{"./fuzz", "FuzzOpenWorld"})
	c.Budget = 20 * time.Millisecond
	res := c.Execute(context.Background())
	if res[0].Status != StatusTimeout || res[1].Status != StatusOK {
		t.Fatalf("statuses %v %v\n%s", res[0].Status, res[1].Status, out)
	}
	if exitCode(res) != 1 {
		t.Errorf("exit code %d", exitCode(res))
	}
}

func TestCampaignInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{
		"^FuzzA$": {sample: "openworld.txt", block: true, do: func([]string) { cancel() }},
		"^FuzzB$": {sample: "openworld.txt"},
	}}
	c, _ := newCampaign(t, fr, t.TempDir(), Target{"./fuzz", "FuzzA"}, Target{"./fuzz", "FuzzB"})
	res := c.Execute(ctx)
	if res[0].Status != StatusInterrupted || res[1].Status != StatusNotRun || len(fr.calls) != 1 {
		t.Fatalf("statuses %v %v, %d calls", res[0].Status, res[1].Status, len(fr.calls))
	}
	if res[0].Outcome.Execs != 191928 {
		t.Errorf("progress before the interrupt lost: %+v", res[0].Outcome)
	}
	var sum strings.Builder
	writeSummary(&sum, res)
	if !strings.Contains(sum.String(), "fuzz:FuzzB  not run") || exitCode(res) != 130 {
		t.Errorf("exit %d, summary:\n%s", exitCode(res), sum.String())
	}
}

func TestProgressTerminal(t *testing.T) {
	fr := &fakeRunner{t: t, runs: map[string]fakeRun{"^FuzzOpenWorld$": {sample: "openworld.txt"}}}
	c, out := newCampaign(t, fr, t.TempDir(), Target{"./fuzz", "FuzzOpenWorld"})
	c.TTY = true
	c.Execute(context.Background())
	want := "\r\033[K  FuzzOpenWorld  elapsed 8s  execs 191928 (29733/s)  corpus 68  new 64\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("terminal output lacks %q:\n%q", want, out.String())
	}
}

func TestSummaryRatios(t *testing.T) {
	res := []Result{
		{Target: Target{"./fuzz", "FuzzEmpty"}, Outcome: Outcome{Execs: 1000, Elapsed: time.Second}},
		{Target: Target{"./fuzz", "FuzzOpenWorld"}, Outcome: Outcome{Execs: 250, Elapsed: time.Second}},
		{Target: Target{"./fuzz", "FuzzSkipped"}, Status: StatusNotRun},
	}
	var b strings.Builder
	writeSummary(&b, res)
	want := "execs/s as a share of FuzzEmpty's (1000/s): FuzzOpenWorld 0.25\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("summary lacks %q:\n%s", want, b.String())
	}
	b.Reset()
	writeSummary(&b, res[1:])
	if strings.Contains(b.String(), "share of FuzzEmpty") {
		t.Errorf("ratio printed without FuzzEmpty:\n%s", b.String())
	}
}
