package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpcheck/capture"
	"tcpcheck/convert"
	"tcpcheck/fuzz"
	"tcpcheck/mutants"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/shrink"
)

// withBroken runs f with the command's endpoint replaced by
// mutants.RSTAnywhere.
func withBroken(t *testing.T) {
	endpointBuild = mutants.RSTAnywhere.Build
	t.Cleanup(func() { endpointBuild = nil })
}

// resetScript is a passive open, some data, and an RST one past RCV.NXT,
// with lines that do not matter around.
const resetScript = `// an RST in the window but not at RCV.NXT
0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0   setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
+0   bind(3, ..., ...) = 0
+0   listen(3, 1) = 0
+0.1 < S 1000:1000(0) win 65535 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>
+0   > S. 0:0(0) ack 1001 <...>
+0.05 < . 1001:1001(0) ack 1 win 512
+0   accept(3, ..., ...) = 4
+0.1 < P. 1001:1101(100) ack 1 win 512
+0   > . 1:1(0) ack 1101
+0.1 read(4, ..., 100) = 100
+0.2 < . 1101:1101(0) ack 1 win 512
+0.3 < R. 1102:1102(0) ack 1 win 512
`

func TestShrinkScriptViolation(t *testing.T) {
	withBroken(t)
	in := writeFile(t, "reset.pkt", []byte(resetScript))
	dir := t.TempDir()
	out, ladder, pcap, gotest := filepath.Join(dir, "min.pkt"), filepath.Join(dir, "ladder.txt"),
		filepath.Join(dir, "min.pcap"), filepath.Join(dir, "min_test.go")
	save := filepath.Join(dir, "regressions")
	code, stdout, stderr := shrinkRun(t, "-o", out, "-ladder", ladder, "-pcap", pcap, "-gotest", gotest,
		"-save", "-save-dir", save, in)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	t.Logf("stderr:\n%s", stderr)
	text, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", text)
	s, err := script.Parse(out, text)
	if err != nil {
		t.Fatal(err)
	}
	if res := runner.Run(s, runner.Options{}); !res.Passed {
		t.Errorf("replay: %s", res.Failure)
	}
	for _, want := range []string{"// tcpcheck shrink: BlindResetResistance: ", "stimuli to 3 (", "// replay: go run ./cmd/tcpcheck run " + out,
		"// tcpcheck: isn 0x0", "// tcpcheck: violation BlindResetResistance"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("script lacks %q", want)
		}
	}
	lad, _ := os.ReadFile(ladder)
	if !bytes.Contains(lad, []byte("<== BlindResetResistance")) || !strings.Contains(stderr, string(lad)) {
		t.Errorf("ladder file %q not marked, or not on stderr", lad)
	}
	if !strings.Contains(stderr, "shrink: prefix") || !strings.Contains(stderr, "shrink: done       length      3  calls") {
		t.Errorf("no progress on stderr")
	}
	saved, _ := filepath.Glob(filepath.Join(save, "BlindResetResistance-*.pkt"))
	if len(saved) != 1 {
		t.Fatalf("saved %v", saved)
	}
	if b, _ := os.ReadFile(saved[0]); !bytes.Equal(b, text) {
		t.Errorf("the saved script differs from -o's")
	}
	r, err := capture.Open(pcap)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	frames := 0
	for {
		f, err := r.Next()
		if err != nil {
			break
		}
		var p segment.Packet
		if err := p.DecodePadded(f.IP); err != nil || !p.ChecksumOK() {
			t.Errorf("frame %d: %v, checksum ok %v", f.Number, err, p.ChecksumOK())
		}
		frames++
	}
	if frames != 4 {
		t.Errorf("%d frames, want 4", frames)
	}
	if src, err := os.ReadFile(gotest); err != nil || !bytes.Contains(src, []byte("func TestBlindResetResistance_")) {
		t.Errorf("gotest: %v\n%s", err, src)
	}
}

// A script that fails when replayed shrinks to the lines that lead to its
// failing line, which still fails the same way.
func TestShrinkScriptMismatch(t *testing.T) {
	src, err := os.ReadFile("../../corpus/scripts/close/active-close-data.pkt")
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("> . 52:52(0) ack 302"), []byte("> . 52:52(0) ack 303"), 1)
	in := writeFile(t, "mismatch.pkt", src)
	code, stdout, stderr := shrinkRun(t, "-q", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, err := script.Parse("out.pkt", []byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	res := runner.Run(s, runner.Options{})
	if res.Passed || !strings.Contains(res.Failure.Msg, "expected . 52:52(0) ack 303") || res.Failure.Pos.Line != len(strings.Split(strings.TrimSpace(stdout), "\n")) {
		t.Errorf("replay %+v, want the mismatch on the last line:\n%s", res.Failure, stdout)
	}
	if !strings.HasPrefix(lastLine(stderr), "shrink: Mismatch: 12 -> ") {
		t.Errorf("summary %q", lastLine(stderr))
	}
}

// The same input gives the same output.
func TestShrinkIsDeterministic(t *testing.T) {
	withBroken(t)
	in := writeFile(t, "reset.pkt", []byte(resetScript))
	_, a, _ := shrinkRun(t, "-q", in)
	_, b, _ := shrinkRun(t, "-q", in)
	if a != b || a == "" {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}

func TestShrinkOpenWorldCrasher(t *testing.T) {
	withBroken(t)
	// A passive open whose steps are the reset script's: SYN, ACK, an RST
	// one past RCV.NXT, with reads around (fixed-width records).
	crasher := []byte("go test fuzz v1\n[]byte(\"\\x00\\x00\\x00\\x10\\x00\\x00\\x00\\x20\\x01\\x00" +
		"\\xc8\\x03\\x00\\x64\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00" +
		"\\x00\\x02\\x54\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xff\\xff\\x00\\x0f\\x07" +
		"\\x00\\x10\\x30\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xff\\xff\\x00\\x00\\x00" +
		"\\xc8\\x03\\x00\\x64\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00" +
		"\\x00\\x14\\x30\\x00\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\xff\\xff\\x00\\x00\\x00\")\n")
	in := writeFile(t, "testdata/fuzz/FuzzOpenWorld/feed", crasher)
	code, stdout, stderr := shrinkRun(t, "-q", in)
	if code != 0 || !strings.Contains(stdout, "// tcpcheck: violation BlindResetResistance") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "shrunk from FuzzOpenWorld crasher "+in+": 5 stimuli to 3") {
		t.Errorf("header:\n%s", stdout)
	}
}

func TestShrinkCapture(t *testing.T) {
	code, stdout, stderr := shrinkRun(t, "-q", "-side", "server", "../../../shared/pcaps/zeek_v6_full_conn_ts_ws.pcap")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, err := script.Parse("out.pkt", []byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	if res := runner.Run(s, runner.Options{}); res.Passed {
		t.Errorf("the replay passes; want the mismatch kept:\n%s", stdout)
	}
	if !strings.Contains(stdout, "shrunk from capture ../../../shared/pcaps/zeek_v6_full_conn_ts_ws.pcap connection 1") {
		t.Errorf("header:\n%s", stdout)
	}
}

func TestShrinkSimulation(t *testing.T) {
	endpointBuild = mutants.AckBack.Build
	t.Cleanup(func() { endpointBuild = nil })
	code, stdout, stderr := shrinkRun(t, "-q", "-sim", "3", "-bytes", "5000")
	if code != 0 || !strings.Contains(stdout, "MonotonicAck") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if _, err := script.Parse("out.pkt", []byte(stdout)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "shrunk from simulation seed 3, endpoint a") {
		t.Errorf("header:\n%s", stdout)
	}
}

// A codec crasher of a target whose check has a planted bug (a panic on
// SYN and FIN with an odd window) shrinks as bytes; -crasher writes the
// minimal input in go test's format and -gotest a test calling the check.
func TestShrinkCodecCrasher(t *testing.T) {
	buggy := func(b []byte) error {
		var s segment.Segment
		if s.Decode(b) == nil && s.Flags.Has(segment.SYN|segment.FIN) && s.Window%2 == 1 {
			var none []int
			_ = none[s.Window] // index out of range
		}
		return nil
	}
	g := segment.Segment{SrcPort: 1, DstPort: 2, Seq: 100, Flags: segment.SYN | segment.FIN | segment.ACK, Window: 99, Payload: []byte("abc")}
	_ = g.Options.AddMSS(1000)
	data := g.AppendTo(nil)
	r, err := shrinkCrasher(fuzz.Entry{Name: "FuzzSegmentDecode", Check: buggy}, data, "test crasher", shrink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failure.Kind != shrink.Panic || len(r.Input) != 20 {
		t.Fatalf("%s, %d bytes %x", r.Failure.String(), len(r.Input), r.Input)
	}
	dir := t.TempDir()
	c := &config{out: filepath.Join(dir, "c.pkt"), crasher: filepath.Join(dir, "c.corpus"), gotest: filepath.Join(dir, "c_test.go"),
		pcap: filepath.Join(dir, "c.pcap"), gotestPkg: "regressions", quiet: true}
	var stdout, stderr bytes.Buffer
	if err := write(c, r, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(c.crasher)
	if err != nil {
		t.Fatal(err)
	}
	back, err := convert.ParseCorpus(c.crasher, raw)
	if err != nil || !bytes.Equal(back, r.Input) {
		t.Errorf("crasher file %q: %v", raw, err)
	}
	src, _ := os.ReadFile(c.gotest)
	if !bytes.Contains(src, []byte("fuzz.SegmentDecode(input")) || !bytes.Contains(src, []byte(`"tcpcheck/fuzz"`)) {
		t.Errorf("gotest:\n%s", src)
	}
	text, _ := os.ReadFile(c.out)
	if _, err := script.Parse(c.out, text); err != nil || !bytes.Contains(text, []byte("// input (20 bytes): ")) {
		t.Errorf("script %v:\n%s", err, text)
	}
}
