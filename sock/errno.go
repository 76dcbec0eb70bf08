package sock

import "tcpcheck/fsm"

// Errno is a system call's error number, with Linux's values, names and
// strerror(3) texts as packetdrill prints them. OK (0) means success.
// Pending is not an errno: a blocking call that would wait.
type Errno int

// The errnos the sockets layer returns, with their Linux numbers.
const (
	OK              Errno = 0
	EPERM           Errno = 1
	ENOENT          Errno = 2
	EINTR           Errno = 4
	EBADF           Errno = 9
	EAGAIN          Errno = 11
	ENOMEM          Errno = 12
	EFAULT          Errno = 14
	EINVAL          Errno = 22
	EMFILE          Errno = 24
	EPIPE           Errno = 32
	ENOTSOCK        Errno = 88
	EDESTADDRREQ    Errno = 89
	ENOPROTOOPT     Errno = 92
	EPROTONOSUPPORT Errno = 93
	EOPNOTSUPP      Errno = 95
	EAFNOSUPPORT    Errno = 97
	EADDRINUSE      Errno = 98
	EADDRNOTAVAIL   Errno = 99
	ENETUNREACH     Errno = 101
	ECONNABORTED    Errno = 103
	ECONNRESET      Errno = 104
	ENOBUFS         Errno = 105
	EISCONN         Errno = 106
	ENOTCONN        Errno = 107
	ESHUTDOWN       Errno = 108
	ETIMEDOUT       Errno = 110
	ECONNREFUSED    Errno = 111
	EHOSTUNREACH    Errno = 113
	EALREADY        Errno = 114
	EINPROGRESS     Errno = 115

	EWOULDBLOCK = EAGAIN

	// Pending reports that a call on a blocking socket would wait (accept
	// with an empty queue, connect before the handshake ends, read with no
	// data, write with a full buffer). Nothing is returned to the
	// application yet: the caller advances Now, feeds segments or ticks,
	// and repeats the same call until it returns something else.
	Pending Errno = -1
)

type errnoInfo struct{ name, text string }

var errnos = map[Errno]errnoInfo{
	OK:              {"OK", "Success"},
	EPERM:           {"EPERM", "Operation not permitted"},
	ENOENT:          {"ENOENT", "No such file or directory"},
	EINTR:           {"EINTR", "Interrupted system call"},
	EBADF:           {"EBADF", "Bad file descriptor"},
	EAGAIN:          {"EAGAIN", "Resource temporarily unavailable"},
	ENOMEM:          {"ENOMEM", "Cannot allocate memory"},
	EFAULT:          {"EFAULT", "Bad address"},
	EINVAL:          {"EINVAL", "Invalid argument"},
	EMFILE:          {"EMFILE", "Too many open files"},
	EPIPE:           {"EPIPE", "Broken pipe"},
	ENOTSOCK:        {"ENOTSOCK", "Socket operation on non-socket"},
	EDESTADDRREQ:    {"EDESTADDRREQ", "Destination address required"},
	ENOPROTOOPT:     {"ENOPROTOOPT", "Protocol not available"},
	EPROTONOSUPPORT: {"EPROTONOSUPPORT", "Protocol not supported"},
	EOPNOTSUPP:      {"EOPNOTSUPP", "Operation not supported"},
	EAFNOSUPPORT:    {"EAFNOSUPPORT", "Address family not supported by protocol"},
	EADDRINUSE:      {"EADDRINUSE", "Address already in use"},
	EADDRNOTAVAIL:   {"EADDRNOTAVAIL", "Cannot assign requested address"},
	ENETUNREACH:     {"ENETUNREACH", "Network is unreachable"},
	ECONNABORTED:    {"ECONNABORTED", "Software caused connection abort"},
	ECONNRESET:      {"ECONNRESET", "Connection reset by peer"},
	ENOBUFS:         {"ENOBUFS", "No buffer space available"},
	EISCONN:         {"EISCONN", "Transport endpoint is already connected"},
	ENOTCONN:        {"ENOTCONN", "Transport endpoint is not connected"},
	ESHUTDOWN:       {"ESHUTDOWN", "Cannot send after transport endpoint shutdown"},
	ETIMEDOUT:       {"ETIMEDOUT", "Connection timed out"},
	ECONNREFUSED:    {"ECONNREFUSED", "Connection refused"},
	EHOSTUNREACH:    {"EHOSTUNREACH", "No route to host"},
	EALREADY:        {"EALREADY", "Operation already in progress"},
	EINPROGRESS:     {"EINPROGRESS", "Operation now in progress"},
	Pending:         {"PENDING", "Call would block"},
}

// Name returns the errno's symbolic name, e.g. "EINPROGRESS".
func (e Errno) Name() string {
	if i, ok := errnos[e]; ok {
		return i.name
	}
	return "E?"
}

// Error returns strerror's text, e.g. "Operation now in progress".
func (e Errno) Error() string {
	if i, ok := errnos[e]; ok {
		return i.text
	}
	return "Unknown error"
}

// String returns the name and the text as packetdrill prints them:
// "EINPROGRESS (Operation now in progress)".
func (e Errno) String() string { return e.Name() + " (" + e.Error() + ")" }

// ErrnoByName returns the errno with the given name (as scripts write it);
// EWOULDBLOCK is EAGAIN.
func ErrnoByName(name string) (Errno, bool) {
	if name == "EWOULDBLOCK" {
		return EAGAIN, true
	}
	for e, i := range errnos {
		if i.name == name && e != Pending {
			return e, true
		}
	}
	return 0, false
}

// FromReason maps an fsm.Reason to the errno a sockets layer reports.
// ErrInProgress maps to EALREADY (a second connect); the first connect of
// a non-blocking socket reports EINPROGRESS itself. ErrClosing is EPIPE.
func FromReason(r fsm.Reason) Errno {
	switch r {
	case fsm.OK:
		return OK
	case fsm.ErrRefused:
		return ECONNREFUSED
	case fsm.ErrReset:
		return ECONNRESET
	case fsm.ErrTimedOut:
		return ETIMEDOUT
	case fsm.ErrBrokenPipe, fsm.ErrClosing:
		return EPIPE
	case fsm.ErrNotConnected:
		return ENOTCONN
	case fsm.ErrAlreadyConnected:
		return EISCONN
	case fsm.ErrInProgress:
		return EALREADY
	case fsm.ErrWouldBlock:
		return EAGAIN
	}
	return EINVAL
}
