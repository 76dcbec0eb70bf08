package runner

import (
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"tcpcheck/fsm"
	"tcpcheck/script"
	"tcpcheck/sock"
)

// constants are the symbolic argument values the runner understands.
var constants = map[string]int{
	"AF_INET": sock.AF_INET, "AF_INET6": sock.AF_INET6, "PF_INET": sock.AF_INET, "PF_INET6": sock.AF_INET6,
	"SOCK_STREAM": sock.SOCK_STREAM, "SOCK_NONBLOCK": sock.SOCK_NONBLOCK, "IPPROTO_TCP": sock.IPPROTO_TCP,
	"SHUT_RD": sock.SHUT_RD, "SHUT_WR": sock.SHUT_WR, "SHUT_RDWR": sock.SHUT_RDWR,
	"F_GETFL": sock.F_GETFL, "F_SETFL": sock.F_SETFL, "O_RDWR": sock.O_RDWR, "O_NONBLOCK": sock.O_NONBLOCK,
	"MSG_DONTWAIT": sock.MSG_DONTWAIT, "SOL_SOCKET": sock.SOL_SOCKET,
	"SO_REUSEADDR": sock.SO_REUSEADDR, "SO_ERROR": sock.SO_ERROR, "SO_SNDBUF": sock.SO_SNDBUF,
	"SO_RCVBUF": sock.SO_RCVBUF, "SO_KEEPALIVE": sock.SO_KEEPALIVE, "SO_LINGER": sock.SO_LINGER,
	"SO_REUSEPORT": sock.SO_REUSEPORT, "TCP_NODELAY": sock.TCP_NODELAY, "TCP_MAXSEG": sock.TCP_MAXSEG, "TCP_NOOPT": sock.TCP_NOOPT,
	"TCP_KEEPIDLE": sock.TCP_KEEPIDLE, "TCP_KEEPINTVL": sock.TCP_KEEPINTVL, "TCP_KEEPCNT": sock.TCP_KEEPCNT,
	"TCP_KEEPINIT": sock.TCP_KEEPINIT,
}

// intArg evaluates an argument: a number, "[n]", a constant, an errno
// name, or constants joined by '|'. ok is false for anything else.
func intArg(a script.Arg) (int, bool) {
	s := strings.TrimSpace(string(a))
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	v := 0
	for _, part := range strings.Split(s, "|") {
		part = strings.TrimSpace(part)
		if n, err := strconv.ParseInt(part, 0, 64); err == nil {
			v |= int(n)
		} else if c, ok := constants[part]; ok {
			v |= c
		} else if e, ok := sock.ErrnoByName(part); ok {
			v |= int(e)
		} else {
			return 0, false
		}
	}
	return v, true
}

// structInts returns the integers of "{l_onoff=1, l_linger=0}" or "[1]".
func structInts(a script.Arg) ([]int, bool) {
	s := string(a)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		v, ok := intArg(a)
		return []int{v}, ok
	}
	var out []int
	for _, f := range strings.Split(s[1:len(s)-1], ",") {
		_, val, _ := strings.Cut(f, "=")
		n, ok := intArg(script.Arg(val))
		if !ok {
			return nil, false
		}
		out = append(out, n)
	}
	return out, len(out) > 0
}

// syscall runs one system call line started at start.
func (r *run) syscall(l *script.Line, sc *script.Syscall, start fsm.Time) bool {
	do, ok := r.prepare(l, sc)
	if r.res.Failure != nil {
		return false
	}
	if !ok {
		r.res.Skipped["syscall "+sc.Name]++
		return true
	}
	n, e := do()
	r.collect()
	if r.res.Failure != nil {
		return false
	}
	if e == sock.Pending {
		r.tracef("%s blocks", sc.Name)
		r.pending = &pendingCall{line: l, sc: sc, start: start, do: do}
		return true
	}
	r.tracef("%s returned %d %s", sc.Name, n, e.Name())
	if !r.checkResult(l, sc, n, e) {
		return false
	}
	if l.Time.Blocking {
		_, end, _ := r.when(l.Time)
		if end > start+r.tol {
			return r.failf(l, "%s returned at %s s, expected at %s s", sc.Name, secs(r.now), secs(end))
		}
	}
	return true
}

// checkResult compares a call's outcome with the line's "= value errno".
func (r *run) checkResult(l *script.Line, sc *script.Syscall, n int, e sock.Errno) bool {
	want, ok := sc.Result.Int()
	wantErr := sock.OK
	if sc.Result.Errno != "" {
		we, known := sock.ErrnoByName(sc.Result.Errno)
		if !known {
			return r.failf(l, "unknown errno %s", sc.Result.Errno)
		}
		wantErr = we
	}
	if (ok && int64(n) != want) || e != wantErr {
		got := strconv.Itoa(n)
		if e != sock.OK {
			got += " " + e.String()
		}
		exp := sc.Result.Value
		if sc.Result.Errno != "" {
			exp += " " + wantErr.String()
		}
		return r.failf(l, "%s returned %s, expected %s", sc.Name, got, exp)
	}
	return true
}

// arg returns argument i or "".
func arg(sc *script.Syscall, i int) script.Arg {
	if i < len(sc.Args) {
		return sc.Args[i]
	}
	return ""
}

// prepare turns a system call line into a call on the stack; ok is false
// for calls the runner does not know. Argument errors are failures.
// preparer turns one syscall line into the call to run, or reports why it
// cannot (through failf) and returns false.
type preparer func(r *run, l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool)

// preparers are the system calls prepare knows, by name.
var preparers map[string]preparer

func init() {
	preparers = map[string]preparer{
		"socket":     (*run).prepSocket,
		"bind":       (*run).prepBind,
		"listen":     (*run).prepListen,
		"accept":     (*run).prepAccept,
		"connect":    (*run).prepConnect,
		"read":       (*run).prepReadWrite,
		"recv":       (*run).prepReadWrite,
		"write":      (*run).prepReadWrite,
		"send":       (*run).prepReadWrite,
		"close":      (*run).prepClose,
		"shutdown":   (*run).prepShutdown,
		"fcntl":      (*run).prepFcntl,
		"setsockopt": (*run).prepSetsockopt,
		"getsockopt": (*run).prepGetsockopt,
	}
}

// prepare evaluates the arguments of a syscall line and returns the call.
func (r *run) prepare(l *script.Line, sc *script.Syscall) (do func() (int, sock.Errno), ok bool) {
	p, known := preparers[sc.Name]
	fd, fdOK := intArg(arg(sc, 0))
	if sc.Name != "socket" && !fdOK {
		if known {
			r.failf(l, "%s: cannot evaluate fd %q", sc.Name, arg(sc, 0))
		}
		return nil, false
	}
	if !known {
		return nil, false
	}
	return p(r, l, sc, fd)
}

// ints evaluates the arguments at positions idx as integers.
func (r *run) ints(l *script.Line, sc *script.Syscall, idx ...int) ([]int, bool) {
	out := make([]int, len(idx))
	for j, i := range idx {
		v, ok := intArg(arg(sc, i))
		if !ok {
			r.failf(l, "%s: cannot evaluate argument %q", sc.Name, arg(sc, i))
			return nil, false
		}
		out[j] = v
	}
	return out, true
}

func (r *run) prepSocket(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	domain := r.family
	if !arg(sc, 0).DontCare() {
		v, ok := r.ints(l, sc, 0)
		if !ok {
			return nil, false
		}
		domain = v[0]
	}
	v, ok := r.ints(l, sc, 1, 2)
	if !ok {
		return nil, false
	}
	return func() (int, sock.Errno) {
		n, e := r.st.Socket(domain, v[0], v[1])
		if e == sock.OK {
			r.lastFD = n
		}
		return n, e
	}, true
}

func (r *run) prepBind(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	return func() (int, sock.Errno) {
		r.lastFD = fd
		n, e := r.st.Bind(fd, netipZero, BindPort)
		if e == sock.OK {
			r.lport, r.rport = BindPort, RemotePort
		}
		return n, e
	}, true
}

func (r *run) prepListen(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	v, ok := r.ints(l, sc, 1)
	if !ok {
		return nil, false
	}
	return func() (int, sock.Errno) {
		r.lastFD = fd
		n, e := r.st.Listen(fd, v[0])
		if t, te := r.st.Tuple(fd); e == sock.OK && te == sock.OK {
			r.lport, r.rport = t.LocalPort, RemotePort
		}
		return n, e
	}, true
}

func (r *run) prepAccept(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	return func() (int, sock.Errno) {
		n, e := r.st.Accept(fd)
		if e == sock.OK {
			r.lastFD = n
		}
		return n, e
	}, true
}

func (r *run) prepConnect(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	return func() (int, sock.Errno) {
		r.lastFD = fd
		n, e := r.st.Connect(fd, r.remote, BindPort)
		if t, te := r.st.Tuple(fd); te == sock.OK && t.LocalPort != 0 {
			r.lport, r.rport = t.LocalPort, BindPort
		}
		return n, e
	}, true
}

func (r *run) prepReadWrite(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	v, ok := r.ints(l, sc, 2)
	if !ok {
		return nil, false
	}
	flags := 0
	if sc.Name == "recv" || sc.Name == "send" {
		f, ok := r.ints(l, sc, 3)
		if !ok {
			return nil, false
		}
		flags = f[0]
	}
	buf := make([]byte, max(v[0], 0))
	recv := sc.Name == "read" || sc.Name == "recv"
	return func() (int, sock.Errno) {
		r.lastFD = fd
		if recv {
			return r.st.Recv(fd, buf, flags)
		}
		return r.st.Send(fd, buf, flags)
	}, true
}

func (r *run) prepClose(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	return func() (int, sock.Errno) { r.lastFD = fd; return r.st.Close(fd) }, true
}

func (r *run) prepShutdown(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	v, ok := r.ints(l, sc, 1)
	if !ok {
		return nil, false
	}
	return func() (int, sock.Errno) { r.lastFD = fd; return r.st.Shutdown(fd, v[0]) }, true
}

func (r *run) prepFcntl(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	v, ok := r.ints(l, sc, 1)
	if !ok {
		return nil, false
	}
	a := 0
	if len(sc.Args) > 2 {
		w, ok := r.ints(l, sc, 2)
		if !ok {
			return nil, false
		}
		a = w[0]
	}
	return func() (int, sock.Errno) { r.lastFD = fd; return r.st.Fcntl(fd, v[0], a) }, true
}

func (r *run) prepSetsockopt(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	v, ok := r.ints(l, sc, 1, 2)
	if !ok {
		return nil, false
	}
	val, ok := structInts(arg(sc, 3))
	if !ok {
		r.failf(l, "setsockopt: cannot evaluate value %q", arg(sc, 3))
		return nil, false
	}
	return func() (int, sock.Errno) { r.lastFD = fd; return r.st.Setsockopt(fd, v[0], v[1], val...) }, true
}

func (r *run) prepGetsockopt(l *script.Line, sc *script.Syscall, fd int) (func() (int, sock.Errno), bool) {
	v, ok := r.ints(l, sc, 1, 2)
	if !ok {
		return nil, false
	}
	want := arg(sc, 3)
	return func() (int, sock.Errno) {
		r.lastFD = fd
		got := make([]int, 2)
		n, e := r.st.Getsockopt(fd, v[0], v[1], got)
		if e != sock.OK {
			return n, e
		}
		if (r.opts.Strict || v[1] == sock.SO_ERROR && v[0] == sock.SOL_SOCKET) && !want.DontCare() {
			if w, ok := structInts(want); ok && !slices.Equal(got[:n], w) {
				r.failf(l, "getsockopt %s: got %s, expected %s", arg(sc, 2), fmtInts(got[:n]), want)
			}
		}
		return 0, sock.OK
	}, true
}

func fmtInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	if len(v) == 1 {
		return "[" + s[0] + "]"
	}
	return "{" + strings.Join(s, ", ") + "}"
}

// netipZero is the unspecified bind address: any.
var netipZero netip.Addr
