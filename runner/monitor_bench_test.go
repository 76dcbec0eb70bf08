package runner_test

import (
	"os"
	"path/filepath"
	"testing"

	"tcpcheck/properties"
	"tcpcheck/runner"
	"tcpcheck/script"
)

// BenchmarkRunMonitors runs the corpus's close scripts (handshakes, data,
// half-close, TIME-WAIT) with every monitor and without, to show what
// watching every connection costs.
func BenchmarkRunMonitors(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "corpus", "scripts", "close", "*.pkt"))
	var scripts []*script.Script
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		s, err := script.Parse(f, src)
		if err != nil {
			b.Fatal(err)
		}
		scripts = append(scripts, s)
	}
	if len(scripts) == 0 {
		b.Fatal("no scripts")
	}
	for _, bc := range []struct {
		name string
		opts runner.Options
	}{{"off", runner.Options{}}, {"on", runner.Options{Monitor: properties.Sink}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				s := scripts[i%len(scripts)]
				if res := runner.Run(s, bc.opts); !res.Passed {
					b.Fatalf("%v", res.Failure)
				}
			}
		})
	}
}
