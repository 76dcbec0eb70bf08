package capture

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"tcpcheck/segment"
)

// Writer limits and the values of the IP headers it writes.
const (
	// WriterSnapLen is the snap length in the file header of a Writer's
	// pcap, libpcap's largest; WriteSegment refuses longer packets, which
	// readers would refuse too.
	WriterSnapLen  = 262144
	writerHopLimit = 64
)

// ErrAddressFamily is returned (wrapped) by WriteSegment when the source and
// destination are not both IPv4 or both IPv6, or one of them is not a valid
// address.
var ErrAddressFamily = errors.New("source and destination address families differ")

// Writer writes TCP segments to a pcap file with nanosecond timestamps and
// link type raw IP (LinkRaw, 101), each in an IPv4 or IPv6 packet. It writes
// every record straight to the io.Writer given to NewWriter, without
// buffering (wrap a file in a bufio.Writer, and flush it, when writing many);
// it needs no closing. It is not safe for concurrent use.
type Writer struct {
	pw   *pcapgo.Writer
	buf  []byte // the packet being encoded, reused
	id   uint16 // IPv4 identification of the next IPv4 packet
	n    int    // frames written
	werr error  // sticky: the output failed and the file may be cut mid-record
}

// NewWriter writes the pcap file header to w and returns a Writer that
// appends records to it.
func NewWriter(w io.Writer) (*Writer, error) {
	if w == nil {
		return nil, errors.New("capture: NewWriter: nil io.Writer")
	}
	pw := pcapgo.NewWriterNanos(w)
	if err := pw.WriteFileHeader(WriterSnapLen, layers.LinkType(LinkRaw)); err != nil {
		return nil, fmt.Errorf("capture: writing pcap file header: %w", err)
	}
	return &Writer{pw: pw, buf: make([]byte, 0, 2048)}, nil
}

// Frames returns the number of frames written so far.
func (w *Writer) Frames() int {
	if w == nil {
		return 0
	}
	return w.n
}

// WriteSegment writes one frame, stamped t: an IP packet from src to dst
// carrying seg. The IP header is IPv4 (TTL 64, DF set, identification
// counting up from 0, no options) when both addresses are IPv4, IPv6 (hop
// limit 64, flow label 0) when both are IPv6; an IPv4-mapped IPv6 address
// counts as IPv6. The TCP ports come from src and dst, not from
// seg.SrcPort and seg.DstPort, and the TCP checksum is computed, not taken
// from seg.Checksum; seg itself is not changed.
//
// Errors, which leave the file as it was and the Writer usable: a nil seg,
// an invalid or mixed-family address pair (matching ErrAddressFamily), a
// packet longer than WriterSnapLen or, for IPv4, than 65,535 bytes, and a
// time before 1970 or from 2106 on (the pcap format's unsigned 32-bit
// seconds). An error from the io.Writer may leave a partial record, so it
// is returned again by every later call.
func (w *Writer) WriteSegment(t time.Time, src, dst netip.AddrPort, seg *segment.Segment) error {
	if w == nil || w.pw == nil {
		return errors.New("capture: WriteSegment on a Writer not made by NewWriter")
	}
	if w.werr != nil {
		return w.werr
	}
	frame := w.n + 1
	fail := func(format string, args ...any) error {
		return fmt.Errorf("capture: frame %d: "+format, append([]any{frame}, args...)...)
	}
	if seg == nil {
		return fail("nil segment")
	}
	sa, da := src.Addr(), dst.Addr()
	if !sa.IsValid() || !da.IsValid() || sa.Is4() != da.Is4() {
		return fail("%w: %v and %v", ErrAddressFamily, sa, da)
	}
	if sec := t.Unix(); sec < 0 || sec > 1<<32-1 {
		return fail("time %v outside the pcap range (1970 to 2106)", t)
	}
	ip := segment.IPHeader{
		Version:    6,
		HopLimit:   writerHopLimit,
		Protocol:   segment.ProtocolTCP,
		Src:        sa,
		Dst:        da,
		PayloadLen: seg.Len(),
	}
	if sa.Is4() {
		ip.Version, ip.DontFrag, ip.ID = 4, true, w.id
		if segment.IPv4HeaderLen+ip.PayloadLen > 0xffff {
			return fail("IPv4 packet of %d bytes exceeds 65535", segment.IPv4HeaderLen+ip.PayloadLen)
		}
	}
	if total := ip.Len() + ip.PayloadLen; total > WriterSnapLen {
		return fail("packet of %d bytes exceeds the snap length %d", total, WriterSnapLen)
	}

	b := ip.AppendTo(w.buf[:0])
	hl := len(b)
	b = seg.AppendTo(b)
	w.buf = b
	tcp := b[hl:]
	tcp[0], tcp[1] = byte(src.Port()>>8), byte(src.Port())
	tcp[2], tcp[3] = byte(dst.Port()>>8), byte(dst.Port())
	if err := segment.FillChecksum(tcp, sa, da); err != nil {
		return fail("TCP checksum: %w", err) // unreachable: AppendTo writes at least a header
	}

	ci := gopacket.CaptureInfo{Timestamp: t, CaptureLength: len(b), Length: len(b)}
	if err := w.pw.WritePacket(ci, b); err != nil {
		w.werr = fail("writing record: %w", err)
		return w.werr
	}
	if sa.Is4() {
		w.id++
	}
	w.n++
	return nil
}
