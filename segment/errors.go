package segment

import (
	"errors"
	"strconv"
)

// ErrorCode names what is wrong with a header. The zero value is not an error.
type ErrorCode uint8

// Error codes. Offsets in an Error are relative to the start of the header
// being decoded: the TCP header for Segment, Wire and Options; the IP header
// for IPHeader and Packet.
const (
	_                      ErrorCode = iota
	ErrShort                         // buffer shorter than the 20-byte TCP header
	ErrDataOffsetSmall               // data offset below 5 words
	ErrDataOffsetPastEnd             // data offset points past the end of the buffer
	ErrOptionNoLength                // option kind is the last byte of the header; its length byte is missing
	ErrOptionLength                  // option length below 2 (0 or 1)
	ErrOptionPastEnd                 // option runs past the end of the header
	ErrMSSLength                     // MSS option whose length is not 4 (RFC 9293 §3.2)
	ErrWScaleLength                  // window scale option whose length is not 3 (RFC 7323 §2.2)
	ErrSACKPermittedLength           // SACK-permitted option whose length is not 2 (RFC 2018 §2)
	ErrSACKLength                    // SACK option whose length is not 2+8n, n in 1..4 (RFC 2018 §3)
	ErrTimestampLength               // timestamps option whose length is not 10 (RFC 7323 §3.2)
	ErrWScaleTooLarge                // window scale shift above 14; a warning, RFC 7323 §2.3 says use 14
	ErrIPShort                       // buffer shorter than the IP header
	ErrIPVersion                     // IP version neither 4 nor 6
	ErrIPHeaderLength                // IPv4 IHL below 5 or past the buffer
	ErrIPLength                      // IP total or payload length disagrees with the buffer
	ErrIPFragment                    // a fragment (IPv4 MF/offset, IPv6 fragment header): unsupported
	ErrIPExtension                   // an IPv6 extension header is truncated or malformed
	ErrIPTooManyExtensions           // more IPv6 extension headers than MaxExtensionHeaders
	ErrIPJumbo                       // a malformed or inconsistent IPv6 Jumbo Payload option (RFC 2675)
	ErrNotTCP                        // the IP payload is not TCP
	errorCodeCount
)

var errorText = [errorCodeCount]string{
	ErrShort:               "TCP header shorter than 20 bytes",
	ErrDataOffsetSmall:     "TCP data offset below 5 words",
	ErrDataOffsetPastEnd:   "TCP data offset past the end of the buffer",
	ErrOptionNoLength:      "TCP option has no length byte",
	ErrOptionLength:        "TCP option length below 2",
	ErrOptionPastEnd:       "TCP option runs past the end of the header",
	ErrMSSLength:           "MSS option length is not 4",
	ErrWScaleLength:        "window scale option length is not 3",
	ErrSACKPermittedLength: "SACK-permitted option length is not 2",
	ErrSACKLength:          "SACK option length is not 2+8n with n in 1..4",
	ErrTimestampLength:     "timestamps option length is not 10",
	ErrWScaleTooLarge:      "window scale shift above 14 (RFC 7323 says use 14)",
	ErrIPShort:             "IP header truncated",
	ErrIPVersion:           "IP version is neither 4 nor 6",
	ErrIPHeaderLength:      "IPv4 header length below 5 words or past the buffer",
	ErrIPLength:            "IP length disagrees with the buffer",
	ErrIPFragment:          "IP fragments are not supported",
	ErrIPExtension:         "IPv6 extension header truncated or malformed",
	ErrIPTooManyExtensions: "too many IPv6 extension headers",
	ErrIPJumbo:             "malformed IPv6 Jumbo Payload option",
	ErrNotTCP:              "IP payload is not TCP",
}

// String returns the code's description.
func (c ErrorCode) String() string {
	if c == 0 || c >= errorCodeCount {
		return "segment error " + strconv.Itoa(int(c))
	}
	return errorText[c]
}

// Error describes a malformed header: what is wrong (Code), the byte offset
// of the offending field or option, and the value found there (a length, a
// data offset, a version), or -1 when no single value applies.
//
// Decoders return a pointer into storage owned by the value being decoded
// into, so reporting an error does not allocate; the next decode into the same
// value overwrites it. Copy *Error to keep it.
type Error struct {
	Code   ErrorCode
	Offset int
	Value  int
}

// Error formats the description, offset and value.
func (e *Error) Error() string {
	b := make([]byte, 0, 96)
	b = append(b, e.Code.String()...)
	b = append(b, " at byte offset "...)
	b = strconv.AppendInt(b, int64(e.Offset), 10)
	if e.Value >= 0 {
		b = append(b, " (found "...)
		b = strconv.AppendInt(b, int64(e.Value), 10)
		b = append(b, ')')
	}
	return string(b)
}

// Is reports whether target is an *Error with the same code, so
// errors.Is(err, &segment.Error{Code: segment.ErrShort}) matches any offset.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// set fills e and returns it as an error.
func (e *Error) set(code ErrorCode, offset, value int) error {
	*e = Error{Code: code, Offset: offset, Value: value}
	return e
}

// Sentinel errors of the builders and encoders; they carry no position.
var (
	ErrNoRoom         = errors.New("segment: option does not fit in the 40-byte option space")
	ErrAfterEOL       = errors.New("segment: option added after End of Option List")
	ErrKnownKind      = errors.New("segment: opaque option uses a kind with a typed form")
	ErrOpaqueLength   = errors.New("segment: opaque option data longer than 38 bytes")
	ErrSACKBlocks     = errors.New("segment: SACK option needs 1 to 4 blocks")
	ErrBufferTooSmall = errors.New("segment: buffer too small for the header")
)
