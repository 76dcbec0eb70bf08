package wirecheck

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"strings"
	"testing"
	"time"

	"tcpcheck/capture"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

var (
	clientEnd = netip.MustParseAddrPort("192.0.2.1:40000")
	serverEnd = netip.MustParseAddrPort("192.0.2.2:80")
	epoch     = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// pcap builds a raw-IP capture between clientEnd and serverEnd. Times are
// in milliseconds; flags are written as packetdrill writes them.
type pcap struct {
	t    testing.TB
	buf  bytes.Buffer
	w    *capture.Writer
	now  time.Duration
	recs []int // offset of each record's header in buf
}

func newPcap(t testing.TB) *pcap {
	p := &pcap{t: t}
	w, err := capture.NewWriter(&p.buf)
	if err != nil {
		t.Fatal(err)
	}
	p.w = w
	return p
}

// at moves the clock to ms milliseconds.
func (p *pcap) at(ms float64) *pcap {
	p.now = time.Duration(ms * float64(time.Millisecond))
	return p
}

func flagsOf(t testing.TB, s string) segment.Flags {
	var f segment.Flags
	for _, c := range s {
		switch c {
		case 'S':
			f |= segment.SYN
		case 'F':
			f |= segment.FIN
		case 'R':
			f |= segment.RST
		case 'P':
			f |= segment.PSH
		case '.':
			f |= segment.ACK
		default:
			t.Fatalf("bad flag %q", c)
		}
	}
	return f
}

func (p *pcap) seg(src, dst netip.AddrPort, flags string, sq, ack uint32, n int) *pcap {
	s := &segment.Segment{Seq: seq.Num(sq), Ack: seq.Num(ack), Flags: flagsOf(p.t, flags), Window: 65535,
		Payload: bytes.Repeat([]byte{'x'}, n)}
	p.recs = append(p.recs, p.buf.Len())
	if err := p.w.WriteSegment(epoch.Add(p.now), src, dst, s); err != nil {
		p.t.Fatal(err)
	}
	return p
}

// c and s append a segment from the client and from the server.
func (p *pcap) c(flags string, sq, ack uint32, n int) *pcap {
	return p.seg(clientEnd, serverEnd, flags, sq, ack, n)
}

func (p *pcap) s(flags string, sq, ack uint32, n int) *pcap {
	return p.seg(serverEnd, clientEnd, flags, sq, ack, n)
}

// corruptChecksum flips the TCP checksum of frame n (from 1).
func (p *pcap) corruptChecksum(n int) *pcap {
	b := p.buf.Bytes()
	b[p.recs[n-1]+16+20+16] ^= 0xff
	return p
}

// truncateLast cuts k bytes off the last frame, as a snap length would.
func (p *pcap) truncateLast(k int) *pcap {
	b := p.buf.Bytes()
	h := p.recs[len(p.recs)-1]
	incl := binary.LittleEndian.Uint32(b[h+8:]) // the Writer writes little-endian
	binary.LittleEndian.PutUint32(b[h+8:], incl-uint32(k))
	p.buf.Truncate(p.buf.Len() - k)
	return p
}

// check checks the capture built so far.
func (p *pcap) check() *Report {
	p.t.Helper()
	r, err := capture.NewReader(bytes.NewReader(p.buf.Bytes()), "test.pcap")
	if err != nil {
		p.t.Fatal(err)
	}
	rep, err := Check(r, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	return rep
}

// handshake is a client's active open: ISS 1000, IRS 5000; the server
// answers in 1 ms, the client in 0.1 ms.
func (p *pcap) handshake() *pcap {
	return p.at(0).c("S", 1000, 0, 0).at(1).s("S.", 5000, 1001, 0).at(1.1).c(".", 1001, 5001, 0)
}

// exchange is 100 bytes from the client, 50 from the server, and a close
// initiated by the client: frames 4 to 10.
func (p *pcap) exchange() *pcap {
	return p.at(2).c("P.", 1001, 5001, 100).at(3).s(".", 5001, 1101, 0).
		at(4).s("P.", 5001, 1101, 50).at(4.1).c(".", 1101, 5051, 0).
		at(5).c("F.", 1101, 5051, 0).at(6).s("F.", 5051, 1102, 0).at(6.1).c(".", 1102, 5052, 0)
}

// only returns the one connection of rep.
func only(t testing.TB, rep *Report) *Conn {
	t.Helper()
	if len(rep.Conns) != 1 {
		t.Fatalf("%d connections, want 1", len(rep.Conns))
	}
	return rep.Conns[0]
}

// findings formats a connection's findings for failure messages.
func findings(c *Conn) string {
	var b strings.Builder
	for i := range c.Findings {
		b.WriteString("\n\t" + c.Findings[i].String())
	}
	return b.String()
}

// find returns the findings of class cl and kind k ("" for any).
func find(c *Conn, cl Class, k Kind) []Finding {
	var out []Finding
	for _, f := range c.Findings {
		if f.Class == cl && (k == "" || f.Kind == k) {
			out = append(out, f)
		}
	}
	return out
}
