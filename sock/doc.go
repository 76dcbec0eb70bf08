// Package sock is a sockets layer over fsm: a Stack with one local address,
// a file-descriptor table and the TCP system calls packetdrill scripts use
// (socket, bind, listen, accept, connect, read/recv, write/send, close,
// shutdown, fcntl, setsockopt, getsockopt), so that scripts can run against
// fsm's endpoint.
//
// Contract:
//   - Sans-IO and deterministic, like fsm: no goroutines, clocks, locks or
//     I/O. The caller owns the virtual clock Stack.Now and sets it before
//     each call. The network side is Input (a segment arrived), Tick (run
//     the timers due at Now; Deadline says when) and Outgoing (the segments
//     sent since the previous Outgoing, payloads copied into the stack's
//     fixed-capacity queue, valid until the next call on the stack).
//   - File descriptors: the first socket is fd 3 (stdin, stdout and stderr
//     being 0-2, as packetdrill expects) and a new socket takes the lowest
//     free fd. Each fd is a socket that is new (perhaps bound), listening
//     (an fsm.Listener made by Listen) or a connection (an fsm.Endpoint made
//     by Connect or taken from the listener by Accept). A closed connection
//     lives on without its fd until CLOSED (FIN-WAIT, TIME-WAIT...).
//   - Every call returns (int, Errno) like the system call: the result, or
//     -1 and an errno with Linux's number, name and strerror text. fsm's
//     Reason values map to errnos by FromReason. Connection errors (RST,
//     timeouts) are kept as the socket's pending error: SO_ERROR, read and
//     write return it once and clear it.
//   - Blocking: a call on a blocking socket that would wait returns the
//     pseudo-errno Pending, and nothing else happens; the caller moves time
//     or the network forward and repeats the same call until it completes
//     (accept, connect, read, write). On a non-blocking socket (SOCK_NONBLOCK,
//     fcntl O_NONBLOCK, MSG_DONTWAIT) the same calls return EAGAIN, and
//     connect returns EINPROGRESS.
//   - Routing: Input gives a segment to the connection with its ports and
//     remote address, else to the listener on its destination port, else to
//     an endpoint in CLOSED, which answers with RST (RFC 9293 §3.10.7.1).
//
// Observation: Stack.Observe reports what each connection does as
// package observe's events (the calls, segments, state changes and
// notifications an observe.Probe would report), for the invariant
// monitors; a connection a listener holds gets them through
// fsm.Listener.Watch. Without an observer nothing is recorded.
//
// Reuse: Reset makes a stack what New makes, keeping the endpoints,
// listeners and queue buffers of the run before for the sockets of the
// next, so that running one script after another (package runner) does
// not allocate and clear them anew; the outgoing queue grows as needed up
// to its capacities.
//
// BSD's TCP_NOOPT and TCP_KEEPINIT (fsm.Config.NoOptions, ConnectTimeout)
// are known besides Linux's options. SetConfig changes the configuration
// later sockets start from, as a sysctl does.
//
// Simplifications: one local address; no Nagle (TCP_NODELAY is accepted and
// has no effect); SO_SNDBUF and SO_RCVBUF are taken as given, not doubled,
// and like TCP_MAXSEG only affect connections created afterwards (see
// Setsockopt); close does not wait for a non-zero linger time; the listen
// backlog is clamped to MaxBacklog.
package sock
