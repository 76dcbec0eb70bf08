package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"tcpcheck/observe"
	"tcpcheck/properties"
)

// The committed seeds are exactly the generator's output: every seed file
// has the content corpusgen writes, and no other .pkt file is under seeds/.
// (make corpus regenerates them.)
func TestSeedsAreGenerated(t *testing.T) {
	want := map[string]bool{}
	for _, s := range Seeds() {
		path := filepath.Join(SeedsDir, filepath.FromSlash(s.Path))
		if want[path] {
			t.Errorf("two seeds write %s", path)
		}
		want[path] = true
		text, v := s.Text()
		if v != nil {
			t.Errorf("%s: the reference endpoint violates %v", path, v)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (run make corpus)", err)
			continue
		}
		if !bytes.Equal(got, text) {
			t.Errorf("%s differs from the generator's output (run make corpus)", path)
		}
	}
	var extra []string
	_ = filepath.WalkDir(SeedsDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".pkt") && !want[path] {
			extra = append(extra, path)
		}
		return nil
	})
	sort.Strings(extra)
	for _, p := range extra {
		t.Errorf("%s is not generated (run make corpus to remove it)", p)
	}
	if n := len(want); n < 200 || n > 400 {
		t.Errorf("%d seeds; a few hundred are wanted", n)
	}
}

// Generating twice gives the same text: the seeds are deterministic.
func TestSeedsDeterministic(t *testing.T) {
	a, b := Seeds(), Seeds()
	for i := range a {
		ta, _ := a[i].Text()
		tb, _ := b[i].Text()
		if !bytes.Equal(ta, tb) {
			t.Fatalf("%s differs between two generations", a[i].Path)
		}
	}
}

// The steps before each state seed's probe bring the endpoint to the
// state its folder names.
func TestStateSetups(t *testing.T) {
	for _, st := range states() {
		var last observe.State
		w := properties.OpenWorld{Sink: func(ev *observe.Event) {
			if ev.Kind == observe.Change {
				last = ev.To
			}
		}}
		sc := scenario(st.passive, st.steps...)
		if v := w.Run(&sc); v != nil {
			t.Errorf("%s: %v", st.dir, v)
		}
		if last != st.state {
			t.Errorf("%s: the setup ends in %s", st.dir, last)
		}
	}
}
