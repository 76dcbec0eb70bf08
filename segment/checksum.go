package segment

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
)

// ProtocolTCP is TCP's IP protocol number.
const ProtocolTCP = 6

// Sum returns the 16-bit one's complement sum of b (RFC 1071), added to
// initial and folded to 16 bits. An odd final byte is padded with zero.
func Sum(b []byte, initial uint16) uint16 {
	var acc, carry uint64
	acc = uint64(initial)
	for len(b) >= 32 {
		acc, carry = bits.Add64(acc, binary.BigEndian.Uint64(b), carry)
		acc, carry = bits.Add64(acc, binary.BigEndian.Uint64(b[8:]), carry)
		acc, carry = bits.Add64(acc, binary.BigEndian.Uint64(b[16:]), carry)
		acc, carry = bits.Add64(acc, binary.BigEndian.Uint64(b[24:]), carry)
		b = b[32:]
	}
	for len(b) >= 8 {
		acc, carry = bits.Add64(acc, binary.BigEndian.Uint64(b), carry)
		b = b[8:]
	}
	acc, carry = bits.Add64(acc, 0, carry)
	acc += carry
	if len(b) >= 4 {
		acc, carry = bits.Add64(acc, uint64(binary.BigEndian.Uint32(b)), 0)
		acc += carry
		b = b[4:]
	}
	if len(b) >= 2 {
		acc, carry = bits.Add64(acc, uint64(binary.BigEndian.Uint16(b)), 0)
		acc += carry
		b = b[2:]
	}
	if len(b) == 1 {
		acc, carry = bits.Add64(acc, uint64(b[0])<<8, 0)
		acc += carry
	}
	return fold64(acc)
}

// fold64 folds a 64-bit one's complement accumulator to 16 bits.
func fold64(acc uint64) uint16 {
	s := (acc >> 32) + (acc & 0xffffffff)
	s = (s >> 32) + (s & 0xffffffff)
	s = (s >> 16) + (s & 0xffff)
	s = (s >> 16) + (s & 0xffff)
	return uint16(s)
}

// PseudoHeaderSum returns the one's complement sum of the pseudo-header for
// an upper-layer packet of length bytes with protocol proto between src and
// dst: the IPv4 form of RFC 9293 §3.1 when src is an IPv4 address, the IPv6
// form of RFC 8200 §8.1 otherwise (an IPv4-mapped address is what an IPv6
// packet carries, so it gets the IPv6 form), with a 32-bit length so jumbograms
// (RFC 2675) work. It never panics; the zero Addr sums as zeros.
func PseudoHeaderSum(src, dst netip.Addr, proto uint8, length int) uint16 {
	var acc uint64
	if src.Is4() {
		s, d := src.As16(), dst.As16()
		acc = uint64(binary.BigEndian.Uint32(s[12:])) + uint64(binary.BigEndian.Uint32(d[12:]))
	} else {
		s, d := src.As16(), dst.As16()
		for i := 0; i < 16; i += 8 {
			acc += uint64(binary.BigEndian.Uint32(s[i:])) + uint64(binary.BigEndian.Uint32(s[i+4:]))
			acc += uint64(binary.BigEndian.Uint32(d[i:])) + uint64(binary.BigEndian.Uint32(d[i+4:]))
		}
	}
	acc += uint64(proto) + uint64(uint32(length))
	return fold64(acc)
}

// Checksum returns the value the checksum field of the TCP segment tcp must
// hold, computed as if the field were zero, with pseudo as the pseudo-header
// sum (PseudoHeaderSum). It reads tcp and does not change it.
func Checksum(tcp []byte, pseudo uint16) uint16 {
	if len(tcp) < offChecksum+2 {
		return ^Sum(tcp, pseudo)
	}
	// Sum around the field: the same words as summing with it zeroed.
	return ^Sum(tcp[offChecksum+2:], Sum(tcp[:offChecksum], pseudo))
}

// FillChecksum computes the checksum of the TCP segment tcp sent from src to
// dst and writes it into the checksum field. It returns ErrBufferTooSmall,
// and changes nothing, when tcp is shorter than a TCP header.
func FillChecksum(tcp []byte, src, dst netip.Addr) error {
	if len(tcp) < HeaderLen {
		return ErrBufferTooSmall
	}
	c := Checksum(tcp, PseudoHeaderSum(src, dst, ProtocolTCP, len(tcp)))
	binary.BigEndian.PutUint16(tcp[offChecksum:], c)
	return nil
}
