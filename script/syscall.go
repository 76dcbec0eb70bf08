package script

import "strconv"

// Syscall is a system call line: "connect(3, ..., ...) = -1 EINPROGRESS
// (Operation now in progress)". Args are kept as written, trimmed.
type Syscall struct {
	Name   string
	Args   []Arg
	Result Result
}

// Arg is one system call argument as written: "3", "...", "[1]",
// "{sa_family=AF_INET}", "O_RDWR | O_NONBLOCK".
type Arg string

// DontCare reports whether a is "...", which matches anything.
func (a Arg) DontCare() bool { return a == "..." }

// Structured reports whether a is a bracketed value: "[...]" or "{...}".
func (a Arg) Structured() bool {
	return len(a) >= 2 && (a[0] == '[' && a[len(a)-1] == ']' || a[0] == '{' && a[len(a)-1] == '}')
}

// Result is what a system call returns: "= 0", "= 0x2 (flags O_RDWR)",
// "= -1 EINPROGRESS (Operation now in progress)". Value is the integer as
// written (decimal or 0x hex, possibly negative); Errno and Note are empty
// when absent.
type Result struct {
	Value string
	Errno string
	Note  string
}

// Int returns the result's value.
func (r Result) Int() (int64, bool) {
	v, err := strconv.ParseInt(r.Value, 0, 64)
	return v, err == nil
}
