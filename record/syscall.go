package record

import (
	"strconv"

	"tcpcheck/script"
	"tcpcheck/sock"
)

// Args writes the arguments of a call as runner reads them: socket is
// SOCK_STREAM on TCP, fcntl sets O_NONBLOCK, listen has backlog 1, write
// and read give size, shutdown is SHUT_WR, setsockopt turns SO_LINGER on
// with 0 seconds (close then aborts), getsockopt reads SO_ERROR and
// expects the errno size (0 for none).
func Args(name string, fd, size int) []script.Arg {
	f := script.Arg(strconv.Itoa(fd))
	switch name {
	case "socket":
		return []script.Arg{"...", "SOCK_STREAM", "IPPROTO_TCP"}
	case "fcntl":
		return []script.Arg{f, "F_SETFL", "O_RDWR | O_NONBLOCK"}
	case "connect", "bind", "accept":
		return []script.Arg{f, "...", "..."}
	case "listen":
		return []script.Arg{f, "1"}
	case "write", "read":
		return []script.Arg{f, "...", script.Arg(strconv.Itoa(size))}
	case "shutdown":
		return []script.Arg{f, "SHUT_WR"}
	case "setsockopt":
		return []script.Arg{f, "SOL_SOCKET", "SO_LINGER", "{l_onoff=1, l_linger=0}", "8"}
	case "getsockopt":
		return []script.Arg{f, "SOL_SOCKET", "SO_ERROR", script.Arg("[" + errnoName(sock.Errno(size)) + "]"), "[4]"}
	}
	return []script.Arg{f}
}

// errnoName is an errno's name, "0" for none.
func errnoName(e sock.Errno) string {
	if e == sock.OK {
		return "0"
	}
	return e.Name()
}

// Result is "= ret", or "= -1 ENAME (text)" when e is an error.
func Result(ret int, e sock.Errno) script.Result {
	if e == sock.OK {
		return script.Result{Value: strconv.Itoa(ret)}
	}
	return script.Result{Value: "-1", Errno: e.Name(), Note: e.Error()}
}
