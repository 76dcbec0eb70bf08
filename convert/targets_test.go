package convert

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/script"
)

// corpusScripts parses the hand-written corpus.
func corpusScripts(t *testing.T) []*script.Script {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "corpus", "scripts", "*", "*.pkt"))
	if len(files) == 0 {
		t.Fatal("no corpus scripts")
	}
	var out []*script.Script
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := script.Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// Every target but the rapid ones turns every corpus script into seeds,
// and shows each seed as a script that prints and parses again.
func TestTargetsConvertCorpus(t *testing.T) {
	scripts := corpusScripts(t)
	for _, tg := range Targets() {
		rapidTarget := tg.Name == "FuzzOpenWorldRapid" || tg.Name == "FuzzClosedWorldRapid"
		seeds := 0
		for _, s := range scripts {
			got, err := tg.FromScript(s)
			if rapidTarget {
				if err == nil {
					t.Errorf("%s: FromScript gave seeds", tg.Name)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", tg.Name, err)
				continue
			}
			for _, b := range got {
				seeds++
				shown, err := tg.ToScript(b)
				if err != nil {
					t.Errorf("%s: ToScript of a seed: %v", tg.Name, err)
					continue
				}
				if _, err := script.Parse("shown.pkt", []byte(shown.String())); err != nil {
					t.Errorf("%s: the shown script does not parse: %v\n%s", tg.Name, err, shown)
				}
			}
		}
		if !rapidTarget && seeds < len(scripts) {
			t.Errorf("%s: %d seeds from %d scripts", tg.Name, seeds, len(scripts))
		}
		if _, err := tg.ToScript([]byte{1, 2, 3}); rapidTarget && !errors.Is(err, ErrRapidInput) {
			t.Errorf("%s: ToScript = %v, want ErrRapidInput", tg.Name, err)
		}
	}
}

// A codec target's seed shows as the packet line it came from: same
// flags, numbers, length and window.
func TestCodecSeedsShowTheirLine(t *testing.T) {
	s, err := script.Parse("p.pkt", []byte("0 < S. 7:7(0) ack 9 win 1000 <mss 1460,sackOK,nop,wscale 7>\n+0 > P. 1:11(10) ack 8 win 5\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"FuzzSegmentDecode", "FuzzChecksum", "FuzzIPDecode"} {
		tg, _ := Lookup(name)
		seeds, err := tg.FromScript(s)
		if err != nil || len(seeds) != 2 {
			t.Fatalf("%s: %d seeds, %v", name, len(seeds), err)
		}
		for i, b := range seeds {
			shown, err := tg.ToScript(b)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got := packetLine(shown)
			want := s.Lines[i].Event.(*script.Packet)
			if got == nil || got.Flags != want.Flags || got.Seq != want.Seq || got.Len != want.Len ||
				got.Ack != want.Ack || got.Win != want.Win || len(got.Options) != len(want.Options) {
				t.Errorf("%s seed %d shows %v, want %v", name, i, got, want)
			}
		}
	}
}

func packetLine(s *script.Script) *script.Packet {
	for _, l := range s.Lines {
		if pk, ok := l.Event.(*script.Packet); ok {
			return pk
		}
	}
	return nil
}

// No converter panics on any input; Lookup finds each target by name and
// nothing else.
func TestTargetsTotal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOfN(rapid.Byte(), 0, 200).Draw(t, "input")
		for _, tg := range Targets() {
			s, err := tg.ToScript(b)
			if err == nil && s == nil {
				t.Fatalf("%s: nil script and no error", tg.Name)
			}
		}
	})
	for _, tg := range Targets() {
		if got, ok := Lookup(tg.Name); !ok || got.Name != tg.Name || got.Package != "./fuzz" {
			t.Errorf("Lookup(%s) = %+v, %v", tg.Name, got.Name, ok)
		}
	}
	if _, ok := Lookup("FuzzNothing"); ok {
		t.Error("Lookup found FuzzNothing")
	}
}

// A script without an open has nothing for the world targets, and one
// without packets nothing for the codec targets.
func TestFromScriptNothing(t *testing.T) {
	s, _ := script.Parse("n.pkt", []byte("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"))
	for _, name := range []string{"FuzzOpenWorld", "FuzzClosedWorld", "FuzzSegmentDecode", "FuzzIPDecode"} {
		tg, _ := Lookup(name)
		if _, err := tg.FromScript(s); err == nil {
			t.Errorf("%s: FromScript gave seeds for a script with nothing", name)
		}
	}
}
