package main

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// frame is how argument values sit in a raw input (see the package doc).
type frame uint8

const (
	frameRaw   frame = iota // the single []byte or string argument, as is
	frameGo118              // go-118-fuzz-build's argument encoding
)

func parseFrame(s string) (frame, error) {
	switch s {
	case "raw":
		return frameRaw, nil
	case "go118":
		return frameGo118, nil
	}
	return 0, fmt.Errorf("-frame: want raw or go118, not %q", s)
}

// errNoForm marks an input that has no form on the other side; such inputs
// are skipped, not failed.
var errNoForm = errors.New("no form")

// skip is an input with no form on the other side, and why.
type skip struct{ why string }

func (s *skip) Error() string { return s.why }
func (s *skip) Unwrap() error { return errNoForm }

// encode turns the values of a native file into a raw input. A mismatch
// between the values and the framing is an error of the file (the caller
// adds its name); an unrepresentable value is a *skip.
func encode(f frame, vs []value) ([]byte, error) {
	if f == frameRaw {
		if len(vs) != 1 || (vs[0].kind != kBytes && vs[0].kind != kString) {
			return nil, fmt.Errorf("-frame raw holds one []byte or string argument, this file has %s (use -frame go118)", typeList(kinds(vs)))
		}
		return vs[0].b, nil
	}
	return encodeGo118(vs)
}

// encodeGo118 lays the values out as go-118-fuzz-build's reader takes
// them. Lengths depend on what follows, so the layout is built backwards.
func encodeGo118(vs []value) ([]byte, error) {
	var tail []byte
	for i := len(vs) - 1; i >= 0; i-- {
		seg, err := go118Segment(vs[i], len(tail))
		if err != nil {
			return nil, &skip{fmt.Sprintf("argument %d: %v", i+1, err)}
		}
		tail = append(seg, tail...)
	}
	if len(tail) > maxInput {
		return nil, &skip{"longer than the engine reads"}
	}
	return tail, nil
}

// maxInput bounds the offsets go-118-fuzz-build's reader accepts for a
// string (go-fuzz-headers' MaxTotalLen); longer inputs are not produced.
const maxInput = 2000000

// go118Segment encodes one value given how many bytes follow it.
func go118Segment(v value, rest int) ([]byte, error) {
	var b []byte
	switch v.kind {
	case kBytes:
		// The reader takes length L as L if L equals the bytes left, else
		// L mod the bytes left, and 0 as 30: an empty slice is 2*rest.
		n := len(v.b)
		if n == 0 {
			if rest == 0 {
				return nil, errors.New("an empty last []byte has no go118 form")
			}
			n = 2 * rest
		}
		b = binary.BigEndian.AppendUint32(b, uint32(n))
		return append(b, v.b...), nil
	case kString:
		if len(v.b) == 0 && rest == 0 {
			return nil, errors.New("an empty last string has no go118 form")
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(v.b)))
		return append(b, v.b...), nil
	case kBool:
		return []byte{byte(1 - v.n)}, nil // even is true
	}
	return go118Number(v), nil
}

// go118Number encodes integers and floats: big-endian, and for the 16- and
// 64-bit ones an odd byte after them (odd means big-endian to the reader).
func go118Number(v value) []byte {
	switch v.kind.bits() {
	case 8:
		return []byte{byte(v.n)}
	case 16:
		return append(binary.BigEndian.AppendUint16(nil, uint16(v.n)), 1)
	case 32:
		b := binary.BigEndian.AppendUint32(nil, uint32(v.n))
		if v.kind == kFloat32 {
			b = append(b, 1)
		}
		return b
	}
	return append(binary.BigEndian.AppendUint64(nil, v.n), 1)
}

// decode turns a raw input into the values of the given kinds; an input
// the engine would never hand to the target is a *skip.
func decode(f frame, ks []kind, data []byte) ([]value, error) {
	if f == frameRaw {
		if len(ks) != 1 || (ks[0] != kBytes && ks[0] != kString) {
			return nil, fmt.Errorf("-frame raw holds one []byte or string argument, not %s (use -frame go118)", typeList(ks))
		}
		return []value{{kind: ks[0], b: append([]byte(nil), data...)}}, nil
	}
	r := go118Reader{data: data}
	vs := make([]value, len(ks))
	for i, k := range ks {
		v, ok := r.value(k)
		if !ok {
			return nil, &skip{fmt.Sprintf("too short for argument %d (%s) at byte offset %d", i+1, k, r.pos)}
		}
		vs[i] = v
	}
	return vs, nil
}
