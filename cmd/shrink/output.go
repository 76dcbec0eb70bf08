package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"tcpcheck/convert"
	"tcpcheck/shrink"
)

// file is one output file and its content.
type file struct {
	path string
	data []byte
}

// write produces every output the command line asks for. All of them are
// built in memory first, so that an error leaves nothing written.
func write(c *config, r *shrink.Repro, stdout, stderr io.Writer) error {
	savePath, shown, err := savePaths(c, r)
	if err != nil {
		return err
	}
	text := []byte(r.Script(shown).String())
	var ladder bytes.Buffer
	if err := r.Trace.Ladder(&ladder); err != nil {
		return err
	}
	files, err := build(c, r, savePath, shown, text, ladder.Bytes())
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
			return err
		}
	}
	if c.out == "" {
		if _, err := stdout.Write(text); err != nil {
			return err
		}
	}
	if !c.quiet {
		stderr.Write(ladder.Bytes())
	}
	if savePath != "" {
		fmt.Fprintf(stderr, "shrink: saved %s\n", savePath)
	}
	return nil
}

// savePaths returns where -save writes ("" without it) and the path the
// script's replay line names: -o's, else the saved file's relative to the
// module, else "".
func savePaths(c *config, r *shrink.Repro) (savePath, shown string, err error) {
	shown = c.out
	if !c.save {
		return "", shown, nil
	}
	dir, err := saveDir(c)
	if err != nil {
		return "", "", err
	}
	savePath = filepath.Join(dir, r.Name()+".pkt")
	if shown == "" {
		shown = savePath
		if rel, err := relToModule(savePath); err == nil {
			shown = rel
		}
	}
	return savePath, shown, nil
}

// build makes the content of every output file asked for.
func build(c *config, r *shrink.Repro, savePath, shown string, text, ladder []byte) ([]file, error) {
	var files []file
	add := func(path string, data func() ([]byte, error)) error {
		if path == "" {
			return nil
		}
		b, err := data()
		files = append(files, file{path, b})
		return err
	}
	same := func(b []byte) func() ([]byte, error) { return func() ([]byte, error) { return b, nil } }
	for _, err := range []error{
		add(c.out, same(text)),
		add(savePath, same(text)),
		add(c.ladder, same(ladder)),
		add(c.pcap, func() ([]byte, error) {
			var b bytes.Buffer
			err := r.Trace.WritePcap(&b)
			return b.Bytes(), err
		}),
		add(c.gotest, func() ([]byte, error) { return r.GoTest(c.gotestPkg, shown) }),
		add(c.crasher, func() ([]byte, error) {
			if r.Input == nil {
				return nil, errors.New("-crasher: the input was not a byte-level fuzz crasher")
			}
			return convert.FormatCorpus(r.Input), nil
		}),
	} {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// saveDir is -save-dir, or corpus/regressions of the tcpcheck module the
// current directory is in (created if needed).
func saveDir(c *config) (string, error) {
	dir := c.saveDir
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "corpus", "regressions")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, nil
}

// moduleRoot finds the directory of tcpcheck's go.mod from the current
// directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.HasPrefix(b, []byte("module tcpcheck\n")) {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("-save: not inside the tcpcheck module (use -save-dir)")
		}
		dir = up
	}
}

// relToModule writes path relative to the module root, as the replay
// command of the script's header is run from there.
func relToModule(path string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.Rel(root, abs)
}
