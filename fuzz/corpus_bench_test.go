package fuzz

import (
	"os"
	"path/filepath"
	"testing"

	"tcpcheck/convert"
)

// BenchmarkCorpus runs every target of All over the inputs the fuzzer has
// stored for it (testdata and the Go build cache's fuzz folder), one op
// per input, so that its per-input cost is measured on what a campaign
// actually runs. Targets without stored inputs are left out.
func BenchmarkCorpus(b *testing.B) {
	cache := goCache()
	for _, e := range All {
		inputs := storedInputs(b, e.Name, cache)
		if len(inputs) == 0 {
			continue
		}
		b.Run(e.Name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				_ = e.Check(inputs[i%len(inputs)])
				i++
			}
		})
	}
}

// goCache is the Go build cache folder: $GOCACHE, else the default.
func goCache() string {
	if c := os.Getenv("GOCACHE"); c != "" {
		return c
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "go-build")
	}
	return ""
}

// storedInputs reads the fuzzer's stored inputs for the named target;
// files that do not parse as corpus files are skipped.
func storedInputs(tb testing.TB, name, cache string) [][]byte {
	var dirs = []string{filepath.Join("testdata", "fuzz", name)}
	if cache != "" {
		dirs = append(dirs, filepath.Join(cache, "fuzz", "tcpcheck", "fuzz", name))
	}
	var out [][]byte
	for _, d := range dirs {
		ents, _ := os.ReadDir(d)
		for _, en := range ents {
			in, err := convert.ReadCorpusFile(filepath.Join(d, en.Name()))
			if err != nil {
				continue
			}
			out = append(out, in)
		}
	}
	return out
}
