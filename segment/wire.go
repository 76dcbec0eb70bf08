package segment

import (
	"encoding/binary"

	"tcpcheck/seq"
)

// HeaderLen is the length of a TCP header without options.
const HeaderLen = 20

// MaxHeaderLen is the largest TCP header: data offset 15 words.
const MaxHeaderLen = 60

// Byte offsets of the fixed header fields (RFC 9293 §3.1, Figure 1).
const (
	offSrcPort    = 0
	offDstPort    = 2
	offSeq        = 4
	offAck        = 8
	offDataOffset = 12
	offFlags      = 12 // low 4 bits of byte 12 and all of byte 13
	offWindow     = 14
	offChecksum   = 16
	offUrgent     = 18
)

// Wire is a read-only view of a TCP segment (header and payload) in a byte
// slice. Reset checks the length once: afterwards no accessor can panic, and
// the zero Wire reads as an all-zero header with no options or payload.
// Options and Payload alias the buffer given to Reset.
type Wire struct {
	b   []byte
	hl  int // header length in bytes, 20..60
	err Error
}

var zeroHeader [HeaderLen]byte

// Reset makes w a view of b after checking that b holds a whole TCP header:
// at least 20 bytes, a data offset of at least 5 words and no more than
// len(b). On failure w is the zero Wire and the error is an *Error stored in
// w.
func (w *Wire) Reset(b []byte) error {
	w.b, w.hl = nil, 0
	hl, err := checkHeader(b, &w.err)
	if err != nil {
		return err
	}
	w.b, w.hl = b, hl
	return nil
}

// checkHeader returns the header length of the TCP segment in b.
func checkHeader(b []byte, e *Error) (int, error) {
	if len(b) < HeaderLen {
		return 0, e.set(ErrShort, len(b), len(b))
	}
	words := int(b[offDataOffset] >> 4)
	if words < 5 {
		return 0, e.set(ErrDataOffsetSmall, offDataOffset, words)
	}
	if 4*words > len(b) {
		return 0, e.set(ErrDataOffsetPastEnd, offDataOffset, words)
	}
	return 4 * words, nil
}

func (w *Wire) hdr() *[HeaderLen]byte {
	if len(w.b) < HeaderLen {
		return &zeroHeader
	}
	return (*[HeaderLen]byte)(w.b)
}

// SrcPort returns the source port.
func (w *Wire) SrcPort() uint16 { return binary.BigEndian.Uint16(w.hdr()[offSrcPort:]) }

// DstPort returns the destination port.
func (w *Wire) DstPort() uint16 { return binary.BigEndian.Uint16(w.hdr()[offDstPort:]) }

// Seq returns the sequence number.
func (w *Wire) Seq() seq.Num { return seq.Num(binary.BigEndian.Uint32(w.hdr()[offSeq:])) }

// Ack returns the acknowledgment number.
func (w *Wire) Ack() seq.Num { return seq.Num(binary.BigEndian.Uint32(w.hdr()[offAck:])) }

// HeaderLen returns the header length in bytes (data offset times 4).
func (w *Wire) HeaderLen() int { return w.hl }

// Flags returns the 12 control bits.
func (w *Wire) Flags() Flags {
	return Flags(binary.BigEndian.Uint16(w.hdr()[offFlags:])) & FlagMask
}

// Window returns the unscaled window field.
func (w *Wire) Window() uint16 { return binary.BigEndian.Uint16(w.hdr()[offWindow:]) }

// Checksum returns the checksum field.
func (w *Wire) Checksum() uint16 { return binary.BigEndian.Uint16(w.hdr()[offChecksum:]) }

// Urgent returns the urgent pointer field.
func (w *Wire) Urgent() uint16 { return binary.BigEndian.Uint16(w.hdr()[offUrgent:]) }

// Options returns the option bytes, unparsed; they alias the buffer.
func (w *Wire) Options() []byte {
	if w.hl < HeaderLen {
		return nil
	}
	return w.b[HeaderLen:w.hl]
}

// Payload returns the bytes after the header; they alias the buffer.
func (w *Wire) Payload() []byte {
	if w.hl < HeaderLen {
		return nil
	}
	return w.b[w.hl:]
}

// Bytes returns the whole segment the view covers.
func (w *Wire) Bytes() []byte { return w.b }
