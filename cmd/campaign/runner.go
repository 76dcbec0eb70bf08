package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os/exec"
	"syscall"
	"time"
)

// Runner runs a command to completion in dir and hands each line of its
// combined output to line as it comes. When ctx is done the command is
// stopped (interrupted, then killed). exit is the command's exit code, -1
// when it was stopped or did not start (err then says why).
type Runner interface {
	Run(ctx context.Context, dir, name string, args []string, line func(string)) (exit int, err error)
}

// ExecRunner runs real commands, each in its own process group so that
// stopping go test also stops the test binary and its fuzzing workers.
type ExecRunner struct {
	// KillAfter is how long an interrupted command has to exit before it
	// is killed; default 10 s (go test saves its state on an interrupt).
	KillAfter time.Duration
}

// Run implements Runner.
func (r ExecRunner) Run(ctx context.Context, dir, name string, args []string, line func(string)) (int, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		return -1, err
	}
	done := make(chan struct{})
	go r.stopOnCancel(ctx, cmd.Process.Pid, done)
	read := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			line(sc.Text())
		}
		_, _ = io.Copy(io.Discard, pr) // a line too long: keep draining
		close(read)
	}()
	err := cmd.Wait()
	close(done)
	_ = pw.Close()
	<-read
	if ctx.Err() != nil {
		return -1, ctx.Err()
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode(), nil
	}
	if err != nil {
		return -1, err
	}
	return 0, nil
}

// stopOnCancel sends SIGINT to the command's process group when ctx is
// done, and SIGKILL if it is still running KillAfter later.
func (r ExecRunner) stopOnCancel(ctx context.Context, pgid int, done <-chan struct{}) {
	select {
	case <-done:
		return
	case <-ctx.Done():
	}
	_ = syscall.Kill(-pgid, syscall.SIGINT)
	wait := r.KillAfter
	if wait <= 0 {
		wait = 10 * time.Second
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
}
