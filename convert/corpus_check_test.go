package convert

import (
	"os"
	"path/filepath"
	"testing"

	"tcpcheck/script"
)

// Every corpus script converts to a scenario, and the monitors hold on its
// stimuli.
func TestCheckCorpusScripts(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "corpus", "scripts", "*", "*.pkt"))
	if len(files) == 0 {
		t.Fatal("no corpus scripts")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := script.Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		v, err := CheckScript(s)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if v != nil {
			t.Errorf("%s: %v", f, v)
		}
	}
}
