package sock

import (
	"net/netip"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

var (
	local  = netip.MustParseAddr("192.0.2.1")
	remote = netip.MustParseAddr("192.0.2.2")
)

// host is a Stack under test and the remote peer the test plays.
type host struct {
	t *testing.T
	*Stack
}

func newHost(t *testing.T) *host {
	isn := func(fsm.Time, fsm.Tuple) seq.Num { return 1000 }
	cfg := fsm.Config{ISN: isn, NoTimestamp: true, NoSACK: true, WScale: -1}
	return &host{t, New(local, cfg)}
}

// call checks a call's result, like a script line "call = want".
func (h *host) call(what string, n int, e Errno, want int, werr Errno) {
	h.t.Helper()
	if n != want || e != werr {
		h.t.Fatalf("%s = %d %v, want %d %v", what, n, e, want, werr)
	}
}

// in injects a segment from the remote peer at port 50000 (or the given
// port pair).
func (h *host) in(src, dst uint16, flags segment.Flags, sn, ack uint32, payload string) {
	g := segment.Segment{SrcPort: src, DstPort: dst, Seq: seq.Num(sn), Ack: seq.Num(ack),
		Flags: flags, Window: 65535, Payload: []byte(payload)}
	if flags&segment.SYN != 0 {
		_ = g.Options.AddMSS(1460)
	}
	h.Input(&g, remote)
}

// out checks the segments sent since the last check, one String per line.
func (h *host) out(want ...string) {
	h.t.Helper()
	var got []string
	for _, o := range h.Outgoing() {
		if o.Dst != remote {
			h.t.Errorf("segment to %v", o.Dst)
		}
		got = append(got, o.Seg.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Fatalf("sent:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const (
	syn    = segment.SYN
	ack    = segment.ACK
	synack = segment.SYN | segment.ACK
	fin    = segment.FIN | segment.ACK
	rst    = segment.RST
	psh    = segment.PSH | segment.ACK
)

// serverConn: socket, bind, listen, handshake, accept.
func serverConn(h *host) (lfd, fd int) {
	h.t.Helper()
	lfd, e := h.Socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	h.call("socket", lfd, e, 3, OK)
	n, e := h.Setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, 1)
	h.call("setsockopt(SO_REUSEADDR)", n, e, 0, OK)
	n, e = h.Bind(lfd, netip.IPv4Unspecified(), 8080)
	h.call("bind", n, e, 0, OK)
	n, e = h.Listen(lfd, 1)
	h.call("listen", n, e, 0, OK)
	h.in(50000, 8080, syn, 0, 0, "")
	h.out("8080 > 50000 [SYN|ACK] seq 1000 ack 1 win 65535 <mss 1460> len 0")
	h.in(50000, 8080, ack, 1, 1001, "")
	h.out()
	fd, e = h.Accept(lfd)
	h.call("accept", fd, e, 4, OK)
	return lfd, fd
}

func TestListenAccept(t *testing.T) {
	h := newHost(t)
	lfd, fd := serverConn(h)
	if s, _ := h.State(fd); s != fsm.Established {
		t.Fatalf("accepted state %v", s)
	}
	tu, _ := h.Tuple(fd)
	if tu.RemoteAddr != remote || tu.RemotePort != 50000 || tu.LocalPort != 8080 {
		t.Fatalf("tuple %+v", tu)
	}
	// A second accept blocks; non-blocking it is EAGAIN.
	n, e := h.Accept(lfd)
	h.call("accept", n, e, -1, Pending)
	n, e = h.Fcntl(lfd, F_SETFL, O_NONBLOCK)
	h.call("fcntl(F_SETFL)", n, e, 0, OK)
	n, e = h.Fcntl(lfd, F_GETFL, 0)
	h.call("fcntl(F_GETFL)", n, e, O_RDWR|O_NONBLOCK, OK)
	n, e = h.Accept(lfd)
	h.call("accept", n, e, -1, EAGAIN)
}

func TestReadWriteClose(t *testing.T) {
	h := newHost(t)
	_, fd := serverConn(h)
	h.in(50000, 8080, psh, 1, 1001, "hello")
	h.out("8080 > 50000 [ACK] seq 1001 ack 6 win 65531 len 0")
	buf := make([]byte, 100)
	n, e := h.Read(fd, buf)
	h.call("read", n, e, 5, OK)
	if string(buf[:n]) != "hello" {
		t.Fatalf("read %q", buf[:n])
	}
	n, e = h.Write(fd, []byte("world"))
	h.call("write", n, e, 5, OK)
	h.out("8080 > 50000 [PSH|ACK] seq 1001 ack 6 win 65535 len 5")
	h.in(50000, 8080, ack, 6, 1006, "")
	n, e = h.Close(fd)
	h.call("close", n, e, 0, OK)
	h.out("8080 > 50000 [FIN|ACK] seq 1006 ack 6 win 65535 len 0")
	n, e = h.Read(fd, buf)
	h.call("read after close", n, e, -1, EBADF)
	// The orphan finishes the close without its fd.
	h.in(50000, 8080, fin, 6, 1007, "")
	h.out("8080 > 50000 [ACK] seq 1007 ack 7 win 65535 len 0")
	if d := h.Deadline(); d == fsm.Never {
		t.Fatal("no TIME-WAIT timer")
	}
	h.Now = h.Deadline()
	h.Tick()
	if len(h.live) != 1 { // only the listener is left
		t.Fatalf("%d live sockets", len(h.live))
	}
}

func TestBlockingReadPending(t *testing.T) {
	h := newHost(t)
	_, fd := serverConn(h)
	buf := make([]byte, 10)
	n, e := h.Read(fd, buf)
	h.call("read", n, e, -1, Pending)
	h.Now = 100 * fsm.Millisecond
	h.in(50000, 8080, psh, 1, 1001, "abc")
	n, e = h.Read(fd, buf)
	h.call("read", n, e, 3, OK)
	// Non-blocking: EAGAIN; then EOF after the peer's FIN.
	h.Fcntl(fd, F_SETFL, O_NONBLOCK)
	n, e = h.Read(fd, buf)
	h.call("read", n, e, -1, EAGAIN)
	h.in(50000, 8080, fin, 4, 1001, "")
	n, e = h.Read(fd, buf)
	h.call("read at EOF", n, e, 0, OK)
}

func TestLingerZeroClose(t *testing.T) {
	h := newHost(t)
	_, fd := serverConn(h)
	h.out()
	n, e := h.Setsockopt(fd, SOL_SOCKET, SO_LINGER, 1, 0)
	h.call("setsockopt(SO_LINGER)", n, e, 0, OK)
	v := make([]int, 2)
	n, e = h.Getsockopt(fd, SOL_SOCKET, SO_LINGER, v)
	h.call("getsockopt(SO_LINGER)", n, e, 2, OK)
	if v[0] != 1 || v[1] != 0 {
		t.Fatalf("linger %v", v)
	}
	n, e = h.Close(fd)
	h.call("close", n, e, 0, OK)
	h.out("8080 > 50000 [RST] seq 1001 ack 0 win 0 len 0")
}

func TestShutdownWrite(t *testing.T) {
	h := newHost(t)
	_, fd := serverConn(h)
	n, e := h.Shutdown(fd, SHUT_WR)
	h.call("shutdown(SHUT_WR)", n, e, 0, OK)
	h.out("8080 > 50000 [FIN|ACK] seq 1001 ack 1 win 65535 len 0")
	n, e = h.Write(fd, []byte("x"))
	h.call("write after SHUT_WR", n, e, -1, EPIPE)
	// Reading still works.
	h.in(50000, 8080, psh, 1, 1002, "ok")
	buf := make([]byte, 4)
	n, e = h.Read(fd, buf)
	h.call("read", n, e, 2, OK)
	n, e = h.Shutdown(fd, 7)
	h.call("shutdown(7)", n, e, -1, EINVAL)
}

// clientSocket: a non-blocking socket connecting to remote:80.
func clientSocket(h *host) int {
	h.t.Helper()
	fd, e := h.Socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0)
	h.call("socket", fd, e, 3, OK)
	n, e := h.Connect(fd, remote, 80)
	h.call("connect", n, e, -1, EINPROGRESS)
	h.out("32768 > 80 [SYN] seq 1000 ack 0 win 65535 <mss 1460> len 0")
	n, e = h.Connect(fd, remote, 80)
	h.call("connect again", n, e, -1, EALREADY)
	return fd
}

func soError(h *host, fd int) Errno {
	h.t.Helper()
	v := make([]int, 1)
	n, e := h.Getsockopt(fd, SOL_SOCKET, SO_ERROR, v)
	h.call("getsockopt(SO_ERROR)", n, e, 1, OK)
	return Errno(v[0])
}

func TestNonblockingConnect(t *testing.T) {
	h := newHost(t)
	fd := clientSocket(h)
	h.Now = 10 * fsm.Millisecond
	h.in(80, 32768, synack, 5000, 1001, "")
	h.out("32768 > 80 [ACK] seq 1001 ack 5001 win 65535 len 0")
	if e := soError(h, fd); e != OK {
		t.Fatalf("SO_ERROR %v", e)
	}
	n, e := h.Connect(fd, remote, 80)
	h.call("connect when connected", n, e, -1, EISCONN)
	n, e = h.Write(fd, []byte("GET"))
	h.call("write", n, e, 3, OK)
	h.out("32768 > 80 [PSH|ACK] seq 1001 ack 5001 win 65535 len 3")
}

func TestConnectRefused(t *testing.T) {
	h := newHost(t)
	fd := clientSocket(h)
	h.in(80, 32768, rst|ack, 0, 1001, "")
	h.out()
	if e := soError(h, fd); e != ECONNREFUSED {
		t.Fatalf("SO_ERROR %v, want ECONNREFUSED", e)
	}
	if e := soError(h, fd); e != OK {
		t.Fatalf("SO_ERROR not cleared: %v", e)
	}
}

func TestBlockingConnect(t *testing.T) {
	h := newHost(t)
	fd, _ := h.Socket(AF_INET, SOCK_STREAM, 0)
	n, e := h.Connect(fd, remote, 80)
	h.call("connect", n, e, -1, Pending)
	h.out("32768 > 80 [SYN] seq 1000 ack 0 win 65535 <mss 1460> len 0")
	// The SYN is retransmitted at the RTO; connect is still pending.
	h.Now = h.Deadline()
	h.Tick()
	h.out("32768 > 80 [SYN] seq 1000 ack 0 win 65535 <mss 1460> len 0")
	n, e = h.Connect(fd, remote, 80)
	h.call("connect", n, e, -1, Pending)
	h.in(80, 32768, synack, 5000, 1001, "")
	n, e = h.Connect(fd, remote, 80)
	h.call("connect", n, e, 0, OK)
}

// TCP_KEEPINIT bounds connect in time (fsm.Config.ConnectTimeout): with 5
// seconds the SYN goes at 0, 1 and 3 s and a blocking connect fails with
// ETIMEDOUT at 5 s, where six SYN retransmissions would take 127 s.
func TestKeepInitBoundsConnect(t *testing.T) {
	h := newHost(t)
	fd, _ := h.Socket(AF_INET, SOCK_STREAM, 0)
	v := make([]int, 1)
	n, e := h.Getsockopt(fd, IPPROTO_TCP, TCP_KEEPINIT, v)
	h.call("getsockopt(TCP_KEEPINIT)", n, e, 1, OK)
	if v[0] != 0 {
		t.Fatalf("TCP_KEEPINIT unset reads %d, want 0", v[0])
	}
	n, e = h.Setsockopt(fd, IPPROTO_TCP, TCP_KEEPINIT, -1)
	h.call("setsockopt(TCP_KEEPINIT, -1)", n, e, -1, EINVAL)
	n, e = h.Setsockopt(fd, IPPROTO_TCP, TCP_KEEPINIT, 5)
	h.call("setsockopt(TCP_KEEPINIT, 5)", n, e, 0, OK)
	n, e = h.Getsockopt(fd, IPPROTO_TCP, TCP_KEEPINIT, v)
	h.call("getsockopt(TCP_KEEPINIT)", n, e, 1, OK)
	if v[0] != 5 {
		t.Fatalf("TCP_KEEPINIT reads %d, want 5", v[0])
	}
	n, e = h.Connect(fd, remote, 80)
	h.call("connect", n, e, -1, Pending)
	syn := "32768 > 80 [SYN] seq 1000 ack 0 win 65535 <mss 1460> len 0"
	h.out(syn)
	for _, at := range []fsm.Time{1, 3} {
		if h.Deadline() != at*fsm.Second {
			t.Fatalf("deadline %v, want %v s", h.Deadline(), at)
		}
		h.Now = h.Deadline()
		h.Tick()
		h.out(syn)
	}
	if h.Deadline() != 5*fsm.Second {
		t.Fatalf("deadline %v, want 5 s", h.Deadline())
	}
	h.Now = h.Deadline()
	h.Tick()
	h.out()
	n, e = h.Connect(fd, remote, 80)
	h.call("connect", n, e, -1, ETIMEDOUT)
}

// SetConfig is a sysctl: sockets created afterwards start from the new
// configuration, existing ones keep theirs.
func TestSetConfigAppliesToLaterSockets(t *testing.T) {
	h := newHost(t)
	before, _ := h.Socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0)
	cfg := h.Config()
	cfg.ECN = fsm.ECNRequest
	h.SetConfig(cfg)
	after, _ := h.Socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0)
	n, e := h.Connect(before, remote, 80)
	h.call("connect(before)", n, e, -1, EINPROGRESS)
	h.out("32768 > 80 [SYN] seq 1000 ack 0 win 65535 <mss 1460> len 0")
	n, e = h.Connect(after, remote, 80)
	h.call("connect(after)", n, e, -1, EINPROGRESS)
	h.out("32769 > 80 [SYN|ECE|CWR] seq 1000 ack 0 win 65535 <mss 1460> len 0")
}

func TestResetReportedOnRead(t *testing.T) {
	h := newHost(t)
	_, fd := serverConn(h)
	h.in(50000, 8080, rst, 1, 0, "")
	buf := make([]byte, 4)
	n, e := h.Read(fd, buf)
	h.call("read", n, e, -1, ECONNRESET)
	n, e = h.Read(fd, buf)
	h.call("read again", n, e, 0, OK)
	n, e = h.Write(fd, buf)
	h.call("write", n, e, -1, EPIPE)
}

func TestNoSocketAnswersRST(t *testing.T) {
	h := newHost(t)
	h.in(50000, 9999, syn, 7, 0, "")
	h.out("9999 > 50000 [RST|ACK] seq 0 ack 8 win 0 len 0")
}

func TestBadFDs(t *testing.T) {
	h := newHost(t)
	buf := make([]byte, 1)
	for _, fd := range []int{-1, 0, 2, 3, 100} {
		n, e := h.Read(fd, buf)
		h.call("read", n, e, -1, EBADF)
		n, e = h.Close(fd)
		h.call("close", n, e, -1, EBADF)
		n, e = h.Listen(fd, 1)
		h.call("listen", n, e, -1, EBADF)
	}
	fd, _ := h.Socket(AF_INET, SOCK_STREAM, 0)
	n, e := h.Read(fd, buf)
	h.call("read unconnected", n, e, -1, ENOTCONN)
	n, e = h.Write(fd, buf)
	h.call("write unconnected", n, e, -1, EPIPE)
	h.Close(fd)
	fd2, _ := h.Socket(AF_INET, SOCK_STREAM, 0)
	h.call("socket reuses fd", fd2, OK, fd, OK)
}

func TestErrnoText(t *testing.T) {
	if s := EINPROGRESS.String(); s != "EINPROGRESS (Operation now in progress)" {
		t.Fatal(s)
	}
	if e, ok := ErrnoByName("ECONNREFUSED"); !ok || e != 111 {
		t.Fatal(e, ok)
	}
	if FromReason(fsm.ErrReset) != ECONNRESET {
		t.Fatal("reset")
	}
}

func TestBlockingWritePending(t *testing.T) {
	h := newHost(t)
	lfd, _ := h.Socket(AF_INET, SOCK_STREAM, 0)
	n, e := h.Setsockopt(lfd, SOL_SOCKET, SO_SNDBUF, 4)
	h.call("setsockopt(SO_SNDBUF)", n, e, 0, OK)
	h.Bind(lfd, local, 8080)
	h.Listen(lfd, 1)
	h.in(50000, 8080, syn, 0, 0, "")
	h.in(50000, 8080, ack, 1, 1001, "")
	h.Outgoing()
	fd, e := h.Accept(lfd)
	h.call("accept", fd, e, 4, OK)
	p := []byte("abcdef")
	n, e = h.Write(fd, p)
	h.call("write", n, e, -1, Pending)
	h.out("8080 > 50000 [PSH|ACK] seq 1001 ack 1 win 65535 len 4")
	h.in(50000, 8080, ack, 1, 1005, "")
	n, e = h.Write(fd, p)
	h.call("write", n, e, 6, OK)
	h.out("8080 > 50000 [PSH|ACK] seq 1005 ack 1 win 65535 len 2")
}
