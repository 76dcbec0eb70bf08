package sock

import (
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// session drives st through a passive open with data and close, an active
// open refused by RST and a segment for no socket, and returns what it saw:
// every call's result and every segment sent, one per line.
func session(st *Stack) string {
	var b strings.Builder
	res := func(what string, n int, e Errno) {
		b.WriteString(what + " = " + strconv.Itoa(n) + " " + e.Name() + "\n")
	}
	sent := func() {
		for _, o := range st.Outgoing() {
			b.WriteString(o.Dst.String() + " " + o.Seg.String() + "\n")
		}
	}
	in := func(src, dst uint16, f segment.Flags, sn, ak uint32, text string) {
		g := segment.Segment{SrcPort: src, DstPort: dst, Seq: seq.Num(sn), Ack: seq.Num(ak), Flags: f, Window: 65535, Payload: []byte(text)}
		st.Input(&g, remote)
		sent()
	}
	lfd, e := st.Socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	res("socket", lfd, e)
	res(call2(st.Bind(lfd, netip.IPv4Unspecified(), 8080)))
	res(call2(st.Listen(lfd, 1)))
	in(50000, 8080, syn, 0, 0, "")
	in(50000, 8080, ack, 1, 1001, "")
	fd, e := st.Accept(lfd)
	res("accept", fd, e)
	in(50000, 8080, psh, 1, 1001, "hello")
	res(call2(st.Write(fd, []byte("world"))))
	sent()
	res(call2(st.Close(fd)))
	sent()
	c, e := st.Socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0)
	res("socket", c, e)
	res(call2(st.Connect(c, remote, 9)))
	sent()
	in(9, 32768, rst|ack, 0, 1001, "")
	res(call2(st.Connect(c, remote, 9)))
	in(7, 7, ack, 5, 5, "")
	st.Now = st.Deadline()
	st.Tick()
	sent()
	return b.String()
}

func call2(n int, e Errno) (string, int, Errno) { return "call", n, e }

func reuseConfig() fsm.Config {
	return fsm.Config{ISN: func(fsm.Time, fsm.Tuple) seq.Num { return 1000 }, NoTimestamp: true, NoSACK: true, WScale: -1}
}

// A reset stack behaves as a new one, whatever it ran before and under
// whichever configuration.
func TestResetIsNew(t *testing.T) {
	want := session(New(local, reuseConfig()))
	if !strings.Contains(want, "[SYN|ACK]") || !strings.Contains(want, "7 > 7 [RST]") {
		t.Fatalf("the session does not exercise the stack:\n%s", want)
	}
	st := New(remote, fsm.Config{SendBuffer: 10, RecvBuffer: 10})
	session(st)
	st.Socket(AF_INET, SOCK_STREAM, 0) // an fd left open
	for i := range 3 {
		st.Reset(local, reuseConfig())
		if got := session(st); got != want {
			t.Fatalf("run %d after Reset:\n%s\nnew stack:\n%s", i, got, want)
		}
	}
}

// After the first run, a reset stack reuses its endpoints, listeners and
// queues: a run allocates a few small objects (sockets), not the buffers.
func TestResetReusesBuffers(t *testing.T) {
	st := New(local, reuseConfig())
	session(st)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const runs = 20
	for range runs {
		st.Reset(local, reuseConfig())
		session(st)
	}
	runtime.ReadMemStats(&after)
	perRun := (after.TotalAlloc - before.TotalAlloc) / runs
	t.Logf("%d bytes allocated per run after Reset, the session's transcript included", perRun)
	if perRun > 16<<10 { // a new stack's listener alone has 18 endpoints of 128 KiB
		t.Fatalf("%d bytes allocated per run after Reset", perRun)
	}
}
