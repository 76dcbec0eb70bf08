package segment

import (
	"encoding/binary"
	"net/netip"
)

// IP header sizes and limits.
const (
	IPv4HeaderLen       = 20 // without options (RFC 791 §3.1)
	IPv6HeaderLen       = 40 // fixed header (RFC 8200 §3)
	MaxExtensionHeaders = 8  // IPv6 extension headers skipped before giving up
	jumboOptionType     = 0xc2
)

// IPv6 next-header values walked over (RFC 8200 §4).
const (
	nextHopByHop = 0
	nextRouting  = 43
	nextFragment = 44
	nextDestOpts = 60
)

// IPHeader is the IPv4 or IPv6 header that carries a segment. Decode skips
// IPv4 options and the IPv6 hop-by-hop (with a Jumbo Payload option, RFC
// 2675), routing and destination-options extension headers, and rejects
// fragments. AppendTo writes a header without options or extension headers,
// except the hop-by-hop Jumbo Payload option an IPv6 payload over 65,535
// bytes needs.
type IPHeader struct {
	Version   uint8 // 4 or 6
	TOS       uint8 // IPv4 type of service, IPv6 traffic class
	HopLimit  uint8 // IPv4 TTL, IPv6 hop limit
	Protocol  uint8 // upper-layer protocol, after any extension headers
	ID        uint16
	DontFrag  bool   // IPv4 DF bit
	FlowLabel uint32 // IPv6 only
	Src, Dst  netip.Addr
	// HeaderLen is the number of bytes before the upper-layer payload:
	// the IPv4 header with options, or the IPv6 header with its extension
	// headers. PayloadLen is the length of the upper-layer payload.
	HeaderLen  int
	PayloadLen int
	Jumbo      bool // IPv6 payload length came from a Jumbo Payload option
	protoAt    int  // offset of the field Protocol was read from
	err        Error
}

// Decode parses the IP header at the start of b and returns the upper-layer
// payload, which aliases b. The IP length must match len(b) exactly; use
// DecodePadded when b may carry link-layer padding after the packet. On
// failure it returns an *Error stored in h with the offset of the offending
// field in b.
func (h *IPHeader) Decode(b []byte) ([]byte, error) { return h.decode(b, false) }

// DecodePadded is Decode for buffers that may end with bytes past the IP
// packet (an Ethernet frame padded to 60 bytes, for example): the IP length
// decides where the packet ends, and may be shorter than b but not longer.
func (h *IPHeader) DecodePadded(b []byte) ([]byte, error) { return h.decode(b, true) }

func (h *IPHeader) decode(b []byte, padded bool) ([]byte, error) {
	*h = IPHeader{}
	if len(b) < 1 {
		return nil, h.err.set(ErrIPShort, 0, 0)
	}
	switch b[0] >> 4 {
	case 4:
		return h.decode4(b, padded)
	case 6:
		return h.decode6(b, padded)
	}
	return nil, h.err.set(ErrIPVersion, 0, int(b[0]>>4))
}

// checkLength compares the length the header claims with the buffer. On
// error it reports claimed, the length field's value, at offset at.
func (h *IPHeader) checkLength(b []byte, total, at, claimed int, padded bool) ([]byte, error) {
	if total > len(b) || (!padded && total != len(b)) {
		return nil, h.err.set(ErrIPLength, at, claimed)
	}
	h.PayloadLen = total - h.HeaderLen
	return b[h.HeaderLen:total], nil
}

// decode4 parses an IPv4 header (RFC 791 §3.1).
func (h *IPHeader) decode4(b []byte, padded bool) ([]byte, error) {
	if len(b) < IPv4HeaderLen {
		return nil, h.err.set(ErrIPShort, len(b), len(b))
	}
	ihl := int(b[0]&0x0f) * 4
	if ihl < IPv4HeaderLen || ihl > len(b) {
		return nil, h.err.set(ErrIPHeaderLength, 0, ihl/4)
	}
	total := int(binary.BigEndian.Uint16(b[2:]))
	if total < ihl {
		return nil, h.err.set(ErrIPLength, 2, total)
	}
	frag := binary.BigEndian.Uint16(b[6:])
	if frag&0x3fff != 0 { // MF set or a non-zero fragment offset
		return nil, h.err.set(ErrIPFragment, 6, int(frag))
	}
	h.Version, h.TOS, h.HopLimit, h.Protocol, h.protoAt = 4, b[1], b[8], b[9], 9
	h.ID = binary.BigEndian.Uint16(b[4:])
	h.DontFrag = frag&0x4000 != 0
	h.Src = netip.AddrFrom4([4]byte(b[12:16]))
	h.Dst = netip.AddrFrom4([4]byte(b[16:20]))
	h.HeaderLen = ihl
	return h.checkLength(b, total, 2, total, padded)
}

// decode6 parses an IPv6 header (RFC 8200 §3) and its extension headers.
func (h *IPHeader) decode6(b []byte, padded bool) ([]byte, error) {
	if len(b) < IPv6HeaderLen {
		return nil, h.err.set(ErrIPShort, len(b), len(b))
	}
	vtf := binary.BigEndian.Uint32(b)
	h.Version, h.TOS, h.FlowLabel = 6, uint8(vtf>>20), vtf&0xfffff
	h.HopLimit = b[7]
	h.Src = netip.AddrFrom16([16]byte(b[8:24]))
	h.Dst = netip.AddrFrom16([16]byte(b[24:40]))
	total := IPv6HeaderLen + int(binary.BigEndian.Uint16(b[4:]))
	jumbo, err := h.skipExtensions(b, b[6])
	if err != nil {
		return nil, err
	}
	if jumbo != 0 {
		if total != IPv6HeaderLen { // RFC 2675 §3: payload length must be 0
			return nil, h.err.set(ErrIPJumbo, 4, total-IPv6HeaderLen)
		}
		total = IPv6HeaderLen + jumbo
		h.Jumbo = true
	}
	if h.HeaderLen > total {
		return nil, h.err.set(ErrIPLength, 4, total-IPv6HeaderLen)
	}
	return h.checkLength(b, total, 4, total-IPv6HeaderLen, padded)
}

// skipExtensions walks the extension headers after the fixed IPv6 header,
// sets Protocol and HeaderLen, and returns a jumbo payload length (0 when
// there is none).
func (h *IPHeader) skipExtensions(b []byte, next uint8) (jumbo int, err error) {
	off, at := IPv6HeaderLen, 6 // at: where next was read
	for i := 0; ; i++ {
		switch next {
		case nextHopByHop, nextRouting, nextDestOpts:
		case nextFragment:
			return 0, h.err.set(ErrIPFragment, off, int(next))
		default:
			h.Protocol, h.HeaderLen, h.protoAt = next, off, at
			return jumbo, nil
		}
		if i == MaxExtensionHeaders {
			return 0, h.err.set(ErrIPTooManyExtensions, off, i)
		}
		if next == nextHopByHop && off != IPv6HeaderLen { // RFC 8200 §4.3: first only
			return 0, h.err.set(ErrIPExtension, off, int(next))
		}
		if off+8 > len(b) {
			return 0, h.err.set(ErrIPExtension, off, len(b)-off)
		}
		l := 8 + 8*int(b[off+1])
		if off+l > len(b) {
			return 0, h.err.set(ErrIPExtension, off+1, int(b[off+1]))
		}
		if next == nextHopByHop {
			if jumbo, err = h.findJumbo(b[off:off+l], off); err != nil {
				return 0, err
			}
		}
		next, at = b[off], off
		off += l
	}
}

// findJumbo scans the options of a hop-by-hop header (RFC 8200 §4.2) at
// offset base for a Jumbo Payload option (RFC 2675 §2) and returns its
// length, or 0.
func (h *IPHeader) findJumbo(ext []byte, base int) (int, error) {
	jumbo := 0
	for off := 2; off < len(ext); {
		typ := ext[off]
		if typ == 0 { // Pad1
			off++
			continue
		}
		if off+2 > len(ext) || off+2+int(ext[off+1]) > len(ext) {
			return 0, h.err.set(ErrIPExtension, base+off, int(typ))
		}
		l := int(ext[off+1])
		if typ == jumboOptionType {
			if l != 4 || jumbo != 0 {
				return 0, h.err.set(ErrIPJumbo, base+off+1, l)
			}
			jumbo = int(binary.BigEndian.Uint32(ext[off+2:]))
			if jumbo <= 65535 {
				return 0, h.err.set(ErrIPJumbo, base+off+2, jumbo)
			}
		}
		off += 2 + l
	}
	return jumbo, nil
}

// Len returns the length AppendTo writes: 20 for IPv4, 40 for IPv6, 48 for
// an IPv6 jumbogram (PayloadLen over 65,535).
func (h *IPHeader) Len() int {
	switch {
	case h.Version == 4:
		return IPv4HeaderLen
	case h.PayloadLen > 0xffff:
		return IPv6HeaderLen + 8
	}
	return IPv6HeaderLen
}

// AppendTo appends the header for an upper-layer payload of PayloadLen
// bytes: IPv4 (Version 4, with its header checksum) or IPv6 (otherwise; a
// payload over 65,535 bytes gets a hop-by-hop header with a Jumbo Payload
// option). HeaderLen and Jumbo are not read. It allocates only when b lacks
// capacity.
func (h *IPHeader) AppendTo(b []byte) []byte {
	start := len(b)
	b = grow(b, h.Len())
	if h.Version == 4 {
		h.put4(b[start:])
	} else {
		h.put6(b[start:])
	}
	return b
}

func (h *IPHeader) put4(b []byte) {
	b = b[:IPv4HeaderLen]
	b[0], b[1] = 0x45, h.TOS
	binary.BigEndian.PutUint16(b[2:], uint16(IPv4HeaderLen+h.PayloadLen))
	binary.BigEndian.PutUint16(b[4:], h.ID)
	binary.BigEndian.PutUint16(b[6:], 0)
	if h.DontFrag {
		b[6] = 0x40
	}
	b[8], b[9] = h.HopLimit, h.Protocol
	binary.BigEndian.PutUint16(b[10:], 0)
	s, d := h.Src.As16(), h.Dst.As16()
	copy(b[12:16], s[12:])
	copy(b[16:20], d[12:])
	binary.BigEndian.PutUint16(b[10:], ^Sum(b, 0))
}

func (h *IPHeader) put6(b []byte) {
	b = b[:h.Len()]
	binary.BigEndian.PutUint32(b, 6<<28|uint32(h.TOS)<<20|h.FlowLabel&0xfffff)
	b[6], b[7] = h.Protocol, h.HopLimit
	s, d := h.Src.As16(), h.Dst.As16()
	copy(b[8:24], s[:])
	copy(b[24:40], d[:])
	if len(b) == IPv6HeaderLen {
		binary.BigEndian.PutUint16(b[4:], uint16(h.PayloadLen))
		return
	}
	// RFC 2675 §2: payload length 0, hop-by-hop header with the option.
	binary.BigEndian.PutUint16(b[4:], 0)
	b[6] = nextHopByHop
	x := b[IPv6HeaderLen:]
	x[0], x[1], x[2], x[3] = h.Protocol, 0, jumboOptionType, 4
	binary.BigEndian.PutUint32(x[4:], uint32(8+h.PayloadLen))
}
