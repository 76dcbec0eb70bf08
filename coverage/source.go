package coverage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"tcpcheck/script"
)

// Source is a set of stored inputs: the native corpus files of one fuzz
// target (testdata/fuzz/FuzzX and the build cache's copy), or, when Target
// is empty, trees of .pkt scripts. Missing directories are skipped.
type Source struct {
	Target string
	Dirs   []string
}

// Name is the target's name, or "scripts".
func (s *Source) Name() string {
	if s.Target == "" {
		return "scripts"
	}
	return s.Target
}

// Tally is what replaying a Source did.
type Tally struct {
	Source   string
	Replayed int    // inputs replayed and counted
	Skipped  int    // inputs that could not be replayed
	FirstErr string // the first skipped input and why
}

// Replay replays every input of src once (a file name seen in two
// directories is one input: go test names corpus files by their content).
// read decodes a native corpus file (convert.ReadCorpusFile). The error is
// for a directory that exists but cannot be walked.
func (r *Replayer) Replay(src Source, read func(string) ([]byte, error)) (Tally, error) {
	t := Tally{Source: src.Name()}
	files, err := listFiles(src)
	if err != nil {
		return t, err
	}
	for _, f := range files {
		if err := r.replayFile(src.Target, f, read); err != nil {
			if t.Skipped == 0 {
				t.FirstErr = f + ": " + err.Error()
			}
			t.Skipped++
			continue
		}
		t.Replayed++
	}
	return t, nil
}

// replayFile replays one input. A panic (a crasher the fuzzer stored) is
// the input's error: what it exercised before panicking stays counted.
func (r *Replayer) replayFile(target, file string, read func(string) ([]byte, error)) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	if target == "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		s, err := script.Parse(file, b)
		if err != nil {
			return err
		}
		return r.Script(s)
	}
	data, err := read(file)
	if err != nil {
		return err
	}
	return r.Input(target, data)
}

// listFiles returns the inputs of src in a fixed order, each file name once.
func listFiles(src Source) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, dir := range src.Dirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			switch {
			case err != nil && p == dir && errors.Is(err, fs.ErrNotExist):
				return fs.SkipDir
			case err != nil:
				return err
			case d.IsDir():
				if p != dir && src.Target != "" {
					return fs.SkipDir // a native corpus is flat
				}
				return nil
			case src.Target == "" && !strings.HasSuffix(p, ".pkt"):
				return nil
			}
			key := d.Name()
			if src.Target == "" {
				key = p
			}
			if !seen[key] {
				seen[key] = true
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}
