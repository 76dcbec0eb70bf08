package fsm_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// This file holds the package's guards: no allocation per call after New
// (doc.go's contract), no forbidden imports in the endpoint's code, and no
// function longer than 80 lines.

func wantNoAllocs(t *testing.T, name string, f func()) {
	t.Helper()
	if n := testing.AllocsPerRun(100, f); n != 0 {
		t.Errorf("%s: %v allocations per call, want 0", name, n)
	}
}

func TestAllocsInputACK(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.ts, r.peer.wscale = true, 7
	r.established()
	ack := r.mk(segment.ACK, r.peerNxt, r.e.SndNxt(), nil)
	wantNoAllocs(t, "Input(pure ACK)", func() { r.e.Input(r.now, ack) })
	// An ACK that acknowledges new data and lets more out.
	r.send(rigBytes(60000))
	wantNoAllocs(t, "Input(ACK of data)", func() {
		ack.Ack = r.e.SndUna().Add(100)
		r.e.Input(r.now, ack)
	})
}

func TestAllocsInputData(t *testing.T) {
	r := newRig(t, fsm.Config{RecvBuffer: 256 << 10})
	r.peer.ts, r.peer.wscale = true, 7
	r.established()
	seg := r.mk(segment.ACK|segment.PSH, r.peerNxt, r.e.SndNxt(), rigBytes(1460))
	wantNoAllocs(t, "Input(data)", func() {
		r.e.Input(r.now, seg)
		seg.Seq = r.e.RcvNxt()
	})
	if r.e.Readable() != 101*1460 {
		t.Fatalf("readable %d: the segments were not all delivered", r.e.Readable())
	}
	// Out of order and duplicate segments (each answered by an ACK).
	ooo := r.mk(segment.ACK, r.e.RcvNxt().Add(5000), r.e.SndNxt(), rigBytes(100))
	wantNoAllocs(t, "Input(out of order)", func() { r.e.Input(r.now, ooo) })
	dup := r.mk(segment.ACK, r.e.RcvNxt().Sub(1460), r.e.SndNxt(), rigBytes(100))
	wantNoAllocs(t, "Input(duplicate)", func() { r.e.Input(r.now, dup) })
}

// The answers to unacceptable segments: the spaced ACK, and the ACK taken
// from a probe of the zero window (with its own ACK in reply).
func TestAllocsInputUnacceptable(t *testing.T) {
	r := newRig(t, fsm.Config{RecvBuffer: 1000})
	r.established()
	edge := r.mk(segment.ACK, r.peerNxt.Add(1000), r.e.SndNxt(), nil)
	wantNoAllocs(t, "Input(ACK at the right edge)", func() {
		r.now += 100 * fsm.Millisecond
		r.e.Input(r.now, edge)
	})
	r.data(rigBytes(1000))
	probe := r.mk(segment.ACK, r.peerNxt, r.e.SndNxt(), rigBytes(1))
	wantNoAllocs(t, "Input(zero-window probe)", func() {
		if len(r.e.Input(r.now, probe).Out) != 1 {
			t.Fatal("the probe was not answered")
		}
	})
}

func TestAllocsTick(t *testing.T) {
	r := newRig(t, fsm.Config{Retries: 1000, RTOMax: 2 * fsm.Second, KeepAlive: fsm.Second})
	r.established()
	wantNoAllocs(t, "Tick(idle)", func() { r.e.Tick(r.now) })
	r.send(rigBytes(100))
	wantNoAllocs(t, "Tick(retransmission)", func() {
		r.now = r.e.Tick(r.now).Deadline
	})
	if r.e.State() != fsm.Established || r.e.Unacked() != 100 {
		t.Fatalf("retransmitting: %v", r.e.State())
	}
}

func TestAllocsSendRecv(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.ts = true
	r.established()
	chunk := rigBytes(100)
	wantNoAllocs(t, "Send", func() { r.e.Send(r.now, chunk) })
	if r.e.Unacked() != 101*100 {
		t.Fatalf("unacked %d", r.e.Unacked())
	}
	data := rigBytes(1400)
	for range 10 {
		r.data(data)
	}
	buf := make([]byte, 100)
	wantNoAllocs(t, "Recv", func() { r.e.Recv(r.now, buf) })
	empty := newRig(t, fsm.Config{}).established()
	wantNoAllocs(t, "Recv(would block)", func() { empty.e.Recv(empty.now, buf) })
	closed := fsm.New(fsm.Config{})
	wantNoAllocs(t, "Send(not connected)", func() { closed.Send(0, chunk) })
}

// A simultaneous open whose SYN carries text, with ECN requested and the
// open bounded in time: the queued text, its delayed ACK, ECN's flags and
// the establishment timer allocate nothing either.
func TestAllocsOpenWithSynText(t *testing.T) {
	ep := fsm.New(fsm.Config{ISN: rigISN, ECN: fsm.ECNRequest, ConnectTimeout: 5 * fsm.Second})
	syn := &segment.Segment{SrcPort: tupA.RemotePort, DstPort: tupA.LocalPort, Seq: rigPeerISS,
		Flags: segment.SYN | segment.ECE | segment.CWR, Window: 65535, Payload: rigBytes(100)}
	ack := &segment.Segment{SrcPort: tupA.RemotePort, DstPort: tupA.LocalPort, Seq: rigPeerISS.Add(101),
		Ack: rigISS.Add(1), Flags: segment.ACK, Window: 65535}
	buf := make([]byte, 200)
	wantNoAllocs(t, "open with SYN text", func() {
		ep.Connect(0, tupA)
		ep.Input(0, syn)
		ep.Input(0, ack)
		ep.Tick(fsm.Second) // the delayed ACK
		ep.Recv(0, buf)
		ep.Abort(0)
	})
	if !ep.ECN() || ep.State() != fsm.Closed || ep.RcvNxt() != rigPeerISS.Add(101) {
		t.Fatalf("ECN %v, state %v, RCV.NXT %v: the cycle did not run as meant", ep.ECN(), ep.State(), ep.RcvNxt())
	}
}

func TestAllocsExchange(t *testing.T) {
	for _, codec := range []bool{false, true} {
		w := newB2B(codec)
		if !w.exchange() {
			t.Fatalf("codec %v: the exchange failed", codec)
		}
		ok := true
		n := testing.AllocsPerRun(20, func() { ok = w.exchange() && ok })
		if !ok {
			t.Fatalf("codec %v: an exchange failed", codec)
		}
		if n != 0 {
			t.Errorf("codec %v: %v allocations per connection, want 0", codec, n)
		}
	}
}

// fsmSources parses the package's non-test files.
func fsmSources(t *testing.T, mode parser.Mode) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, mode)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name != "fsm" {
			t.Fatalf("%s: package %s", name, f.Name.Name)
		}
		files[name] = f
	}
	if len(files) < 5 {
		t.Fatalf("found only %d source files: not run in the fsm directory?", len(files))
	}
	return fset, files
}

// doc.go: no goroutines, clocks, locks, I/O or fmt. The endpoint takes
// time as an argument, so it does not import time at all.
func TestImportsNoClockLockIOOrFmt(t *testing.T) {
	forbidden := func(path string) bool {
		switch path {
		case "fmt", "time", "sync", "os", "log", "io", "net", "math/rand", "math/rand/v2", "crypto/rand":
			return true
		}
		for _, p := range []string{"sync/", "os/", "log/", "time/", "io/", "net/http"} {
			if strings.HasPrefix(path, p) {
				return true
			}
		}
		return false
	}
	_, files := fsmSources(t, parser.ImportsOnly)
	for name, f := range files {
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			if forbidden(path) {
				t.Errorf("%s imports %q", name, path)
			}
		}
	}
}

// Every function and function literal in the endpoint's code fits in 80
// lines, from its func keyword to its closing brace.
func TestFunctionsAtMost80Lines(t *testing.T) {
	const limit = 80
	fset, files := fsmSources(t, parser.SkipObjectResolution)
	count := 0
	for name, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			var what string
			switch fn := n.(type) {
			case *ast.FuncDecl:
				what = fn.Name.Name
				if fn.Recv != nil && len(fn.Recv.List) == 1 {
					what = recvName(fn.Recv.List[0].Type) + "." + what
				}
			case *ast.FuncLit:
				what = "func literal"
			default:
				return true
			}
			count++
			start, end := fset.Position(n.Pos()), fset.Position(n.End())
			if lines := end.Line - start.Line + 1; lines > limit {
				t.Errorf("%s:%d: %s is %d lines long, over %d", name, start.Line, what, lines, limit)
			}
			return true
		})
	}
	if count < 50 {
		t.Fatalf("found only %d functions", count)
	}
}

func recvName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return "(*" + recvName(x.X) + ")"
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return recvName(x.X)
	}
	return "?"
}
