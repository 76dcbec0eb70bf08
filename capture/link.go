package capture

import (
	"encoding/binary"
	"math/bits"
	"strconv"
)

// LinkType is a LINKTYPE_ value of the pcap and pcapng formats
// (https://www.tcpdump.org/linktypes.html).
type LinkType uint16

// The link types this package strips.
const (
	LinkNull     LinkType = 0   // BSD loopback: 4-byte address family, capturing host's byte order
	LinkEthernet LinkType = 1   // Ethernet II, optionally with 802.1Q/802.1ad tags
	LinkRaw12    LinkType = 12  // DLT_RAW on most platforms, found in old files: raw IP
	LinkRaw14    LinkType = 14  // DLT_RAW on BSD/OS and OpenBSD, found in old files: raw IP
	LinkRaw      LinkType = 101 // raw IPv4 or IPv6
	LinkLoop     LinkType = 108 // OpenBSD loopback: 4-byte address family, network byte order
	LinkSLL      LinkType = 113 // Linux cooked capture v1, 16-byte header
	LinkIPv4     LinkType = 228 // raw IPv4
	LinkIPv6     LinkType = 229 // raw IPv6
	LinkSLL2     LinkType = 276 // Linux cooked capture v2, 20-byte header
)

var linkNames = map[LinkType]string{
	LinkNull: "NULL", LinkEthernet: "ETHERNET", LinkRaw12: "RAW(12)", LinkRaw14: "RAW(14)",
	LinkRaw: "RAW", LinkLoop: "LOOP", LinkSLL: "LINUX_SLL", LinkIPv4: "IPV4",
	LinkIPv6: "IPV6", LinkSLL2: "LINUX_SLL2",
}

// String returns the LINKTYPE_ name without its prefix, or the number.
func (l LinkType) String() string {
	if n, ok := linkNames[l]; ok {
		return n
	}
	return "linktype " + strconv.Itoa(int(l))
}

// Supported reports whether Strip handles frames of link type l.
func (l LinkType) Supported() bool {
	_, ok := linkNames[l]
	return ok
}

// Header sizes and protocol numbers of the link layers.
const (
	ethHeaderLen  = 14
	vlanTagLen    = 4
	sllHeaderLen  = 16
	sll2HeaderLen = 20
	loopHeaderLen = 4

	etherTypeIPv4   = 0x0800
	etherTypeIPv6   = 0x86dd
	etherType8021Q  = 0x8100
	etherType8021AD = 0x88a8
	etherTypeQinQ   = 0x9100 // pre-802.1ad double tagging

	afInet         = 2
	afInet6BSD     = 24 // NetBSD, OpenBSD, BSD/OS
	afInet6FreeBSD = 28
	afInet6Darwin  = 30
)

// Strip removes the link header of a frame of link type l and returns the
// IP packet, a view of frame that may end with link-layer padding. notIP
// reports a frame that does not carry IPv4 or IPv6 (ip is then nil). The
// error, which matches ErrLinkHeader, reports a truncated header or an
// unsupported link type.
func Strip(l LinkType, frame []byte) (ip []byte, notIP bool, err error) {
	switch l {
	case LinkEthernet:
		return stripEthernet(frame)
	case LinkSLL:
		if len(frame) < sllHeaderLen {
			return nil, false, linkErrorf("truncated Linux cooked (SLL) header (%d bytes)", len(frame))
		}
		return byEtherType(binary.BigEndian.Uint16(frame[14:]), frame[sllHeaderLen:])
	case LinkSLL2:
		if len(frame) < sll2HeaderLen {
			return nil, false, linkErrorf("truncated Linux cooked (SLL2) header (%d bytes)", len(frame))
		}
		return byEtherType(binary.BigEndian.Uint16(frame), frame[sll2HeaderLen:])
	case LinkNull, LinkLoop:
		return stripLoopback(frame)
	case LinkRaw, LinkRaw12, LinkRaw14, LinkIPv4, LinkIPv6:
		return frame, false, nil
	}
	return nil, false, linkErrorf("unsupported link type %d", l)
}

// stripEthernet skips the Ethernet II header and any VLAN tags.
func stripEthernet(frame []byte) ([]byte, bool, error) {
	if len(frame) < ethHeaderLen {
		return nil, false, linkErrorf("truncated Ethernet header (%d bytes)", len(frame))
	}
	typ := binary.BigEndian.Uint16(frame[12:])
	off := ethHeaderLen
	for typ == etherType8021Q || typ == etherType8021AD || typ == etherTypeQinQ {
		if off+vlanTagLen > len(frame) {
			return nil, false, linkErrorf("truncated VLAN tag at byte %d (%d bytes left)", off, len(frame)-off)
		}
		typ = binary.BigEndian.Uint16(frame[off+2:])
		off += vlanTagLen
	}
	return byEtherType(typ, frame[off:])
}

// byEtherType returns rest as the IP packet if typ is IPv4 or IPv6.
func byEtherType(typ uint16, rest []byte) ([]byte, bool, error) {
	if typ != etherTypeIPv4 && typ != etherTypeIPv6 {
		return nil, true, nil
	}
	return rest, false, nil
}

// stripLoopback skips the 4-byte address family of the null and loop link
// types. Null stores it in the capturing host's byte order, loop in network
// order; families are small numbers, so a value with high bits set is read
// the other way round, as Wireshark does. IPv6 has a different number on each
// BSD; Linux's 10 is not accepted, since it is AF_CCITT on the BSDs.
func stripLoopback(frame []byte) ([]byte, bool, error) {
	if len(frame) < loopHeaderLen {
		return nil, false, linkErrorf("truncated loopback header (%d bytes)", len(frame))
	}
	af := binary.LittleEndian.Uint32(frame)
	if af&0xffff0000 != 0 {
		af = bits.ReverseBytes32(af)
	}
	switch af {
	case afInet, afInet6BSD, afInet6FreeBSD, afInet6Darwin:
		return frame[loopHeaderLen:], false, nil
	}
	return nil, true, nil
}
