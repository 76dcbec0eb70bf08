package segment

// Flags holds the 12 control bits of the TCP header (RFC 9293 §3.1): the
// eight classic flags in the low byte, AE (RFC 3168's former NS bit, named
// AE by Accurate ECN) above them, and the three reserved bits on top, kept so
// that re-encoding is lossless.
type Flags uint16

// The control bits, in wire order from the least significant bit.
const (
	FIN       Flags = 1 << iota // no more data from sender
	SYN                         // synchronize sequence numbers
	RST                         // reset the connection
	PSH                         // push function
	ACK                         // acknowledgment field is significant
	URG                         // urgent pointer field is significant
	ECE                         // ECN-Echo (RFC 3168)
	CWR                         // congestion window reduced (RFC 3168)
	AE                          // accurate ECN, formerly NS (RFC 3540, historic)
	Reserved1                   // reserved, bit 9
	Reserved2                   // reserved, bit 10
	Reserved3                   // reserved, bit 11

	// FlagMask covers every bit the header can carry.
	FlagMask Flags = 0x0fff
)

var flagNames = [12]string{"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE", "R9", "R10", "R11"}

// Has reports whether every bit of m is set in f.
func (f Flags) Has(m Flags) bool { return f&m == m }

// HasAny reports whether any bit of m is set in f.
func (f Flags) HasAny(m Flags) bool { return f&m != 0 }

// AppendTo appends the set flags as names joined by '|' (for example
// "SYN|ACK"), or "0" when none is set.
func (f Flags) AppendTo(b []byte) []byte {
	if f&FlagMask == 0 {
		return append(b, '0')
	}
	first := true
	for i, name := range flagNames {
		if f&(1<<i) == 0 {
			continue
		}
		if !first {
			b = append(b, '|')
		}
		b = append(b, name...)
		first = false
	}
	return b
}

// String returns the flags as AppendTo writes them.
func (f Flags) String() string { return string(f.AppendTo(make([]byte, 0, 32))) }
