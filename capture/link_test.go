package capture

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Stand-ins for IP packets: the link layer does not look inside them.
var (
	fakeIPv4 = append([]byte{0x45, 0, 0, 20}, bytes.Repeat([]byte{0x44}, 16)...)
	fakeIPv6 = append([]byte{0x60, 0, 0, 0}, bytes.Repeat([]byte{0x66}, 36)...)
	fakeARP  = bytes.Repeat([]byte{0xaa}, 28)
)

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

var (
	macs    = bytes.Repeat([]byte{0x02}, 12)
	sllHead = []byte{0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0} // incoming, ARPHRD_ETHER, 6-byte address
)

// sll2Head returns an SLL2 header for protocol type hi,lo.
func sll2Head(hi, lo byte) []byte {
	return []byte{hi, lo, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0}
}

// stripCase is a frame and the IP packet (or not-IP verdict) Strip must find.
type stripCase struct {
	name  string
	link  LinkType
	frame []byte
	ip    []byte // expected IP, nil when notIP
	notIP bool
}

func stripCases() []stripCase {
	padded := cat(macs, []byte{0x08, 0x00}, fakeIPv4, make([]byte, 26)) // padded to 60 bytes
	return []stripCase{
		{"ethernet/ipv4", LinkEthernet, cat(macs, []byte{0x08, 0x00}, fakeIPv4), fakeIPv4, false},
		{"ethernet/ipv6", LinkEthernet, cat(macs, []byte{0x86, 0xdd}, fakeIPv6), fakeIPv6, false},
		{"ethernet/padded", LinkEthernet, padded, padded[14:], false},
		{"ethernet/802.1Q", LinkEthernet, cat(macs, []byte{0x81, 0x00, 0x00, 0x07, 0x08, 0x00}, fakeIPv4), fakeIPv4, false},
		{"ethernet/802.1ad+802.1Q", LinkEthernet, cat(macs, []byte{0x88, 0xa8, 0, 1, 0x81, 0x00, 0, 2, 0x86, 0xdd}, fakeIPv6), fakeIPv6, false},
		{"ethernet/QinQ 0x9100", LinkEthernet, cat(macs, []byte{0x91, 0x00, 0, 1, 0x08, 0x00}, fakeIPv4), fakeIPv4, false},
		{"ethernet/arp", LinkEthernet, cat(macs, []byte{0x08, 0x06}, fakeARP), nil, true},
		{"ethernet/802.1Q arp", LinkEthernet, cat(macs, []byte{0x81, 0x00, 0, 7, 0x08, 0x06}, fakeARP), nil, true},
		{"ethernet/802.3 length", LinkEthernet, cat(macs, []byte{0x00, 0x2e}, fakeARP), nil, true},
		{"sll/ipv4", LinkSLL, cat(sllHead, []byte{0x08, 0x00}, fakeIPv4), fakeIPv4, false},
		{"sll/ipv6", LinkSLL, cat(sllHead, []byte{0x86, 0xdd}, fakeIPv6), fakeIPv6, false},
		{"sll/arp", LinkSLL, cat(sllHead, []byte{0x08, 0x06}, fakeARP), nil, true},
		{"sll2/ipv4", LinkSLL2, cat(sll2Head(0x08, 0x00), fakeIPv4), fakeIPv4, false},
		{"sll2/ipv6", LinkSLL2, cat(sll2Head(0x86, 0xdd), fakeIPv6), fakeIPv6, false},
		{"sll2/arp", LinkSLL2, cat(sll2Head(0x08, 0x06), fakeARP), nil, true},
		{"raw/101", LinkRaw, fakeIPv4, fakeIPv4, false},
		{"raw/12", LinkRaw12, fakeIPv6, fakeIPv6, false},
		{"raw/14", LinkRaw14, fakeIPv4, fakeIPv4, false},
		{"raw/ipv4 228", LinkIPv4, fakeIPv4, fakeIPv4, false},
		{"raw/ipv6 229", LinkIPv6, fakeIPv6, fakeIPv6, false},
		{"null/AF_INET little-endian", LinkNull, cat([]byte{2, 0, 0, 0}, fakeIPv4), fakeIPv4, false},
		{"null/AF_INET big-endian", LinkNull, cat([]byte{0, 0, 0, 2}, fakeIPv4), fakeIPv4, false},
		{"null/AF_INET6 OpenBSD", LinkNull, cat([]byte{24, 0, 0, 0}, fakeIPv6), fakeIPv6, false},
		{"null/AF_INET6 FreeBSD", LinkNull, cat([]byte{28, 0, 0, 0}, fakeIPv6), fakeIPv6, false},
		{"null/AF_INET6 Darwin", LinkNull, cat([]byte{30, 0, 0, 0}, fakeIPv6), fakeIPv6, false},
		{"null/AF_CCITT", LinkNull, cat([]byte{10, 0, 0, 0}, fakeARP), nil, true},
		{"loop/AF_INET", LinkLoop, cat([]byte{0, 0, 0, 2}, fakeIPv4), fakeIPv4, false},
		{"loop/AF_INET6", LinkLoop, cat([]byte{0, 0, 0, 24}, fakeIPv6), fakeIPv6, false},
		{"loop/AF_APPLETALK", LinkLoop, cat([]byte{0, 0, 0, 16}, fakeARP), nil, true},
	}
}

func TestStrip(t *testing.T) {
	for _, c := range stripCases() {
		ip, notIP, err := Strip(c.link, c.frame)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if notIP != c.notIP || !bytes.Equal(ip, c.ip) {
			t.Errorf("%s: got notIP=%v ip=%x, want notIP=%v ip=%x", c.name, notIP, ip, c.notIP, c.ip)
		}
		if ip != nil && &ip[len(ip)-1] != &c.frame[len(c.frame)-1] {
			t.Errorf("%s: IP is not a view of the end of the frame", c.name)
		}
	}
}

// TestStripErrors checks that every truncated link header is an error that
// matches ErrLinkHeader and says what is truncated and how long it is.
func TestStripErrors(t *testing.T) {
	cases := []struct {
		link  LinkType
		frame []byte
		want  string
	}{
		{LinkEthernet, macs, "truncated Ethernet header (12 bytes)"},
		{LinkEthernet, nil, "truncated Ethernet header (0 bytes)"},
		{LinkEthernet, cat(macs, []byte{0x81, 0x00, 0, 1}), "truncated VLAN tag at byte 14 (2 bytes left)"},
		{LinkEthernet, cat(macs, []byte{0x81, 0x00, 0, 1, 0x88, 0xa8}), "truncated VLAN tag at byte 18 (0 bytes left)"},
		{LinkSLL, sllHead, "truncated Linux cooked (SLL) header (14 bytes)"},
		{LinkSLL2, sll2Head(8, 0)[:19], "truncated Linux cooked (SLL2) header (19 bytes)"},
		{LinkNull, []byte{2, 0, 0}, "truncated loopback header (3 bytes)"},
		{LinkLoop, nil, "truncated loopback header (0 bytes)"},
		{LinkType(105), fakeIPv4, "unsupported link type 105"},
	}
	for _, c := range cases {
		ip, notIP, err := Strip(c.link, c.frame)
		if err == nil || ip != nil || notIP {
			t.Errorf("%v %x: got ip=%x notIP=%v err=%v, want error %q", c.link, c.frame, ip, notIP, err, c.want)
			continue
		}
		if err.Error() != c.want || !errors.Is(err, ErrLinkHeader) {
			t.Errorf("%v %x: error %q (matches ErrLinkHeader: %v), want %q", c.link, c.frame, err, errors.Is(err, ErrLinkHeader), c.want)
		}
	}
}

func TestLinkTypeString(t *testing.T) {
	for l, want := range map[LinkType]string{LinkEthernet: "ETHERNET", LinkSLL2: "LINUX_SLL2", 105: "linktype 105"} {
		if got := l.String(); got != want {
			t.Errorf("LinkType(%d).String() = %q, want %q", uint16(l), got, want)
		}
	}
	if LinkType(105).Supported() || !LinkRaw14.Supported() {
		t.Errorf("Supported: 105 reported supported or 14 unsupported")
	}
	if !strings.Contains(LinkType(0xffff).String(), "65535") {
		t.Errorf("LinkType(0xffff).String() = %q", LinkType(0xffff).String())
	}
}
