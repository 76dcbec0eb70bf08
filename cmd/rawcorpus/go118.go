package main

import "encoding/binary"

// go118Reader reads argument values exactly as go-118-fuzz-build's
// testing.F does (through go-fuzz-headers' ConsumeFuzzer), so that a raw
// input converts to the arguments the target was called with.
type go118Reader struct {
	data []byte
	pos  int
}

func (r *go118Reader) left() int { return len(r.data) - r.pos }

func (r *go118Reader) next(n int) ([]byte, bool) {
	if r.left() < n {
		return nil, false
	}
	b := r.data[r.pos : r.pos+n]
	r.pos += n
	return b, true
}

// bigEndian reads the flag byte after 16- and 64-bit numbers: odd is
// big-endian, even little-endian.
func (r *go118Reader) bigEndian() (bool, bool) {
	b, ok := r.next(1)
	return ok && b[0]%2 == 1, ok
}

func (r *go118Reader) value(k kind) (value, bool) {
	v := value{kind: k}
	var ok bool
	switch k {
	case kBytes:
		v.b, ok = r.bytes()
	case kString:
		v.b, ok = r.string()
	case kBool:
		var b []byte
		if b, ok = r.next(1); ok && b[0]%2 == 0 {
			v.n = 1
		}
	default:
		v.n, ok = r.number(k)
	}
	if ok && v.b != nil {
		v.b = append([]byte(nil), v.b...)
	}
	return v, ok
}

// bytes mirrors ConsumeFuzzer.GetBytes: a 4-byte length, 0 read as 30,
// taken modulo the bytes left unless equal to them.
func (r *go118Reader) bytes() ([]byte, bool) {
	lb, ok := r.next(4)
	if !ok {
		return nil, false
	}
	n := uint64(binary.BigEndian.Uint32(lb))
	if n == 0 {
		n = 30
	}
	left := uint64(r.left())
	if left == 0 {
		return nil, false
	}
	if n != left {
		n %= left
	}
	b, _ := r.next(int(n))
	return append([]byte{}, b...), true
}

// string mirrors ConsumeFuzzer.GetString: an exact 4-byte length, and at
// least one byte left after it.
func (r *go118Reader) string() ([]byte, bool) {
	if r.left() == 0 {
		return nil, false
	}
	lb, ok := r.next(4)
	if !ok || r.pos > maxInput || r.left() == 0 {
		return nil, false
	}
	b, ok := r.next(int(binary.BigEndian.Uint32(lb)))
	return append([]byte{}, b...), ok
}

// number reads an integer or float of kind k (see go118Number).
func (r *go118Reader) number(k kind) (uint64, bool) {
	n := k.bits() / 8
	b, ok := r.next(n)
	if !ok {
		return 0, false
	}
	flagged := n == 2 || n == 8 || k == kFloat32
	be := true
	if flagged {
		if be, ok = r.bigEndian(); !ok {
			return 0, false
		}
	}
	var u uint64
	for i := range b {
		if be {
			u = u<<8 | uint64(b[i])
		} else {
			u = u<<8 | uint64(b[n-1-i])
		}
	}
	return u, true
}
