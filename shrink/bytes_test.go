package shrink

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
)

// buggyDecode is a codec with a planted bug, standing in for a codec fuzz
// target's check: it decodes with package segment, then panics on a
// segment with SYN and FIN whose window is odd.
func buggyDecode(b []byte) error {
	var s segment.Segment
	if err := s.Decode(b); err != nil {
		return nil
	}
	if s.Flags.Has(segment.SYN|segment.FIN) && s.Window%2 == 1 {
		var lens [2]int
		return errors.New(strings.Repeat("x", lens[s.Window%2+1])) // index out of range
	}
	return nil
}

func TestBytesCodecCrasher(t *testing.T) {
	syn := segment.Segment{SrcPort: 40000, DstPort: 80, Seq: 1000, Flags: segment.SYN | segment.FIN | segment.PSH, Window: 65533,
		Payload: []byte("some payload that does not matter")}
	_ = syn.Options.AddMSS(1460)
	_ = syn.Options.AddWScale(7)
	_ = syn.Options.AddTimestamps(1, 2)
	data := syn.AppendTo(nil)
	want := CheckBytes(data, buggyDecode)
	if want.Kind != Panic {
		t.Fatalf("failure %+v, want a panic", want)
	}
	res, err := Bytes(data, buggyDecode, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d -> %d bytes, %d calls: %x", res.Failure.String(), res.Stats.Original, res.Stats.Minimal, res.Stats.Calls, res.Data)
	if !res.Failure.Same(&want) {
		t.Fatalf("shrunk to %s", res.Failure.String())
	}
	if len(res.Data) != 20 {
		t.Errorf("%d bytes, want a bare 20-byte header", len(res.Data))
	}
	// Every byte that can be zero is: only the flags, the window and the
	// data offset remain.
	for i, c := range res.Data {
		if c != 0 && i != 12 && i != 13 && i != 14 && i != 15 {
			t.Errorf("byte %d is %#x, want 0", i, c)
		}
	}
	// 1-minimal: without any one byte, it no longer fails that way.
	for i := range res.Data {
		c := append(append([]byte(nil), res.Data[:i]...), res.Data[i+1:]...)
		if f := CheckBytes(c, buggyDecode); f.Same(&want) {
			t.Errorf("still fails without byte %d", i)
		}
	}
}

// A text input shrinks by lines, then by bytes: a parser-like check that
// fails on a '<' line with the URG flag and an urgent pointer.
func TestBytesTextCrasher(t *testing.T) {
	src := readFile(t, "../corpus/scripts/close/active-close-data.pkt")
	src = bytes.Replace(src, []byte("+0.05 < F. 301:301(0) ack 52 win 65535"), []byte("+0.05 < FU. 301:301(0) ack 52 win 65535 urg 1"), 1)
	check := func(b []byte) error {
		s, err := script.Parse("in.pkt", b)
		if err != nil {
			return nil
		}
		for _, l := range s.Lines {
			if pk, ok := l.Event.(*script.Packet); ok && pk.Flags.Has(segment.URG) && pk.HasUrg {
				return errors.New("urgent pointer not supported")
			}
		}
		return nil
	}
	res, err := Bytes(src, check, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d -> %d bytes, %d calls: %q", res.Stats.Original, res.Stats.Minimal, res.Stats.Calls, res.Data)
	if res.Failure.Class != "urgent pointer not supported" {
		t.Errorf("class %q", res.Failure.Class)
	}
	// Bytes go one at a time: "301:301(0)" keeps its digits, which only
	// go in pairs (a packet's length must match its numbers).
	if len(res.Data) > 20 || !bytes.Contains(res.Data, []byte("<U")) || !bytes.Contains(res.Data, []byte("urg")) {
		t.Errorf("%q: want little more than \"0<U0:0(0)urg1\"", res.Data)
	}
}

// A run-time crasher (FuzzRun's kind): a script whose replay reaches a
// panic in the code under test, here a capture hook that panics on the
// first RST sent.
func TestBytesRunCrasher(t *testing.T) {
	src := readFile(t, "../corpus/scripts/reset/half-open-restarted-side.pkt")
	check := func(b []byte) error {
		s, err := script.Parse("in.pkt", b)
		if err != nil {
			return nil
		}
		runner.Run(s, runner.Options{Capture: panicOnRST})
		return nil
	}
	want := CheckBytes(src, check)
	if want.Kind != Panic {
		t.Fatalf("the corpus script sends no RST: %+v", want)
	}
	res, err := Bytes(src, check, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d -> %d bytes, %d calls:\n%s", res.Stats.Original, res.Stats.Minimal, res.Stats.Calls, res.Data)
	if !res.Failure.Same(&want) || len(res.Data) >= len(src)/4 {
		t.Errorf("%s, %d bytes", res.Failure.String(), len(res.Data))
	}
}

func TestBytesDoesNotFail(t *testing.T) {
	if _, err := Bytes([]byte{1, 2, 3}, buggyDecode, Options{}); !errors.Is(err, ErrNoFailure) {
		t.Fatalf("err %v", err)
	}
}
