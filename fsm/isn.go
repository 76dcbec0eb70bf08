package fsm

import (
	"encoding/binary"

	"tcpcheck/seq"
)

// isnSecret keys DefaultISN. A fixed key keeps the endpoint deterministic;
// a deployment would draw it at random (RFC 6528 §3).
var isnSecret = [2]uint64{0x736f6d6570736575, 0x646f72616e646f6d}

// DefaultISN chooses ISN = M + F(4-tuple, secret), the scheme of RFC 6528
// §3: M is a timer ticking every 4 microseconds and F a keyed hash of the
// connection's addresses and ports, here a SipHash-2-4-style mix.
func DefaultISN(now Time, t Tuple) seq.Num {
	var buf [36]byte
	l, r := t.LocalAddr.As16(), t.RemoteAddr.As16()
	copy(buf[0:16], l[:])
	copy(buf[16:32], r[:])
	binary.BigEndian.PutUint16(buf[32:], t.LocalPort)
	binary.BigEndian.PutUint16(buf[34:], t.RemotePort)
	m := uint32(now / (4 * Microsecond))
	return seq.Num(m + uint32(keyedHash(buf[:])))
}

// keyedHash mixes b under isnSecret with SipHash-style rounds.
func keyedHash(b []byte) uint64 {
	v0, v1 := isnSecret[0]^0x736f6d6570736575, isnSecret[1]^0x646f72616e646f6d
	v2, v3 := isnSecret[0]^0x6c7967656e657261, isnSecret[1]^0x7465646279746573
	for len(b) >= 8 {
		m := binary.LittleEndian.Uint64(b)
		v3 ^= m
		v0, v1, v2, v3 = sipRound(sipRound(v0, v1, v2, v3))
		v0 ^= m
		b = b[8:]
	}
	var last [8]byte
	copy(last[:], b)
	m := binary.LittleEndian.Uint64(last[:]) | uint64(len(b))<<56
	v3 ^= m
	v0, v1, v2, v3 = sipRound(sipRound(v0, v1, v2, v3))
	v0 ^= m
	v2 ^= 0xff
	for i := 0; i < 4; i++ {
		v0, v1, v2, v3 = sipRound(v0, v1, v2, v3)
	}
	return v0 ^ v1 ^ v2 ^ v3
}

func sipRound(v0, v1, v2, v3 uint64) (uint64, uint64, uint64, uint64) {
	v0 += v1
	v1 = v1<<13 | v1>>51
	v1 ^= v0
	v0 = v0<<32 | v0>>32
	v2 += v3
	v3 = v3<<16 | v3>>48
	v3 ^= v2
	v0 += v3
	v3 = v3<<21 | v3>>43
	v3 ^= v0
	v2 += v1
	v1 = v1<<17 | v1>>47
	v1 ^= v2
	v2 = v2<<32 | v2>>32
	return v0, v1, v2, v3
}
