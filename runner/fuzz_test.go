package runner_test

import (
	"os"
	"path/filepath"
	"testing"

	"tcpcheck/runner"
	"tcpcheck/script"
)

// FuzzRun checks that running any script that parses never panics: the
// runner and the sockets layer under it answer bad values with a failure.
// Seeds are tcpcheck's own corpus scripts.
func FuzzRun(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "corpus", "scripts", "*", "*.pkt"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := script.Parse("fuzz.pkt", []byte(text))
		if err != nil {
			return
		}
		res := runner.Run(s, runner.Options{})
		if res.Passed == (res.Failure != nil) {
			t.Fatalf("Passed %v with failure %v", res.Passed, res.Failure)
		}
	})
}
