package capture

import (
	"errors"
	"fmt"
)

// ErrLinkHeader matches (with errors.Is) every error about one frame's link
// header: truncated, or of an unsupported link type. Reading may continue
// after such an error.
var ErrLinkHeader = errors.New("malformed link-layer header")

// errClosed is returned by Next after Close.
var errClosed = errors.New("reader is closed")

// Error locates a problem in a capture file.
type Error struct {
	File string // the name given to Open or NewReader
	// Frame is the 1-based number of the frame concerned, or 0 for the file
	// header.
	Frame int
	// Offset is the byte offset of the frame's record in the file (in the
	// decompressed stream of a gzip file), or -1 when it is not known
	// (pcapng, whose blocks pcapgo does not locate).
	Offset int64
	Err    error // what is wrong
}

// Error returns, for example,
// "x.pcap: frame 7 (record at byte 1234): truncated Ethernet header (12 bytes)".
func (e *Error) Error() string {
	switch {
	case e.Frame == 0:
		return fmt.Sprintf("%s: file header: %v", e.File, e.Err)
	case e.Offset >= 0:
		return fmt.Sprintf("%s: frame %d (record at byte %d): %v", e.File, e.Frame, e.Offset, e.Err)
	}
	return fmt.Sprintf("%s: frame %d: %v", e.File, e.Frame, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// linkError is a malformed link header; it matches ErrLinkHeader.
type linkError struct{ msg string }

func (e *linkError) Error() string        { return e.msg }
func (e *linkError) Is(target error) bool { return target == ErrLinkHeader }

func linkErrorf(format string, args ...any) error {
	return &linkError{msg: fmt.Sprintf(format, args...)}
}
