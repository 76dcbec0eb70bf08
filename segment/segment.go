package segment

import (
	"encoding/binary"
	"strconv"

	"tcpcheck/seq"
)

// Segment is the typed representation of a TCP segment: every header field,
// the options, and the payload. The zero value is a header of 20 zero bytes
// with no payload.
//
// Decode fills a Segment from bytes; Payload then aliases the decoded buffer.
// AppendTo encodes it; Checksum is written as stored (use FillChecksum after
// encoding to compute it), so decode then encode gives the input back byte
// for byte.
type Segment struct {
	SrcPort  uint16
	DstPort  uint16
	Seq      seq.Num
	Ack      seq.Num
	Flags    Flags
	Window   uint16
	Checksum uint16
	Urgent   uint16
	Options  Options
	Payload  []byte
	err      Error
}

// Decode parses the TCP segment in b into s. On failure it returns an *Error
// stored in s, naming what is wrong and the byte offset in b, and s holds no
// valid segment. Decode does not allocate. A window scale above 14 is not a
// decode error; Warning reports it.
func (s *Segment) Decode(b []byte) error {
	hl, err := checkHeader(b, &s.err)
	if err != nil {
		return err
	}
	h := (*[HeaderLen]byte)(b)
	s.SrcPort = binary.BigEndian.Uint16(h[offSrcPort:])
	s.DstPort = binary.BigEndian.Uint16(h[offDstPort:])
	s.Seq = seq.Num(binary.BigEndian.Uint32(h[offSeq:]))
	s.Ack = seq.Num(binary.BigEndian.Uint32(h[offAck:]))
	s.Flags = Flags(binary.BigEndian.Uint16(h[offFlags:])) & FlagMask
	s.Window = binary.BigEndian.Uint16(h[offWindow:])
	s.Checksum = binary.BigEndian.Uint16(h[offChecksum:])
	s.Urgent = binary.BigEndian.Uint16(h[offUrgent:])
	s.Payload = b[hl:]
	return s.Options.decode(b[HeaderLen:hl], &s.err)
}

// Warning returns a non-fatal finding of the last successful Decode, an
// *Error stored in s: today only a window scale shift above 14, which
// RFC 7323 §2.3 says to log and treat as 14. It returns nil when there is
// nothing to report.
func (s *Segment) Warning() error { return s.Options.warning(&s.err) }

// HeaderLen returns the encoded header length: 20 bytes plus the options
// padded to a multiple of 4.
func (s *Segment) HeaderLen() int { return HeaderLen + (s.Options.Len()+3)&^3 }

// Len returns the encoded length: header and payload.
func (s *Segment) Len() int { return s.HeaderLen() + len(s.Payload) }

// SeqLen returns SEG.LEN, the sequence space the segment occupies: its
// payload plus one for SYN and one for FIN (RFC 9293 §3.4).
func (s *Segment) SeqLen() seq.Size {
	n := seq.Size(len(s.Payload))
	if s.Flags&SYN != 0 {
		n++
	}
	if s.Flags&FIN != 0 {
		n++
	}
	return n
}

// AppendTo appends the encoded segment to b and returns the extended slice.
// Options whose length is not a multiple of 4 are padded with zero bytes.
// It allocates only when b lacks capacity.
func (s *Segment) AppendTo(b []byte) []byte {
	start := len(b)
	hl := s.HeaderLen()
	b = grow(b, hl)
	s.putHeader((*[HeaderLen]byte)(b[start:]), hl)
	opts := b[start+HeaderLen : start+hl]
	clear(opts[copy(opts, s.Options.Bytes()):])
	return append(b, s.Payload...)
}

// grow extends b by n bytes, reallocating only if it lacks capacity.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		nb := make([]byte, len(b), len(b)+n+64)
		copy(nb, b)
		b = nb
	}
	return b[:len(b)+n]
}

func (s *Segment) putHeader(h *[HeaderLen]byte, hl int) {
	binary.BigEndian.PutUint16(h[offSrcPort:], s.SrcPort)
	binary.BigEndian.PutUint16(h[offDstPort:], s.DstPort)
	binary.BigEndian.PutUint32(h[offSeq:], uint32(s.Seq))
	binary.BigEndian.PutUint32(h[offAck:], uint32(s.Ack))
	binary.BigEndian.PutUint16(h[offFlags:], uint16(hl/4)<<12|uint16(s.Flags&FlagMask))
	binary.BigEndian.PutUint16(h[offWindow:], s.Window)
	binary.BigEndian.PutUint16(h[offChecksum:], s.Checksum)
	binary.BigEndian.PutUint16(h[offUrgent:], s.Urgent)
}

// AppendText appends a one-line description in the spirit of tcpdump:
// ports, flags, seq, ack, window, urgent pointer, options and payload length.
func (s *Segment) AppendText(b []byte) []byte {
	b = strconv.AppendUint(b, uint64(s.SrcPort), 10)
	b = append(b, " > "...)
	b = strconv.AppendUint(b, uint64(s.DstPort), 10)
	b = append(b, " ["...)
	b = s.Flags.AppendTo(b)
	b = append(b, "] seq "...)
	b = strconv.AppendUint(b, uint64(s.Seq), 10)
	b = append(b, " ack "...)
	b = strconv.AppendUint(b, uint64(s.Ack), 10)
	b = append(b, " win "...)
	b = strconv.AppendUint(b, uint64(s.Window), 10)
	if s.Urgent != 0 || s.Flags&URG != 0 {
		b = append(b, " urg "...)
		b = strconv.AppendUint(b, uint64(s.Urgent), 10)
	}
	if s.Options.Len() > 0 {
		b = append(b, " <"...)
		b = s.Options.AppendText(b)
		b = append(b, '>')
	}
	b = append(b, " len "...)
	return strconv.AppendInt(b, int64(len(s.Payload)), 10)
}

// String returns the description AppendText writes.
func (s *Segment) String() string { return string(s.AppendText(make([]byte, 0, 128))) }

// Equal reports whether s and t represent the same segment: equal fields,
// equal option bytes and equal payload bytes.
func (s *Segment) Equal(t *Segment) bool {
	return s.SrcPort == t.SrcPort && s.DstPort == t.DstPort &&
		s.Seq == t.Seq && s.Ack == t.Ack && s.Flags == t.Flags &&
		s.Window == t.Window && s.Checksum == t.Checksum && s.Urgent == t.Urgent &&
		s.Options == t.Options && string(s.Payload) == string(t.Payload)
}
