package capture

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Frame is one captured frame.
type Frame struct {
	Number   int       // 1-based position in the file, as Wireshark numbers frames
	Time     time.Time // capture time, UTC
	LinkType LinkType
	// Data is the frame as captured, link header included. WireLen is its
	// length on the wire, more than len(Data) when the capture kept only a
	// snap length of it.
	Data    []byte
	WireLen int
	// IP is Data without the link header: an IPv4 or IPv6 packet, possibly
	// followed by link-layer padding. It is nil when NotIP is set.
	IP    []byte
	NotIP bool // the frame carries something other than IP (ARP, LLC, ...)
}

// Truncated reports whether the capture kept fewer bytes than were on the
// wire.
func (f *Frame) Truncated() bool { return len(f.Data) < f.WireLen }

// Record sizes of the pcap format, for locating records.
const (
	pcapFileHeaderLen   = 24
	pcapRecordHeaderLen = 16
	pcapngMagic         = 0x0a0d0d0a // section header block type, same in both byte orders
)

// source is what pcapgo's pcap and pcapng readers have in common.
type source interface {
	ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

// Reader reads the frames of a capture file. It is not safe for concurrent
// use.
type Reader struct {
	name   string
	closer io.Closer // the file Open opened; nil for NewReader
	src    source
	ng     bool     // pcapng: the link type comes with each frame
	link   LinkType // pcap: the file's link type
	n      int      // frames read
	off    int64    // pcap: offset of the next record; -1 for pcapng
	err    error    // sticky error that ended reading
}

// Open opens the capture file at path. The Reader's errors name the file by
// path.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := NewReader(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closer = f
	return r, nil
}

// NewReader reads a capture from in, whose errors are reported under name.
// It reads the file header (and for pcapng the section header) at once.
func NewReader(in io.Reader, name string) (*Reader, error) {
	r := &Reader{name: name, off: -1}
	br, magic, err := peekMagic(in)
	if err != nil {
		return nil, r.headerError(err)
	}
	if magic == pcapngMagic {
		ng, err := pcapgo.NewNgReader(br, pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return nil, r.headerError(err)
		}
		r.src, r.ng = ng, true
		return r, nil
	}
	pr, err := pcapgo.NewReader(br)
	if err != nil {
		return nil, r.headerError(err)
	}
	// pcapgo narrows the header's link-type field to 16 bits, dropping the
	// FCS-length bits above them (the tcpdump fuzz case has 0x30000001), as
	// libpcap's LT_LINKTYPE does.
	r.link = LinkType(pr.LinkType())
	if !r.link.Supported() {
		return nil, r.headerError(fmt.Errorf("unsupported link type %d", r.link))
	}
	r.src, r.off = pr, pcapFileHeaderLen
	return r, nil
}

// peekMagic returns a reader positioned at the start of the capture, through
// gzip if it is compressed, and its first four bytes as a little-endian
// number.
func peekMagic(in io.Reader) (*bufio.Reader, uint32, error) {
	br := bufio.NewReader(in)
	b, err := br.Peek(4)
	if err == nil && b[0] == 0x1f && b[1] == 0x8b {
		zr, zerr := gzip.NewReader(br)
		if zerr != nil {
			return nil, 0, fmt.Errorf("gzip: %w", zerr)
		}
		br = bufio.NewReader(zr)
		b, err = br.Peek(4)
	}
	if err != nil {
		if err == io.EOF {
			err = fmt.Errorf("not a capture file: %d bytes", len(b))
		}
		return nil, 0, err
	}
	return br, binary.LittleEndian.Uint32(b), nil
}

func (r *Reader) headerError(err error) error {
	return &Error{File: r.name, Frame: 0, Offset: 0, Err: err}
}

// Name returns the name errors report the file under.
func (r *Reader) Name() string { return r.name }

// Next returns the next frame, or io.EOF after the last one. When the frame's
// link header is malformed it returns the frame (without IP) and an *Error
// matching ErrLinkHeader, and reading may go on; any other error is returned
// by every later call too.
func (r *Reader) Next() (Frame, error) {
	if r.err != nil {
		return Frame{}, r.err
	}
	data, ci, err := r.src.ReadPacketData()
	if err != nil {
		r.err = r.readError(err, ci)
		return Frame{}, r.err
	}
	r.n++
	f := Frame{Number: r.n, Time: ci.Timestamp, LinkType: r.linkOf(ci), Data: data, WireLen: ci.Length}
	at := r.off
	if !r.ng {
		r.off += pcapRecordHeaderLen + int64(len(data))
	}
	f.IP, f.NotIP, err = Strip(f.LinkType, data)
	if err != nil {
		return f, &Error{File: r.name, Frame: f.Number, Offset: at, Err: err}
	}
	return f, nil
}

// linkOf returns the link type of a frame: the file's for pcap, the
// interface's for pcapng (pcapgo passes it as ancillary data).
func (r *Reader) linkOf(ci gopacket.CaptureInfo) LinkType {
	if !r.ng {
		return r.link
	}
	if len(ci.AncillaryData) > 0 {
		if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
			return LinkType(lt)
		}
	}
	return LinkType(0xffff) // not reported: Strip calls it unsupported
}

// readError turns pcapgo's error into the sticky error of the reader: io.EOF
// at a record boundary, otherwise an *Error locating the bad record. pcapgo
// returns io.EOF, not io.ErrUnexpectedEOF, when a record header promises
// bytes and none follow, so that case is told apart by the capture length.
func (r *Reader) readError(err error, ci gopacket.CaptureInfo) error {
	if err == io.EOF && ci.CaptureLength == 0 {
		return io.EOF
	}
	if err == io.EOF {
		err = fmt.Errorf("record of %d bytes: %w", ci.CaptureLength, io.ErrUnexpectedEOF)
	}
	return &Error{File: r.name, Frame: r.n + 1, Offset: r.off, Err: err}
}

// Close closes the file Open opened; for a Reader from NewReader it only
// stops reading. Next returns an error afterwards.
func (r *Reader) Close() error {
	r.err = fmt.Errorf("%s: %w", r.name, errClosed)
	if r.closer == nil {
		return nil
	}
	c := r.closer
	r.closer = nil
	return c.Close()
}
