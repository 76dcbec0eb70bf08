package segment

import (
	"encoding/binary"
	"strconv"

	"tcpcheck/seq"
)

// OptionKind is a TCP option kind (IANA "TCP Option Kind Numbers").
type OptionKind uint8

// Option kinds with a typed form here, and the opaque kinds tcpcheck names.
const (
	KindEOL           OptionKind = 0   // End of Option List (RFC 9293 §3.2)
	KindNOP           OptionKind = 1   // No-Operation (RFC 9293 §3.2)
	KindMSS           OptionKind = 2   // Maximum Segment Size (RFC 9293 §3.7.1)
	KindWScale        OptionKind = 3   // Window Scale (RFC 7323 §2)
	KindSACKPermitted OptionKind = 4   // SACK-permitted (RFC 2018 §2)
	KindSACK          OptionKind = 5   // SACK blocks (RFC 2018 §3)
	KindTimestamps    OptionKind = 8   // Timestamps (RFC 7323 §3)
	KindMD5           OptionKind = 19  // MD5 signature (RFC 2385), kept opaque
	KindAO            OptionKind = 29  // TCP Authentication Option (RFC 5925), kept opaque
	KindMPTCP         OptionKind = 30  // Multipath TCP (RFC 8684), kept opaque
	KindFastOpen      OptionKind = 34  // TCP Fast Open cookie (RFC 7413), kept opaque
	KindExp1          OptionKind = 253 // experimental (RFC 4727), kept opaque
	KindExp2          OptionKind = 254 // experimental (RFC 4727), kept opaque
)

var kindNames = [256]string{
	KindEOL: "eol", KindNOP: "nop", KindMSS: "mss", KindWScale: "wscale",
	KindSACKPermitted: "sackOK", KindSACK: "sack", KindTimestamps: "TS",
	KindMD5: "md5", KindAO: "ao", KindMPTCP: "mptcp", KindFastOpen: "FO",
	KindExp1: "exp253", KindExp2: "exp254",
}

// String returns the option's short name, as packetdrill writes it where it
// has one, or "kindN".
func (k OptionKind) String() string {
	if n := kindNames[k]; n != "" {
		return n
	}
	return "kind" + strconv.Itoa(int(k))
}

// typed reports whether k has a typed form (and so may not be added opaque).
func (k OptionKind) typed() bool {
	switch k {
	case KindEOL, KindNOP, KindMSS, KindWScale, KindSACKPermitted, KindSACK, KindTimestamps:
		return true
	}
	return false
}

// Sizes of the option space.
const (
	MaxOptionBytes = 40 // option space of a 60-byte header (RFC 9293 §3.1)
	MaxSACKBlocks  = 4  // what fits in 40 bytes: 2 + 4*8 = 34 (RFC 2018 §3)
	MaxWScale      = 14 // largest shift RFC 7323 §2.3 allows
	maxOpaqueData  = MaxOptionBytes - 2
)

// SACKBlock is one block of a SACK option: the bytes [Left, Right) received.
type SACKBlock struct {
	Left, Right seq.Num
}

// present bits for the typed options, first occurrence only.
const (
	hasMSS uint8 = 1 << iota
	hasWScale
	hasSACKPermitted
	hasSACK
	hasTimestamps
	hasEOL
)

// Options is the option area of a TCP header: the bytes as they appear on the
// wire, in a fixed array, plus the decoded values of the first MSS, window
// scale, SACK-permitted, SACK and timestamps options. Every other kind (MD5,
// TCP-AO, MPTCP, Fast Open, experimental, unknown) stays opaque as (kind,
// data), and bytes after End of Option List are kept as padding, so encoding
// what was decoded gives the input back byte for byte.
//
// Build options with the Add methods; the zero value is an empty option area.
type Options struct {
	raw    [MaxOptionBytes]byte
	n      uint8 // bytes of raw in use
	has    uint8 // present bits
	wscale uint8 // shift as on the wire
	nsack  uint8
	wsAt   uint8 // header offset of a window scale above 14, 0 if none
	mss    uint16
	tsVal  uint32
	tsEcr  uint32
	sack   [MaxSACKBlocks]SACKBlock
}

// Len returns the length in bytes of the option area as it will be encoded,
// before padding to a multiple of 4.
func (o *Options) Len() int { return int(o.n) }

// Bytes returns the option area. It aliases o.
func (o *Options) Bytes() []byte { return o.raw[:o.n] }

// Reset empties the option area.
func (o *Options) Reset() { *o = Options{} }

// MSS returns the first Maximum Segment Size option's value.
func (o *Options) MSS() (mss uint16, ok bool) { return o.mss, o.has&hasMSS != 0 }

// WScale returns the first window scale option's shift, capped at 14 as
// RFC 7323 §2.3 requires; WScaleRaw gives the value on the wire.
func (o *Options) WScale() (shift uint8, ok bool) {
	return min(o.wscale, MaxWScale), o.has&hasWScale != 0
}

// WScaleRaw returns the first window scale option's shift as on the wire.
func (o *Options) WScaleRaw() (shift uint8, ok bool) { return o.wscale, o.has&hasWScale != 0 }

// SACKPermitted reports whether a SACK-permitted option is present.
func (o *Options) SACKPermitted() bool { return o.has&hasSACKPermitted != 0 }

// Timestamps returns the first timestamps option's TSval and TSecr.
func (o *Options) Timestamps() (val, ecr uint32, ok bool) {
	return o.tsVal, o.tsEcr, o.has&hasTimestamps != 0
}

// SACK returns the blocks of the first SACK option; the slice aliases o and
// is empty when there is none.
func (o *Options) SACK() []SACKBlock { return o.sack[:o.nsack] }

// Option is one option as it appears on the wire: its kind and the bytes
// after the kind and length bytes. Data aliases the Options it came from.
type Option struct {
	Kind OptionKind
	Data []byte
}

// Next returns the option starting at byte off of the option area and the
// offset of the one after it; next is -1 when off is at or past the end, or
// at End of Option List, whose padding Next reports as one Option of kind
// EOL with the padding as Data. Iterate with
//
//	for opt, next := o.Next(0); next >= 0; opt, next = o.Next(next) { ... }
//
// Next never panics; on an option area that did not come from a successful
// decode or the Add methods it stops at the first malformed option.
func (o *Options) Next(off int) (opt Option, next int) {
	end := int(o.n)
	if off < 0 || off >= end {
		return Option{}, -1
	}
	kind := OptionKind(o.raw[off])
	switch kind {
	case KindEOL:
		return Option{Kind: KindEOL, Data: o.raw[off+1 : end]}, end
	case KindNOP:
		return Option{Kind: KindNOP}, off + 1
	}
	if off+1 >= end {
		return Option{}, -1
	}
	l := int(o.raw[off+1])
	if l < 2 || off+l > end {
		return Option{}, -1
	}
	return Option{Kind: kind, Data: o.raw[off+2 : off+l]}, off + l
}

// AddNOP appends a No-Operation option.
func (o *Options) AddNOP() error { return o.add1(KindNOP) }

// AddEOL appends End of Option List; nothing but Pad may follow it.
func (o *Options) AddEOL() error {
	if err := o.add1(KindEOL); err != nil {
		return err
	}
	o.has |= hasEOL
	return nil
}

// Pad fills the option area with zero bytes (End of Option List and padding)
// up to the next multiple of 4, as RFC 9293 §3.1 requires of the header. It
// does nothing when the length is already a multiple of 4.
func (o *Options) Pad() {
	for o.n%4 != 0 {
		o.raw[o.n] = 0
		o.n++
		o.has |= hasEOL
	}
}

// AddMSS appends a Maximum Segment Size option (RFC 9293 §3.7.1).
func (o *Options) AddMSS(mss uint16) error {
	d, err := o.grow(KindMSS, 4)
	if err != nil {
		return err
	}
	binary.BigEndian.PutUint16(d, mss)
	o.note(KindMSS, d, 0)
	return nil
}

// AddWScale appends a window scale option (RFC 7323 §2.2). A shift above 14
// is encoded as given, so tests can send one.
func (o *Options) AddWScale(shift uint8) error {
	d, err := o.grow(KindWScale, 3)
	if err != nil {
		return err
	}
	d[0] = shift
	o.note(KindWScale, d, 20+int(o.n)-3)
	return nil
}

// AddSACKPermitted appends a SACK-permitted option (RFC 2018 §2).
func (o *Options) AddSACKPermitted() error {
	d, err := o.grow(KindSACKPermitted, 2)
	if err != nil {
		return err
	}
	o.note(KindSACKPermitted, d, 0)
	return nil
}

// AddTimestamps appends a timestamps option (RFC 7323 §3.2).
func (o *Options) AddTimestamps(val, ecr uint32) error {
	d, err := o.grow(KindTimestamps, 10)
	if err != nil {
		return err
	}
	binary.BigEndian.PutUint32(d, val)
	binary.BigEndian.PutUint32(d[4:], ecr)
	o.note(KindTimestamps, d, 0)
	return nil
}

// AddSACK appends a SACK option with 1 to 4 blocks (RFC 2018 §3).
func (o *Options) AddSACK(blocks []SACKBlock) error {
	if len(blocks) < 1 || len(blocks) > MaxSACKBlocks {
		return ErrSACKBlocks
	}
	d, err := o.grow(KindSACK, 2+8*len(blocks))
	if err != nil {
		return err
	}
	for i, b := range blocks {
		binary.BigEndian.PutUint32(d[8*i:], uint32(b.Left))
		binary.BigEndian.PutUint32(d[8*i+4:], uint32(b.Right))
	}
	o.note(KindSACK, d, 0)
	return nil
}

// AddOpaque appends an option of a kind without a typed form (MD5, TCP-AO,
// MPTCP, Fast Open, experimental or unknown) with data as its contents.
func (o *Options) AddOpaque(kind OptionKind, data []byte) error {
	if kind.typed() {
		return ErrKnownKind
	}
	if len(data) > maxOpaqueData {
		return ErrOpaqueLength
	}
	d, err := o.grow(kind, 2+len(data))
	if err != nil {
		return err
	}
	copy(d, data)
	return nil
}

// add1 appends a one-byte option.
func (o *Options) add1(kind OptionKind) error {
	if o.has&hasEOL != 0 {
		return ErrAfterEOL
	}
	if int(o.n)+1 > MaxOptionBytes {
		return ErrNoRoom
	}
	o.raw[o.n] = byte(kind)
	o.n++
	return nil
}

// grow appends the kind and length bytes of an option of total length l and
// returns its data bytes.
func (o *Options) grow(kind OptionKind, l int) ([]byte, error) {
	if o.has&hasEOL != 0 {
		return nil, ErrAfterEOL
	}
	start := int(o.n)
	if start+l > MaxOptionBytes {
		return nil, ErrNoRoom
	}
	o.raw[start] = byte(kind)
	o.raw[start+1] = byte(l)
	o.n = uint8(start + l)
	return o.raw[start+2 : start+l], nil
}

// note records the value of a typed option if it is the first of its kind.
// wsAt is the header offset of a window scale option, for the warning.
func (o *Options) note(kind OptionKind, d []byte, wsAt int) {
	switch kind {
	case KindMSS:
		if o.has&hasMSS == 0 {
			o.mss = binary.BigEndian.Uint16(d)
			o.has |= hasMSS
		}
	case KindWScale:
		if o.has&hasWScale == 0 {
			o.wscale = d[0]
			o.has |= hasWScale
			if d[0] > MaxWScale {
				o.wsAt = uint8(wsAt)
			}
		}
	case KindSACKPermitted:
		o.has |= hasSACKPermitted
	case KindTimestamps:
		if o.has&hasTimestamps == 0 {
			o.tsVal = binary.BigEndian.Uint32(d)
			o.tsEcr = binary.BigEndian.Uint32(d[4:])
			o.has |= hasTimestamps
		}
	case KindSACK:
		if o.has&hasSACK == 0 {
			o.noteSACK(d)
		}
	}
}

func (o *Options) noteSACK(d []byte) {
	n := len(d) / 8
	for i := 0; i < n && i < MaxSACKBlocks; i++ {
		o.sack[i] = SACKBlock{
			Left:  seq.Num(binary.BigEndian.Uint32(d[8*i:])),
			Right: seq.Num(binary.BigEndian.Uint32(d[8*i+4:])),
		}
	}
	o.nsack = uint8(n)
	o.has |= hasSACK
}

// decode validates the option area b, which starts at byte 20 of the header,
// copies it into o and records the typed values. On a malformed option it
// fills e and returns it (RFC 9293 §3.1: a length that runs past the header
// or is below 2 makes the segment malformed). It keeps the invariant that
// bytes past n and the values of absent options are zero, so Options values
// compare with ==, without clearing the whole struct.
func (o *Options) decode(b []byte, e *Error) error {
	if len(b) == 0 && o.n == 0 && o.has|o.wsAt == 0 {
		return nil // a bare header into an empty Options: nothing to do
	}
	old := int(o.n)
	n := copy(o.raw[:], b)
	if old > n {
		clear(o.raw[n:old])
	}
	if o.has|o.wsAt != 0 {
		o.clearValues()
	}
	o.n = uint8(n)
	b = o.raw[:n]
	for off := 0; off < len(b); {
		kind := OptionKind(b[off])
		if kind == KindNOP {
			off++
			continue
		}
		if kind == KindEOL {
			o.has |= hasEOL
			return nil
		}
		if off+1 >= len(b) {
			return o.fail(ErrOptionNoLength, off, int(kind), e)
		}
		l := int(b[off+1])
		if l < 2 || off+l > len(b) {
			return o.fail(lengthCode(l), off+1, l, e)
		}
		d := b[off+2 : off+l]
		switch {
		case kind == KindTimestamps && l == 10:
			if o.has&hasTimestamps == 0 {
				o.tsVal = binary.BigEndian.Uint32(d)
				o.tsEcr = binary.BigEndian.Uint32(d[4:])
				o.has |= hasTimestamps
			}
		case kind == KindMSS && l == 4:
			if o.has&hasMSS == 0 {
				o.mss = binary.BigEndian.Uint16(d)
				o.has |= hasMSS
			}
		case kind == KindSACKPermitted && l == 2:
			o.has |= hasSACKPermitted
		case kind == KindWScale && l == 3:
			if o.has&hasWScale == 0 {
				o.wscale = d[0]
				o.has |= hasWScale
				if d[0] > MaxWScale {
					o.wsAt = uint8(20 + off)
				}
			}
		case kind <= KindTimestamps:
			if code := o.decodeOne(kind, d); code != 0 {
				return o.fail(code, off+1, l, e)
			}
		}
		off += l
	}
	return nil
}

// decodeOne handles a typed option that decode's common cases did not
// take: a SACK option, whose blocks it records if it is the first, or an
// MSS, window scale, SACK-permitted or timestamps option of the wrong length
// (RFC 9293 §3.2, RFC 7323, RFC 2018), whose error code it returns.
func (o *Options) decodeOne(kind OptionKind, d []byte) ErrorCode {
	switch kind {
	case KindMSS:
		return ErrMSSLength
	case KindWScale:
		return ErrWScaleLength
	case KindSACKPermitted:
		return ErrSACKPermittedLength
	case KindTimestamps:
		return ErrTimestampLength
	case KindSACK:
		if len(d) < 8 || len(d) > 8*MaxSACKBlocks || len(d)%8 != 0 {
			return ErrSACKLength
		}
		if o.has&hasSACK == 0 {
			o.noteSACK(d)
		}
	}
	return 0
}

// clearValues zeroes the typed values of a previous decode.
func (o *Options) clearValues() {
	if o.nsack != 0 {
		o.sack = [MaxSACKBlocks]SACKBlock{}
	}
	o.has, o.wscale, o.nsack, o.wsAt = 0, 0, 0, 0
	o.mss, o.tsVal, o.tsEcr = 0, 0, 0
}

// lengthCode names what is wrong with an option length byte l that is below
// 2 or runs past the header.
func lengthCode(l int) ErrorCode {
	if l < 2 {
		return ErrOptionLength
	}
	return ErrOptionPastEnd
}

// fail reports a malformed option at option-area offset off; the Error's
// offset is relative to the TCP header. o is left empty.
func (o *Options) fail(code ErrorCode, off, value int, e *Error) error {
	o.Reset()
	return e.set(code, 20+off, value)
}

// warning fills e with the window-scale warning, if any.
func (o *Options) warning(e *Error) error {
	if o.wsAt == 0 {
		return nil
	}
	return e.set(ErrWScaleTooLarge, int(o.wsAt)+2, int(o.wscale))
}

// AppendText appends the options in packetdrill's notation, for example
// "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7". Opaque options are written
// as their kind name and hex data; padding after End of Option List is not
// shown.
func (o *Options) AppendText(b []byte) []byte {
	first := true
	for opt, next := o.Next(0); next >= 0; opt, next = o.Next(next) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = opt.appendText(b)
	}
	return b
}

const hexDigits = "0123456789abcdef"

func (opt Option) appendText(b []byte) []byte {
	b = append(b, opt.Kind.String()...)
	d := opt.Data
	switch {
	case opt.Kind == KindMSS && len(d) == 2:
		return strconv.AppendUint(append(b, ' '), uint64(binary.BigEndian.Uint16(d)), 10)
	case opt.Kind == KindWScale && len(d) == 1:
		return strconv.AppendUint(append(b, ' '), uint64(d[0]), 10)
	case opt.Kind == KindTimestamps && len(d) == 8:
		b = strconv.AppendUint(append(b, " val "...), uint64(binary.BigEndian.Uint32(d)), 10)
		return strconv.AppendUint(append(b, " ecr "...), uint64(binary.BigEndian.Uint32(d[4:])), 10)
	case opt.Kind == KindSACK:
		for i := 0; i+8 <= len(d); i += 8 {
			b = strconv.AppendUint(append(b, ' '), uint64(binary.BigEndian.Uint32(d[i:])), 10)
			b = strconv.AppendUint(append(b, ':'), uint64(binary.BigEndian.Uint32(d[i+4:])), 10)
		}
		return b
	case opt.Kind == KindEOL || opt.Kind == KindNOP || opt.Kind == KindSACKPermitted:
		return b
	}
	if len(d) > 0 {
		b = append(b, ' ')
	}
	for _, c := range d {
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}
