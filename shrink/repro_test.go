package shrink

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tcpcheck/capture"
	"tcpcheck/mutants"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
)

// resetRepro shrinks the reset scenario of the broken endpoint.
func resetRepro(t *testing.T) *Repro {
	t.Helper()
	sc := resetScenario(500)
	res, err := Scenario(&sc, Options{Build: mutants.RSTAnywhere.Build})
	if err != nil {
		t.Fatal(err)
	}
	return ScenarioRepro(res, mutants.RSTAnywhere.Build, "the reset test scenario")
}

// The repro script parses, replays against the reference endpoint (which
// the broken endpoint matches until its bug, and the bug's consequence,
// the reference's challenge ACK, comes after the last line), and its
// header says what failed, how much was shrunk, the ISN and how to replay.
func TestReproScriptParsesAndReplays(t *testing.T) {
	r := resetRepro(t)
	text := r.Script("corpus/regressions/x.pkt").String()
	t.Logf("\n%s", text)
	s, err := script.Parse("x.pkt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if res := runner.Run(s, runner.Options{}); !res.Passed {
		t.Errorf("replay: %s", res.Failure)
	}
	for _, want := range []string{
		"// tcpcheck shrink: BlindResetResistance: RST with SEQ",
		"// shrunk from the reset test scenario: 500 stimuli to 3 (",
		"// endpoint: passive open, ISN 0",
		"// replay: go run ./cmd/tcpcheck run corpus/regressions/x.pkt",
		"// tcpcheck: isn 0x0",
		"// tcpcheck: config MSL_us=1000000 SynRetries=3 Retries=4",
		"// tcpcheck: violation BlindResetResistance",
		"listen(3, 1) = 0",
		"< S 0:0(0)",
		"> S. 0:0(0) ack 1",
		"< R 2:2(0)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	if r.Name() != "BlindResetResistance-"+r.Hash() || len(r.Hash()) != 8 {
		t.Errorf("name %q", r.Name())
	}
}

// The pcap holds every segment of the trace with valid checksums: read
// back with capture's reader always, and with tshark when installed.
func TestReproPcap(t *testing.T) {
	r := resetRepro(t)
	path := filepath.Join(t.TempDir(), "r.pcap")
	var b bytes.Buffer
	if err := r.Trace.WritePcap(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	in, out := r.Trace.Segments()
	rd, err := capture.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	var flags []string
	for {
		f, err := rd.Next()
		if err != nil {
			break
		}
		var p segment.Packet
		if err := p.DecodePadded(f.IP); err != nil {
			t.Fatalf("frame %d: %v", f.Number, err)
		}
		if !p.ChecksumOK() {
			t.Errorf("frame %d: bad TCP checksum", f.Number)
		}
		flags = append(flags, p.TCP.Flags.String())
	}
	if len(flags) != in+out || len(flags) != 4 {
		t.Errorf("%d frames %v, want the %d segments in and %d out", len(flags), flags, in, out)
	}
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Log("tshark not installed: the pcap was checked with capture's reader only")
		return
	}
	cmd := exec.Command(tshark, "-r", path, "-o", "tcp.check_checksum:TRUE", "-T", "fields",
		"-e", "tcp.flags.str", "-e", "tcp.checksum.status")
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if len(lines) != len(flags) {
		t.Fatalf("tshark read %d frames, want %d:\n%s", len(lines), len(flags), got)
	}
	for i, l := range lines {
		if !strings.HasSuffix(l, "\t1") { // 1: good, 0: bad, 2: not verified
			t.Errorf("tshark frame %d: %q, want a good checksum", i+1, l)
		}
	}
}
