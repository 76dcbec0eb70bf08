package wirecheck

import (
	"encoding/binary"
	"errors"
	"io"
	"net/netip"
	"strconv"
	"time"

	"tcpcheck/capture"
	"tcpcheck/segment"
)

// packet is one TCP segment read from a capture.
type packet struct {
	frame    int
	time     int64 // nanoseconds since the first frame of the file
	src, dst netip.AddrPort
	seg      segment.Segment
	wire     []byte // the TCP bytes as captured; nil when truncated
	missing  int    // bytes of the IP packet not captured
	badSum   bool   // complete, and the TCP checksum is wrong
}

// frames is what reading a capture gives: the TCP segments, the findings
// about frames that could not be used, and counts.
type frames struct {
	pkts     []packet
	findings []Finding // frames not attributable to a connection
	bad      []badFrame
	total    int // frames read
	notIP    int // frames carrying something other than IP
	notTCP   int // IP packets carrying something other than TCP
	start    time.Time
}

// badFrame is a TCP frame that does not decode, kept with its ports when
// they could be read so that it can be reported with its connection.
type badFrame struct {
	src, dst netip.AddrPort // invalid when unknown
	finding  Finding
}

// read reads every frame of r. It returns what was read along with the
// error that ended reading, if any.
func read(r *capture.Reader) (*frames, error) {
	fs := &frames{}
	for {
		f, err := r.Next()
		if errors.Is(err, io.EOF) {
			return fs, nil
		}
		if err != nil && !errors.Is(err, capture.ErrLinkHeader) {
			return fs, err
		}
		if fs.total == 0 {
			fs.start = f.Time
		}
		fs.total++
		if err != nil {
			fs.findings = append(fs.findings, Finding{Class: Capture, Kind: KindFrame, Endpoint: -1,
				Frame: f.Number, Message: err.Error()})
			continue
		}
		if f.NotIP {
			fs.notIP++
			continue
		}
		fs.add(&f)
	}
}

// add decodes one IP frame.
func (fs *frames) add(f *capture.Frame) {
	var p packet
	p.frame, p.time = f.Number, f.Time.Sub(fs.start).Nanoseconds()
	var pk segment.Packet
	buf := f.IP
	err := pk.DecodePadded(buf)
	if missing := ipLength(buf) - len(buf); err != nil && missing > 0 && missing <= 1<<16 {
		// Cut short by the snap length (or before the capture): decode
		// the header from a copy padded with zeros to the IP length.
		p.missing = missing
		buf = make([]byte, len(f.IP)+missing)
		copy(buf, f.IP)
		err = pk.DecodePadded(buf)
	}
	var se *segment.Error
	if err != nil && errors.As(err, &se) && se.Code == segment.ErrNotTCP {
		fs.notTCP++
		return
	}
	captured := len(f.IP)
	if err == nil && p.missing > 0 && pk.IP.HeaderLen+pk.TCP.HeaderLen() > captured {
		err = errors.New("TCP header cut short: " + strconv.Itoa(captured-pk.IP.HeaderLen) +
			" bytes captured of " + strconv.Itoa(pk.TCP.HeaderLen()))
	}
	if err != nil {
		fs.badFrame(f, &pk, buf, err)
		return
	}
	p.src = netip.AddrPortFrom(pk.IP.Src, pk.TCP.SrcPort)
	p.dst = netip.AddrPortFrom(pk.IP.Dst, pk.TCP.DstPort)
	p.seg = pk.TCP
	if p.missing == 0 {
		p.wire = pk.Segment()
		p.badSum = !pk.ChecksumOK()
	}
	fs.pkts = append(fs.pkts, p)
}

// badFrame records a TCP frame whose headers do not decode. Such a frame
// is an RFC violation of its sender (WellFormedOutput) only when it was
// captured whole and its checksum is right; otherwise it was damaged or
// cut short on its way.
func (fs *frames) badFrame(f *capture.Frame, pk *segment.Packet, buf []byte, err error) {
	b := badFrame{finding: Finding{Class: Capture, Kind: KindFrame, Endpoint: -1, Frame: f.Number,
		Message: "does not decode: " + err.Error()}}
	if h := pk.IP.HeaderLen; pk.IP.Src.IsValid() && pk.IP.Protocol == segment.ProtocolTCP && h > 0 && h <= len(buf) {
		tcp := buf[h:]
		if n := h + pk.IP.PayloadLen; n <= len(buf) && n >= h {
			tcp = buf[h:n]
		}
		if len(tcp) >= 4 && len(f.IP) >= h+4 {
			b.src = netip.AddrPortFrom(pk.IP.Src, binary.BigEndian.Uint16(tcp))
			b.dst = netip.AddrPortFrom(pk.IP.Dst, binary.BigEndian.Uint16(tcp[2:]))
		}
		switch {
		case f.Truncated() || len(buf) > len(f.IP):
			b.finding.Kind = KindTruncated
			b.finding.Message = "TCP header not captured whole (" + strconv.Itoa(len(f.IP)) + " of " +
				strconv.Itoa(len(buf)) + " bytes of the IP packet captured): " + err.Error()
		case segment.VerifyChecksum(tcp, pk.IP.Src, pk.IP.Dst):
			b.finding.Class, b.finding.Kind, b.finding.Monitor = RFC, "", "WellFormedOutput"
			b.finding.Message = "segment sent with a valid checksum does not decode: " + err.Error()
		default:
			b.finding.Message = "does not decode and its checksum is wrong (damaged): " + err.Error()
		}
	}
	fs.bad = append(fs.bad, b)
}

// ipLength returns the length an IPv4 or IPv6 header says its packet has,
// or 0 when b is too short to say.
func ipLength(b []byte) int {
	switch {
	case len(b) >= 4 && b[0]>>4 == 4:
		return int(binary.BigEndian.Uint16(b[2:]))
	case len(b) >= 6 && b[0]>>4 == 6:
		return 40 + int(binary.BigEndian.Uint16(b[4:]))
	}
	return 0
}
