package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"

	"tcpcheck/convert"
	"tcpcheck/script"
	"tcpcheck/shrink"
	"tcpcheck/wirecheck"
)

// load reads the input, finds how it fails and shrinks it.
func load(c *config, opt shrink.Options) (*shrink.Repro, error) {
	if c.input == "" {
		return loadSim(c, opt)
	}
	data, err := os.ReadFile(c.input)
	if err != nil {
		return nil, badInput{err}
	}
	switch {
	case bytes.HasPrefix(data, []byte("go test fuzz v1")):
		return loadCrasher(c, data, opt)
	case isCapture(data):
		return loadCapture(c, opt)
	}
	s, err := script.Parse(c.input, data)
	if err != nil {
		return nil, badInput{err}
	}
	return shrink.ShrinkScript(s, "script "+c.input, opt)
}

// captureMagic are the first bytes of the capture files wirecheck reads:
// pcap in either byte order, with micro- or nanosecond times, pcapng, and
// gzip.
var captureMagic = [][]byte{
	{0xd4, 0xc3, 0xb2, 0xa1}, {0xa1, 0xb2, 0xc3, 0xd4},
	{0x4d, 0x3c, 0xb2, 0xa1}, {0xa1, 0xb2, 0x3c, 0x4d},
	{0x0a, 0x0d, 0x0d, 0x0a}, {0x1f, 0x8b},
}

func isCapture(data []byte) bool {
	for _, m := range captureMagic {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	return false
}

// loadCapture replays one endpoint of one connection of a capture.
func loadCapture(c *config, opt shrink.Options) (*shrink.Repro, error) {
	s, desc, err := shrink.PcapScript(c.input, shrink.PcapChoice{Conn: c.conn, Tuple: c.tuple, Side: c.side})
	if err != nil {
		if errors.Is(err, wirecheck.ErrNoTCP) {
			return nil, bad("%v", err)
		}
		return nil, badInput{err}
	}
	return shrink.ShrinkScript(s, "capture "+desc, opt)
}

// crasherTarget is the fuzz target of a crasher: -target, or the name of
// the folder go test wrote it to (testdata/fuzz/FuzzX/HASH).
func crasherTarget(c *config) string {
	if c.target != "" {
		return c.target
	}
	return filepath.Base(filepath.Dir(c.input))
}

// loadCrasher shrinks a native fuzz crasher of a known target.
func loadCrasher(c *config, data []byte, opt shrink.Options) (*shrink.Repro, error) {
	in, err := convert.ParseCorpus(c.input, data)
	if err != nil {
		return nil, badInput{err}
	}
	name := crasherTarget(c)
	e, ok := targetByName(name)
	if !ok {
		if t, known := convert.Lookup(name); known {
			_, err := t.ToScript(in) // the rapid-driven targets: why their inputs cannot be read here
			return nil, bad("%s: %s crashers cannot be shrunk as bytes: %v", c.input, name, err)
		}
		return nil, bad("%s: unknown fuzz target %q (use -target; known: %s)", c.input, name, targetNames())
	}
	return shrinkCrasher(e, in, name+" crasher "+c.input, opt)
}
