package coverage

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/convert"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/script"
	"tcpcheck/segment"
)

var (
	atRcvNxt = properties.Anchored{Anchor: properties.AtRcvNxt}
	atSndNxt = properties.Anchored{Anchor: properties.AtSndNxt}
	atPeer   = properties.Anchored{Anchor: properties.AtPeerISN}
)

func segStep(f segment.Flags, sq properties.Anchored, n uint16) properties.Step {
	return properties.Step{Kind: properties.StepSegment, Flags: f, Seq: sq, Ack: atSndNxt, Window: 65535, Len: n}
}

func callStep(op observe.Op, n uint16) properties.Step {
	return properties.Step{Kind: properties.StepCall, Op: op, N: n}
}

// passiveClose: LISTEN, SYN, ACK, 100 bytes, FIN, close, the last ACK.
var passiveClose = properties.Scenario{ISN: 1000, PeerISN: 5000, Passive: true, Steps: []properties.Step{
	segStep(segment.SYN, atPeer, 0), segStep(segment.ACK, atRcvNxt, 0), segStep(segment.ACK|segment.PSH, atRcvNxt, 100),
	callStep(observe.OpRecv, 100), segStep(segment.ACK|segment.FIN, atRcvNxt, 0), callStep(observe.OpClose, 0),
	segStep(segment.ACK, atRcvNxt, 0)}}

// activeReset: connect, SYN-ACK, an RST at RCV.NXT, then an ACK to the
// closed endpoint.
var activeReset = properties.Scenario{ISN: 1 << 31, PeerISN: 1<<32 - 1, Steps: []properties.Step{
	segStep(segment.SYN|segment.ACK, atPeer, 0), segStep(segment.RST, atRcvNxt, 0), segStep(segment.ACK, atRcvNxt, 0)}}

// activeClose is a script: active open, close, the peer's ACK and FIN.
const activeClose = `0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0 > S 0:0(0) <...>
+0.1 < S. 0:0(0) ack 1 win 65535
+0 > . 1:1(0) ack 1
+0.1 close(3) = 0
+0 > F. 1:1(0) ack 1
+0.1 < . 1:1(0) ack 2 win 65535
+0.1 < F. 1:1(0) ack 2 win 65535
+0 > . 2:2(0) ack 2
`

// corpusFile is a native corpus file holding b, as go test writes it.
func corpusFile(b []byte) []byte {
	return []byte("go test fuzz v1\n[]byte(" + strconv.Quote(string(b)) + ")\n")
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// smallCorpus lays out a known corpus: the two scenarios as FuzzOpenWorld
// inputs (one of them also in the cache directory, to be counted once),
// the script as a FuzzRun input and as a .pkt file, and a FuzzRun input
// that does not parse.
func smallCorpus(t *testing.T) (dir string, srcs []Source) {
	dir = t.TempDir()
	ow, cache := filepath.Join(dir, "testdata", "FuzzOpenWorld"), filepath.Join(dir, "cache", "FuzzOpenWorld")
	write(t, filepath.Join(ow, "a"), corpusFile(properties.AppendScenario(nil, &passiveClose)))
	write(t, filepath.Join(cache, "a"), corpusFile(properties.AppendScenario(nil, &passiveClose)))
	write(t, filepath.Join(cache, "b"), corpusFile(properties.AppendScenario(nil, &activeReset)))
	run := filepath.Join(dir, "testdata", "FuzzRun")
	write(t, filepath.Join(run, "c"), corpusFile([]byte(activeClose)))
	write(t, filepath.Join(run, "d"), corpusFile([]byte("+0 connect(")))
	write(t, filepath.Join(dir, "scripts", "close", "active.pkt"), []byte(activeClose))
	write(t, filepath.Join(dir, "scripts", "README"), []byte("not a script"))
	return dir, []Source{
		{Target: "FuzzOpenWorld", Dirs: []string{ow, cache}},
		{Target: "FuzzRun", Dirs: []string{run, filepath.Join(dir, "missing")}},
		{Dirs: []string{filepath.Join(dir, "scripts")}},
	}
}

type cellCount struct {
	s observe.State
	k Kind
	n uint64
}

type edgeCount struct {
	from, to observe.State
	c        Cause
	n        uint64
}

// TestReplayKnownCorpus checks every count of a small corpus against the
// counts worked out by hand from its exchanges.
func TestReplayKnownCorpus(t *testing.T) {
	_, srcs := smallCorpus(t)
	r := NewReplayer()
	var tallies []Tally
	for _, src := range srcs {
		tl, err := r.Replay(src, convert.ReadCorpusFile)
		if err != nil {
			t.Fatal(err)
		}
		tallies = append(tallies, tl)
	}
	wantTallies := []Tally{{Source: "FuzzOpenWorld", Replayed: 2}, {Source: "FuzzRun", Replayed: 1, Skipped: 1}, {Source: "scripts", Replayed: 1}}
	for i, w := range wantTallies {
		g := tallies[i]
		if g.Source != w.Source || g.Replayed != w.Replayed || g.Skipped != w.Skipped {
			t.Errorf("tally %d: %+v, want %+v", i, g, w)
		}
	}
	if e := tallies[1].FirstErr; !strings.Contains(e, filepath.Join("FuzzRun", "d")+": FuzzRun:1:12:") {
		t.Errorf("first skipped input: %q, want the file and the parse error's position", e)
	}
	var want Counts
	for _, c := range []cellCount{
		{observe.Listen, KindSYN, 1}, {observe.SynReceived, KindACK, 1}, {observe.Established, KindData, 1},
		{observe.Established, KindFIN, 1}, {observe.LastAck, KindACK, 1}, // passiveClose
		{observe.SynSent, KindSYNACK, 1}, {observe.Established, KindRST, 1}, {observe.Closed, KindACK, 1}, // activeReset
		{observe.SynSent, KindSYNACK, 2}, {observe.FinWait1, KindACK, 2}, {observe.FinWait2, KindFIN, 2}, // activeClose twice
	} {
		want.Cells[c.s][c.k] += c.n
	}
	for _, e := range []edgeCount{
		{observe.Closed, observe.Listen, CauseListen, 1}, {observe.Listen, observe.SynReceived, Cause(KindSYN), 1},
		{observe.SynReceived, observe.Established, Cause(KindACK), 1}, {observe.Established, observe.CloseWait, Cause(KindFIN), 1},
		{observe.CloseWait, observe.LastAck, CauseClose, 1}, {observe.LastAck, observe.Closed, Cause(KindACK), 1},
		{observe.Closed, observe.SynSent, CauseConnect, 3}, {observe.SynSent, observe.Established, Cause(KindSYNACK), 3},
		{observe.Established, observe.Closed, Cause(KindRST), 1},
		{observe.Established, observe.FinWait1, CauseClose, 2}, {observe.FinWait1, observe.FinWait2, Cause(KindACK), 2},
		{observe.FinWait2, observe.TimeWait, Cause(KindFIN), 2},
	} {
		want.Edges[e.from][e.to][e.c] += e.n
	}
	if r.Counts != want {
		var got, exp strings.Builder
		_ = WriteReport(&got, &r.Counts, nil)
		_ = WriteReport(&exp, &want, nil)
		t.Errorf("counts differ\ngot:\n%s\nwant:\n%s", got.String(), exp.String())
	}
}

func TestInputErrors(t *testing.T) {
	r := NewReplayer()
	if err := r.Input("FuzzSegmentDecode", []byte{1}); err == nil || !strings.Contains(err.Error(), ErrNoReplay.Error()) {
		t.Errorf("codec target: %v", err)
	}
	if err := r.Input("FuzzOpenWorldRapid", []byte{1}); err == nil {
		t.Error("rapid target without ToScript: no error")
	}
	err := r.Input("FuzzRun", []byte("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4\n"))
	if err == nil || !strings.Contains(err.Error(), "FuzzRun:") {
		t.Errorf("a script the open world cannot play: %v", err)
	}
	if r.Counts != (Counts{}) {
		t.Error("inputs not replayed were counted")
	}
}

// TestReplayAllocs checks that replaying open-world inputs allocates
// nothing once the replayer has run one.
func TestReplayAllocs(t *testing.T) {
	r := NewReplayer()
	a, b := properties.AppendScenario(nil, &passiveClose), properties.AppendScenario(nil, &activeReset)
	r.OpenWorldBytes(a)
	if n := testing.AllocsPerRun(100, func() { r.OpenWorldBytes(a); r.OpenWorldBytes(b) }); n != 0 {
		t.Errorf("%v allocations per replay", n)
	}
}

// TestReplayPanic checks that an input whose replay panics is skipped with
// the panic as its error, and the replay goes on.
func TestReplayPanic(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a"), corpusFile([]byte("x")))
	write(t, filepath.Join(dir, "b"), corpusFile([]byte("y")))
	r := NewReplayer()
	r.ToScript = func(target string, data []byte) (*script.Script, error) {
		if data[0] == 'x' {
			panic("boom")
		}
		return script.Parse(target, []byte(activeClose))
	}
	tl, err := r.Replay(Source{Target: "FuzzOpenWorldRapid", Dirs: []string{dir}}, convert.ReadCorpusFile)
	if err != nil || tl.Replayed != 1 || tl.Skipped != 1 || tl.FirstErr != filepath.Join(dir, "a")+": panic: boom" {
		t.Errorf("tally %+v, %v", tl, err)
	}
}
