package shrink

import (
	"bytes"
	"encoding/hex"
	"strconv"
	"unicode/utf8"

	"tcpcheck/runner"
	"tcpcheck/script"
)

// BytesResult is a shrunk raw input.
type BytesResult struct {
	Data    []byte
	Failure Failure
	Stats   Stats
}

// bytesWorld is the predicate over raw inputs: check's error or panic.
type bytesWorld struct {
	check func([]byte) error
	want  Failure
	s     *session
}

// run calls check and returns its failure.
func (w *bytesWorld) run(b []byte) (f Failure) {
	defer func() {
		if r := recover(); r != nil {
			f = panicFailure(r)
		}
	}()
	if err := w.check(b); err != nil {
		return errorFailure(err)
	}
	return Failure{}
}

// Classed is an error that says which failure it is: Bytes keeps its
// Class (a fuzz target's property, say) instead of its message's.
type Classed interface {
	error
	Class() string
}

// errorFailure classifies an error of a check.
func errorFailure(err error) Failure {
	msg := err.Error()
	if c, ok := err.(Classed); ok {
		return Failure{Kind: Error, Class: c.Class(), Message: msg}
	}
	return Failure{Kind: Error, Class: errorClass(msg), Message: msg}
}

func (w *bytesWorld) fails(b []byte) bool {
	return w.s.cached(w.s.hash(b), func() bool {
		f := w.run(b)
		return w.want.Same(&f)
	})
}

// CheckBytes calls check on data and returns how it fails: a panic (Kind
// Panic), an error (Kind Error, its class from Classed or from its message
// up to the first digit), or Kind NoFailure.
func CheckBytes(data []byte, check func([]byte) error) Failure {
	return (&bytesWorld{check: check}).run(data)
}

// Bytes shrinks data, on which check fails (returns an error or panics),
// to a smaller input on which it fails the same way: the same panic site,
// or an error of the same class (see CheckBytes). Text (valid UTF-8 with
// line breaks) is cut by lines first; then ddmin works on bytes, and the
// bytes of binary input are lowered (to zero, one, half, or by one) where
// that keeps the failure. It returns ErrNoFailure when check does not fail on
// data; data is not changed.
func Bytes(data []byte, check func([]byte) error, opt Options) (*BytesResult, error) {
	w := &bytesWorld{check: check}
	w.want = w.run(data)
	if w.want.Kind == NoFailure {
		return nil, ErrNoFailure
	}
	w.s = newSession(opt, len(data))
	cur := append([]byte(nil), data...)
	text := utf8.Valid(cur) && bytes.IndexByte(cur, '\n') >= 0
	for round := 0; round < maxRounds && !w.s.spent(); round++ {
		before := string(cur)
		if text {
			w.s.begin("lines", len(cur))
			cur = bytes.Join(ddmin(w.s, bytes.SplitAfter(cur, []byte("\n")), func(lines [][]byte) bool {
				return w.fails(bytes.Join(lines, nil))
			}), nil)
		}
		w.s.begin("ddmin", len(cur))
		cur = ddmin(w.s, cur, w.fails)
		if !text {
			w.s.begin("lower", len(cur))
			lowerBytes(w, cur)
		}
		if before == string(cur) {
			break
		}
	}
	res := &BytesResult{Data: cur, Failure: w.run(cur)}
	res.Stats = w.s.finish(len(cur))
	return res, nil
}

// maxNoteBytes is how much of a raw input the script's header shows.
const maxNoteBytes = 128

// BytesRepro is the repro of a shrunk raw input: body shows it as a script
// (a fuzz target's convert.Target.ToScript, or nil for a comment holding
// the bytes), which is also replayed for the trace; check names the Go
// function a regression test calls on the input ("fuzz.SegmentDecode").
func BytesRepro(res *BytesResult, body *script.Script, check, source string) *Repro {
	if body == nil {
		body = &script.Script{Lines: []script.Line{{Event: &script.Comment{Text: " input: " + hex.EncodeToString(res.Data)}}}}
	}
	r := &Repro{Failure: res.Failure, Stats: res.Stats, Source: source, Body: body, Input: res.Data, Check: check, Unit: "bytes"}
	r.Trace = RecordScript(body, runner.Options{})
	r.Trace.Failure, r.Trace.Marked = res.Failure, -1 // the check's failure, not the replay's
	shown, more := res.Data, ""
	if len(shown) > maxNoteBytes {
		shown, more = shown[:maxNoteBytes], "..."
	}
	r.Notes = append(r.Notes, "input ("+strconv.Itoa(len(res.Data))+" bytes): "+hex.EncodeToString(shown)+more)
	return r
}

// lowerBytes lowers each byte, to 0, else 1, else half its value, else
// one less, as long as the input still fails. Halving and decrementing
// take a length field down (a TCP data offset from 6 words to 5), after
// which ddmin can remove what it covered.
func lowerBytes(w *bytesWorld, b []byte) {
	for i := range b {
		for lowerByte(w, b, i) {
		}
	}
}

// lowerByte tries the lower values of byte i and keeps the first that
// still fails.
func lowerByte(w *bytesWorld, b []byte, i int) bool {
	old := b[i]
	if old == 0 {
		return false
	}
	for _, v := range []byte{0, 1, old / 2, old - 1} {
		if v >= old {
			continue
		}
		b[i] = v
		if w.fails(b) {
			return true
		}
	}
	b[i] = old
	return false
}
