package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpcheck/capture"
)

// -mutant runs a simulation against a deliberately broken endpoint: the
// command shrinks it to a script and a ladder and writes a pcap whose
// checksums verify.
func TestMutantSimulation(t *testing.T) {
	dir := t.TempDir()
	out, pcap := filepath.Join(dir, "min.pkt"), filepath.Join(dir, "min.pcap")
	code, _, stderr := shrinkRun(t, "-mutant", "Stutter", "-sim", "3", "-o", out, "-pcap", pcap)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "<== StreamIntegrity") || !strings.Contains(lastLine(stderr), "StreamIntegrity:") {
		t.Errorf("no ladder marker or summary for StreamIntegrity:\n%s", stderr)
	}
	src, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(src), "// tcpcheck shrink: StreamIntegrity") {
		t.Fatalf("script %v:\n%s", err, src)
	}
	r, err := capture.Open(pcap)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	frames := 0
	for {
		if _, err := r.Next(); err != nil {
			break
		}
		frames++
	}
	if frames < 5 {
		t.Errorf("pcap holds %d frames", frames)
	}
}

func TestMutantUnknown(t *testing.T) {
	wantBad(t, `-mutant "Nope": no such broken endpoint`, "-mutant", "Nope", "-sim", "1")
}
