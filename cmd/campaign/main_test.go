package main

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseTargets(t *testing.T) {
	all, err := ParseTargets("./fuzz:FuzzA ./capture:FuzzNewReader,\n\t./fuzz/:FuzzB", nil)
	want := []Target{{"./fuzz", "FuzzA"}, {"./capture", "FuzzNewReader"}, {"./fuzz", "FuzzB"}}
	if err != nil || !reflect.DeepEqual(all, want) {
		t.Fatalf("ParseTargets = %v, %v", all, err)
	}
	sub, err := ParseTargets("FuzzB ./x:FuzzC", all)
	if err != nil || !reflect.DeepEqual(sub, []Target{{"./fuzz", "FuzzB"}, {"./x", "FuzzC"}}) {
		t.Errorf("subset = %v, %v", sub, err)
	}
	for _, tc := range []struct{ list, msg string }{
		{"", "no targets"},
		{"./fuzz:FuzzA FuzzZ", `target 2 ("FuzzZ"): not pkg:FuzzName`},
		{"./fuzz:TestA", `target 1 ("./fuzz:TestA"): "TestA" is not a fuzz function name`},
		{"./fuzz:Fuzz.*", `is not a fuzz function name`},
		{"fuzz:FuzzA", `package "fuzz" is not a directory of this module written ./dir`},
		{"./...:FuzzA", `is not a directory of this module`},
		{"./../x:FuzzA", `is outside the module`},
	} {
		_, err := ParseTargets(tc.list, all)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ParseTargets(%q) error %v, want %q", tc.list, err, tc.msg)
		}
	}
}

func TestRunBadUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{}, "campaign: -targets: no targets\n"},
		{[]string{"-targets", "./fuzz:FuzzA", "-fuzztime", "soon"}, "campaign: -fuzztime \"soon\": want a positive duration (30s, 10m) or Nx\n"},
		{[]string{"-targets", "./fuzz:FuzzA", "-fuzztime", "0s"}, "campaign: -fuzztime \"0s\": want a positive duration (30s, 10m) or Nx\n"},
		{[]string{"-targets", "./fuzz:FuzzA", "-only", "FuzzB"}, "campaign: -only: target 1 (\"FuzzB\"): not pkg:FuzzName, and no target of that name in the full list\n"},
		{[]string{"-targets", "./fuzz:FuzzA", "-parallel", "0"}, "campaign: -parallel 0: want at least 1\n"},
		{[]string{"-targets", "./fuzz:FuzzA", "-minimize", "a while"}, "campaign: -minimize \"a while\": want a duration (0 for none, 10s) or Nx\n"},
		{[]string{"-targets", "./fuzz:FuzzA", "-minimize", "-1s"}, "campaign: -minimize \"-1s\": want a duration (0 for none, 10s) or Nx\n"},
		{[]string{"-targets", "./fuzz:FuzzA", "extra"}, "campaign: unexpected argument \"extra\"\n"},
	} {
		var stdout, stderr strings.Builder
		if code := run(context.Background(), tc.args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2", tc.args, code)
		}
		if stderr.String() != tc.msg {
			t.Errorf("%q: stderr %q, want %q", tc.args, stderr.String(), tc.msg)
		}
	}
}

func TestParseFlagsBudget(t *testing.T) {
	c, err := parseFlags([]string{"-targets", "./fuzz:FuzzA", "-fuzztime", "10s", "-grace", "1m"}, nil)
	if err != nil || c.budget != 70*time.Second {
		t.Errorf("budget %v, %v", c, err)
	}
	c, err = parseFlags([]string{"-targets", "./fuzz:FuzzA", "-fuzztime", "1000x", "-grace", "1m"}, nil)
	if err != nil || c.budget != time.Minute || c.fuzzTime != "1000x" {
		t.Errorf("budget %v, %v", c, err)
	}
}

// -minimize passes go test's minimizing budget through, 200 executions
// unless told otherwise.
func TestParseFlagsMinimize(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "200x"}, {[]string{"-minimize", "0"}, "0"}, {[]string{"-minimize", "30s"}, "30s"}, {[]string{"-minimize", "5000x"}, "5000x"},
	} {
		c, err := parseFlags(append([]string{"-targets", "./fuzz:FuzzA"}, tc.args...), nil)
		if err != nil || c.minimize != tc.want {
			t.Errorf("%q: minimize %q, %v; want %q", tc.args, c.minimize, err, tc.want)
		}
	}
	c := Campaign{FuzzTime: "10s", Parallel: 2, Minimize: "200x"}
	got := c.Args(Target{Pkg: "./fuzz", Name: "FuzzA"})
	want := []string{"test", "./fuzz", "-run=^$", "-fuzz=^FuzzA$", "-fuzztime=10s", "-parallel=2", "-fuzzminimizetime=200x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("args %q, want %q", got, want)
	}
}

func TestExecRunner(t *testing.T) {
	var lines []string
	exit, err := ExecRunner{}.Run(context.Background(), t.TempDir(), "sh", []string{"-c", "echo one; echo two >&2; exit 3"},
		func(s string) { lines = append(lines, s) })
	if err != nil || exit != 3 || !reflect.DeepEqual(lines, []string{"one", "two"}) {
		t.Errorf("exit %d, err %v, lines %q", exit, err, lines)
	}
	if _, err := (ExecRunner{}).Run(context.Background(), ".", "/nonexistent/cmd", nil, func(string) {}); err == nil {
		t.Error("no error for a command that does not exist")
	}
}

// TestExecRunnerStops checks that cancelling stops the whole process group:
// the shell and the sleep it started. A background job of a shell ignores
// SIGINT, so this also takes the SIGKILL path after KillAfter.
func TestExecRunnerStops(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	exit, err := ExecRunner{KillAfter: time.Second}.Run(ctx, t.TempDir(), "sh", []string{"-c", "sleep 30 & wait"}, func(string) {})
	if exit != -1 || err == nil {
		t.Errorf("exit %d, err %v", exit, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to stop", d)
	}
}

func TestModulePath(t *testing.T) {
	if m, err := modulePath("../../go.mod"); err != nil || m != "tcpcheck" {
		t.Errorf("modulePath = %q, %v", m, err)
	}
	if _, err := modulePath("testdata/ok.txt"); err == nil || !strings.Contains(err.Error(), "no module line") {
		t.Errorf("modulePath of a file without module line: %v", err)
	}
}
