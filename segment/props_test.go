package segment_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
	"pgregory.net/rapid"

	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Round-trip properties of the codec, each run under rapid and gopter:
//
//   - decode(encode(r)) == r for every valid representation r: a Segment
//     built from typed values and the option builders, its option area
//     padded to a multiple of 4 (Options.Pad), as a header must be.
//   - encode(decode(b)) == b for every b that decodes.
//   - Wire agrees with Segment on every accessor, and rejects a buffer with
//     the same error exactly when its header checks fail.
//
// The generators take every decision from a chooser, so the same generator
// code runs under both engines: rapid draws (and shrinks) each decision;
// gopter generates (and shrinks) a tape of numbers the decisions are read
// from.

// chooser is the source of a generator's decisions.
type chooser interface {
	// Int returns a number in [lo, hi].
	Int(label string, lo, hi int) int
	// Uint32 returns any 32-bit number.
	Uint32(label string) uint32
	// Bytes returns n bytes.
	Bytes(label string, n int) []byte
}

// rapidChooser draws each decision from rapid.
type rapidChooser struct{ t *rapid.T }

func (r rapidChooser) Int(label string, lo, hi int) int {
	return rapid.IntRange(lo, hi).Draw(r.t, label)
}

func (r rapidChooser) Uint32(label string) uint32 { return rapid.Uint32().Draw(r.t, label) }

func (r rapidChooser) Bytes(label string, n int) []byte {
	return rapid.SliceOfN(rapid.Byte(), n, n).Draw(r.t, label)
}

// tapeChooser reads decisions from a tape gopter generated; past its end
// every decision is the smallest choice, so shrinking the tape toward zeros
// shrinks the segment toward the simplest one.
type tapeChooser struct {
	tape []uint32
	next int
}

func (c *tapeChooser) read() uint32 {
	if c.next >= len(c.tape) {
		return 0
	}
	c.next++
	return c.tape[c.next-1]
}

func (c *tapeChooser) Int(_ string, lo, hi int) int {
	return lo + int(uint64(c.read())%uint64(hi-lo+1))
}

func (c *tapeChooser) Uint32(string) uint32 { return c.read() }

func (c *tapeChooser) Bytes(_ string, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(c.read())
	}
	return b
}

// tapeLen is long enough for the largest segment the generators make: a
// 60-byte header from individual decisions and up to 64 payload bytes.
const tapeLen = 400

// choose16 and choose32 favour the extremes of a field.
func choose16(c chooser, label string) uint16 {
	if c.Int(label+" is an extreme", 0, 3) == 0 {
		return []uint16{0, 1, 0x7fff, 0x8000, 0xfffe, 0xffff}[c.Int(label, 0, 5)]
	}
	return uint16(c.Int(label, 0, 0xffff))
}

func choose32(c chooser, label string) uint32 {
	if c.Int(label+" is an extreme", 0, 3) == 0 {
		return []uint32{0, 1, 1<<31 - 1, 1 << 31, 1<<32 - 2, 1<<32 - 1}[c.Int(label, 0, 5)]
	}
	return c.Uint32(label)
}

// untypedKinds are the option kinds AddOpaque accepts: all but EOL, NOP,
// MSS, window scale, SACK-permitted, SACK and timestamps.
var untypedKinds = func() []segment.OptionKind {
	var ks []segment.OptionKind
	for k := 0; k < 256; k++ {
		switch segment.OptionKind(k) {
		case segment.KindEOL, segment.KindNOP, segment.KindMSS, segment.KindWScale,
			segment.KindSACKPermitted, segment.KindSACK, segment.KindTimestamps:
			continue
		}
		ks = append(ks, segment.OptionKind(k))
	}
	return ks
}()

// chooseOpaque picks an opaque option the way real stacks send them: MD5
// with its 16-byte digest, TCP-AO, MPTCP, a Fast Open cookie, the two
// experimental kinds, or any other untyped kind with up to 38 bytes.
func chooseOpaque(c chooser) (segment.OptionKind, []byte) {
	var kind segment.OptionKind
	var n int
	switch c.Int("opaque kind", 0, 6) {
	case 0:
		kind, n = segment.KindMD5, 16
	case 1:
		kind, n = segment.KindAO, c.Int("AO length", 2, 18)
	case 2:
		kind, n = segment.KindMPTCP, c.Int("MPTCP length", 2, 22)
	case 3:
		kind, n = segment.KindFastOpen, []int{0, 4, 8, 16}[c.Int("cookie length", 0, 3)]
	case 4:
		kind, n = segment.KindExp1, c.Int("exp length", 2, 10)
	case 5:
		kind, n = segment.KindExp2, c.Int("exp length", 2, 10)
	default:
		kind, n = untypedKinds[c.Int("unknown kind", 0, len(untypedKinds)-1)], c.Int("length", 0, 38)
	}
	return kind, c.Bytes("opaque data", n)
}

// optionModel is what the builder calls promise the decoded options will
// report: the first value of each typed option, and every option in order.
type optionModel struct {
	mss       uint16
	hasMSS    bool
	wscale    uint8
	hasWScale bool
	wscaleAt  int // header offset of the first window scale option
	sackOK    bool
	tsVal     uint32
	tsEcr     uint32
	hasTS     bool
	sack      []segment.SACKBlock
	list      []segment.Option
}

// buildOptions adds a random sequence of options to o with the builders
// until the generator stops or an option does not fit (ErrNoRoom), then
// maybe End of Option List, then Pad (unless pad is false). Any builder
// error but ErrNoRoom is returned, as the generator only asks for
// well-formed options.
func buildOptions(c chooser, o *segment.Options, m *optionModel, pad bool) error {
	for steps := c.Int("options", 0, 12); steps > 0; steps-- {
		var err error
		var opt segment.Option
		at := o.Len()
		switch c.Int("option", 0, 6) {
		case 0:
			err, opt = o.AddNOP(), segment.Option{Kind: segment.KindNOP}
		case 1:
			mss := choose16(c, "mss")
			err, opt = o.AddMSS(mss), segment.Option{Kind: segment.KindMSS, Data: []byte{byte(mss >> 8), byte(mss)}}
			if err == nil && !m.hasMSS {
				m.mss, m.hasMSS = mss, true
			}
		case 2:
			shift := uint8(c.Int("wscale", 0, 255))
			err, opt = o.AddWScale(shift), segment.Option{Kind: segment.KindWScale, Data: []byte{shift}}
			if err == nil && !m.hasWScale {
				m.wscale, m.hasWScale, m.wscaleAt = shift, true, segment.HeaderLen+at
			}
		case 3:
			err, opt = o.AddSACKPermitted(), segment.Option{Kind: segment.KindSACKPermitted, Data: []byte{}}
			m.sackOK = m.sackOK || err == nil
		case 4:
			val, ecr := choose32(c, "TSval"), choose32(c, "TSecr")
			d := []byte{byte(val >> 24), byte(val >> 16), byte(val >> 8), byte(val), byte(ecr >> 24), byte(ecr >> 16), byte(ecr >> 8), byte(ecr)}
			err, opt = o.AddTimestamps(val, ecr), segment.Option{Kind: segment.KindTimestamps, Data: d}
			if err == nil && !m.hasTS {
				m.tsVal, m.tsEcr, m.hasTS = val, ecr, true
			}
		case 5:
			blocks := make([]segment.SACKBlock, c.Int("SACK blocks", 1, segment.MaxSACKBlocks))
			var d []byte
			for i := range blocks {
				l, r := choose32(c, "left"), choose32(c, "right")
				blocks[i] = segment.SACKBlock{Left: seq.Num(l), Right: seq.Num(r)}
				d = append(d, byte(l>>24), byte(l>>16), byte(l>>8), byte(l), byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
			}
			err, opt = o.AddSACK(blocks), segment.Option{Kind: segment.KindSACK, Data: d}
			if err == nil && m.sack == nil {
				m.sack = blocks
			}
		case 6:
			kind, data := chooseOpaque(c)
			err, opt = o.AddOpaque(kind, data), segment.Option{Kind: kind, Data: data}
		}
		if errors.Is(err, segment.ErrNoRoom) {
			if o.Len() != at {
				return fmt.Errorf("%v returned ErrNoRoom but grew the options from %d to %d bytes", opt.Kind, at, o.Len())
			}
			break
		}
		if err != nil {
			return fmt.Errorf("adding %v %x at byte %d: %v", opt.Kind, opt.Data, at, err)
		}
		m.list = append(m.list, opt)
	}
	if c.Int("End of Option List", 0, 1) == 1 {
		switch err := o.AddEOL(); {
		case err == nil:
			m.list = append(m.list, segment.Option{Kind: segment.KindEOL, Data: []byte{}})
		case !errors.Is(err, segment.ErrNoRoom):
			return fmt.Errorf("AddEOL at byte %d: %v", o.Len(), err)
		}
	}
	if !pad {
		return nil
	}
	before := o.Len()
	o.Pad()
	if n := o.Len() - before; n > 0 {
		if last := len(m.list) - 1; last >= 0 && m.list[last].Kind == segment.KindEOL {
			m.list[last].Data = make([]byte, n)
		} else {
			m.list = append(m.list, segment.Option{Kind: segment.KindEOL, Data: make([]byte, n-1)})
		}
	}
	return nil
}

// buildSegment makes a valid representation: every field (all 12 flag
// bits) random, options from the builders, a random payload. With pad
// false the option area is left unpadded, which is not a valid
// representation but must encode like its padded form.
func buildSegment(c chooser, m *optionModel, pad bool) (segment.Segment, error) {
	s := segment.Segment{
		SrcPort:  choose16(c, "src port"),
		DstPort:  choose16(c, "dst port"),
		Seq:      seq.Num(choose32(c, "seq")),
		Ack:      seq.Num(choose32(c, "ack")),
		Flags:    segment.Flags(c.Int("flags", 0, int(segment.FlagMask))),
		Window:   choose16(c, "window"),
		Checksum: choose16(c, "checksum"),
		Urgent:   choose16(c, "urgent"),
	}
	err := buildOptions(c, &s.Options, m, pad)
	s.Payload = c.Bytes("payload", c.Int("payload length", 0, 64))
	return s, err
}

// propDecodeEncodeIsIdentity: decode(encode(r)) == r, and the decoded
// options report what the builders were given.
func propDecodeEncodeIsIdentity(c chooser) string {
	var m optionModel
	s, err := buildSegment(c, &m, true)
	if err != nil {
		return "builder: " + err.Error()
	}
	enc := s.AppendTo(nil)
	if len(enc) != s.Len() || s.HeaderLen()%4 != 0 || s.HeaderLen() != segment.HeaderLen+s.Options.Len() {
		return fmt.Sprintf("encoded %d bytes, Len %d, HeaderLen %d, options %d: %x", len(enc), s.Len(), s.HeaderLen(), s.Options.Len(), enc)
	}
	var got segment.Segment
	if err := got.Decode(enc); err != nil {
		return fmt.Sprintf("decode(encode(%v)) failed: %v\nbytes %x", &s, err, enc)
	}
	if !got.Equal(&s) {
		return fmt.Sprintf("decode(encode(r)) != r\n r:   %v\n got: %v\nbytes %x", &s, &got, enc)
	}
	if msg := checkOptionsMatchModel(&got, &m); msg != "" {
		return msg + fmt.Sprintf("\nbytes %x", enc)
	}
	// Encoding after a prefix leaves the prefix alone and writes the same
	// bytes.
	prefixed := s.AppendTo([]byte{0xa5, 0x5a})
	if !bytes.Equal(prefixed[:2], []byte{0xa5, 0x5a}) || !bytes.Equal(prefixed[2:], enc) {
		return fmt.Sprintf("AppendTo after a prefix wrote %x, want a55a%x", prefixed, enc)
	}
	return propWireAgrees(enc)
}

// propUnpaddedEncodesAsPadded: AppendTo pads an option area whose length
// is not a multiple of 4 with zero bytes, even into a buffer whose spare
// capacity holds junk, so it encodes exactly as the padded representation.
func propUnpaddedEncodesAsPadded(c chooser) string {
	var m optionModel
	s, err := buildSegment(c, &m, false)
	if err != nil {
		return "builder: " + err.Error()
	}
	padded := s
	padded.Options.Pad()
	want := padded.AppendTo(nil)
	dirty := bytes.Repeat([]byte{0xa5}, 2+len(want)+8)[:2]
	got := s.AppendTo(dirty)
	if &got[0] != &dirty[0] {
		return "AppendTo reallocated a buffer with enough capacity"
	}
	if !bytes.Equal(got[2:], want) || s.HeaderLen() != padded.HeaderLen() {
		return fmt.Sprintf("unpadded options (%d bytes) encode as\n %x\nthe padded form as\n %x", s.Options.Len(), got[2:], want)
	}
	return ""
}

// checkOptionsMatchModel compares the typed accessors and the option list
// of decoded options with what the builders were asked for.
func checkOptionsMatchModel(s *segment.Segment, m *optionModel) string {
	o := &s.Options
	if mss, ok := o.MSS(); ok != m.hasMSS || mss != m.mss {
		return fmt.Sprintf("MSS() = %d, %v; built %d, %v", mss, ok, m.mss, m.hasMSS)
	}
	if raw, ok := o.WScaleRaw(); ok != m.hasWScale || raw != m.wscale {
		return fmt.Sprintf("WScaleRaw() = %d, %v; built %d, %v", raw, ok, m.wscale, m.hasWScale)
	}
	if shift, _ := o.WScale(); shift != min(m.wscale, segment.MaxWScale) {
		return fmt.Sprintf("WScale() = %d for a shift of %d on the wire", shift, m.wscale)
	}
	warn := s.Warning()
	if m.hasWScale && m.wscale > segment.MaxWScale {
		want := segment.Error{Code: segment.ErrWScaleTooLarge, Offset: m.wscaleAt + 2, Value: int(m.wscale)}
		var e *segment.Error
		if !errors.As(warn, &e) || *e != want {
			return fmt.Sprintf("Warning() = %v, want %+v", warn, want)
		}
	} else if warn != nil {
		return fmt.Sprintf("Warning() = %v for window scale %d (present %v)", warn, m.wscale, m.hasWScale)
	}
	if o.SACKPermitted() != m.sackOK {
		return fmt.Sprintf("SACKPermitted() = %v, built %v", o.SACKPermitted(), m.sackOK)
	}
	if val, ecr, ok := o.Timestamps(); ok != m.hasTS || val != m.tsVal || ecr != m.tsEcr {
		return fmt.Sprintf("Timestamps() = %d, %d, %v; built %d, %d, %v", val, ecr, ok, m.tsVal, m.tsEcr, m.hasTS)
	}
	if !slices.Equal(o.SACK(), m.sack) {
		return fmt.Sprintf("SACK() = %v, built %v", o.SACK(), m.sack)
	}
	var list []segment.Option
	for opt, next := o.Next(0); next >= 0; opt, next = o.Next(next) {
		list = append(list, opt)
	}
	if !slices.EqualFunc(list, m.list, func(a, b segment.Option) bool {
		return a.Kind == b.Kind && bytes.Equal(a.Data, b.Data)
	}) {
		return fmt.Sprintf("Next walks %v, built %v", list, m.list)
	}
	return ""
}

// chooseOptionBytes writes n bytes of option area as option TLVs, without
// the builders: typed options, opaque ones, End of Option List followed by
// garbage, and NOPs where the next option would not fit. With noise it also
// writes stray bytes and typed options of random length, which may not
// decode.
func chooseOptionBytes(c chooser, n int, noise bool) []byte {
	b := make([]byte, 0, n)
	tlv := func(kind byte, data []byte) []byte { return append([]byte{kind, byte(2 + len(data))}, data...) }
	last := 7
	if noise {
		last = 9
	}
	for len(b) < n {
		var opt []byte
		switch c.Int("option", 0, last) {
		case 0:
			opt = []byte{byte(segment.KindNOP)}
		case 1: // End of Option List, then anything up to the data offset
			b = append(b, byte(segment.KindEOL))
			if c.Int("garbage after EOL", 0, 1) == 1 {
				return append(b, c.Bytes("garbage", n-len(b))...)
			}
			return append(b, make([]byte, n-len(b))...)
		case 2:
			opt = tlv(byte(segment.KindMSS), c.Bytes("mss", 2))
		case 3:
			opt = tlv(byte(segment.KindWScale), c.Bytes("wscale", 1))
		case 4:
			opt = tlv(byte(segment.KindSACKPermitted), nil)
		case 5:
			opt = tlv(byte(segment.KindTimestamps), c.Bytes("timestamps", 8))
		case 6:
			opt = tlv(byte(segment.KindSACK), c.Bytes("blocks", 8*c.Int("SACK blocks", 1, 4)))
		case 7:
			kind := untypedKinds[c.Int("kind", 0, len(untypedKinds)-1)]
			opt = tlv(byte(kind), c.Bytes("data", c.Int("length", 0, 38)))
		case 8:
			opt = []byte{byte(c.Int("stray byte", 0, 255))}
		case 9:
			kind := []byte{2, 3, 4, 5, 8}[c.Int("typed kind", 0, 4)]
			opt = append([]byte{kind, byte(c.Int("any length", 0, 42))}, c.Bytes("data", c.Int("data", 0, 10))...)
		}
		if room := n - len(b); len(opt) > room {
			if noise && c.Int("truncate", 0, 1) == 1 {
				opt = opt[:room]
			} else {
				opt = bytes.Repeat([]byte{byte(segment.KindNOP)}, room)
			}
		}
		b = append(b, opt...)
	}
	return b
}

// chooseSegmentBytes makes a segment byte by byte: a random 20-byte header
// with a data offset of 5 to 15 words, option TLVs filling the option area,
// and a payload. Without noise Decode must accept it.
func chooseSegmentBytes(c chooser, noise bool) []byte {
	b := c.Bytes("header", segment.HeaderLen)
	words := c.Int("data offset", 5, 15)
	b[12] = byte(words<<4) | b[12]&0x0f
	b = append(b, chooseOptionBytes(c, 4*words-segment.HeaderLen, noise)...)
	return append(b, c.Bytes("payload", c.Int("payload length", 0, 64))...)
}

// chooseAnyBytes is chooseSegmentBytes with noise half the time, and plain
// random bytes (mostly rejected) otherwise.
func chooseAnyBytes(c chooser) []byte {
	if c.Int("plain random bytes", 0, 1) == 1 {
		return c.Bytes("bytes", c.Int("length", 0, 80))
	}
	return chooseSegmentBytes(c, true)
}

// propEncodeDecodeIsIdentity: encode(decode(b)) == b whenever b decodes,
// and decoding the re-encoding gives the same Segment. With mustDecode, b
// is well formed and Decode must accept it.
func propEncodeDecodeIsIdentity(b []byte, mustDecode bool) string {
	var s segment.Segment
	if err := s.Decode(b); err != nil {
		if mustDecode {
			return fmt.Sprintf("well-formed segment rejected: %v\nbytes %x", err, b)
		}
		return propWireAgrees(b)
	}
	enc := s.AppendTo(nil)
	if !bytes.Equal(enc, b) || s.Len() != len(b) {
		return fmt.Sprintf("encode(decode(b)) != b (Len %d)\n b:   %x\n enc: %x", s.Len(), b, enc)
	}
	var again segment.Segment
	if err := again.Decode(enc); err != nil || !again.Equal(&s) {
		return fmt.Sprintf("decode(encode(decode(b))) = %v, %v; want %v\nbytes %x", &again, err, &s, b)
	}
	return propWireAgrees(b)
}

// errorOf copies the *segment.Error in err, or returns the zero Error.
func errorOf(err error) segment.Error {
	var e *segment.Error
	if errors.As(err, &e) {
		return *e
	}
	return segment.Error{}
}

// propWireAgrees: Wire.Reset fails exactly when Segment.Decode fails on the
// header (length and data offset), with the same error; then the Wire reads
// as an all-zero header. Otherwise every Wire accessor returns what the
// decoded Segment holds.
func propWireAgrees(b []byte) string {
	var s segment.Segment
	var w segment.Wire
	segErr := errorOf(s.Decode(b))
	wireErr := errorOf(w.Reset(b))
	headerErr := segErr.Code == segment.ErrShort || segErr.Code == segment.ErrDataOffsetSmall ||
		segErr.Code == segment.ErrDataOffsetPastEnd
	if wireErr != (segment.Error{}) || headerErr {
		if wireErr != segErr {
			return fmt.Sprintf("Wire.Reset error %+v, Segment.Decode error %+v\nbytes %x", wireErr, segErr, b)
		}
		if w.SrcPort() != 0 || w.DstPort() != 0 || w.Seq() != 0 || w.Ack() != 0 || w.Flags() != 0 ||
			w.Window() != 0 || w.Checksum() != 0 || w.Urgent() != 0 || w.HeaderLen() != 0 ||
			w.Options() != nil || w.Payload() != nil || w.Bytes() != nil {
			return fmt.Sprintf("rejected Wire does not read as zero\nbytes %x", b)
		}
		return ""
	}
	if segErr != (segment.Error{}) {
		return "" // an option error: Wire does not parse options
	}
	var diffs []string
	diff := func(name string, w, s any) {
		if w != s {
			diffs = append(diffs, fmt.Sprintf("%s: Wire %v, Segment %v", name, w, s))
		}
	}
	diff("SrcPort", w.SrcPort(), s.SrcPort)
	diff("DstPort", w.DstPort(), s.DstPort)
	diff("Seq", w.Seq(), s.Seq)
	diff("Ack", w.Ack(), s.Ack)
	diff("Flags", w.Flags(), s.Flags)
	diff("Window", w.Window(), s.Window)
	diff("Checksum", w.Checksum(), s.Checksum)
	diff("Urgent", w.Urgent(), s.Urgent)
	diff("HeaderLen", w.HeaderLen(), s.HeaderLen())
	diff("Options", string(w.Options()), string(s.Options.Bytes()))
	diff("Payload", string(w.Payload()), string(s.Payload))
	diff("Bytes", string(w.Bytes()), string(b))
	if len(diffs) > 0 {
		return strings.Join(diffs, "\n") + fmt.Sprintf("\nbytes %x", b)
	}
	return ""
}

// propReusedDecodeMatchesFresh: decoding into a Segment that already holds
// something (a previous decode, successful or not, or options from the
// builders) gives exactly what decoding into a zero Segment gives: the
// same error, or an Equal segment with the same warning. Decode reuses the
// option storage rather than clearing it, so stale state must not leak.
func propReusedDecodeMatchesFresh(c chooser) string {
	var reused segment.Segment
	var before []byte
	switch c.Int("previous contents", 0, 2) {
	case 0:
		var m optionModel
		built, err := buildSegment(c, &m, true)
		if err != nil {
			return "builder: " + err.Error()
		}
		reused = built
		before = built.AppendTo(nil)
	case 1:
		before = chooseSegmentBytes(c, false)
		_ = reused.Decode(before)
	case 2:
		before = chooseAnyBytes(c)
		_ = reused.Decode(before)
	}
	b := chooseAnyBytes(c)
	if c.Int("decode a well-formed segment", 0, 1) == 1 {
		b = chooseSegmentBytes(c, false)
	}
	var fresh segment.Segment
	freshErr := errorOf(fresh.Decode(b))
	reusedErr := errorOf(reused.Decode(b))
	if freshErr != reusedErr {
		return fmt.Sprintf("after %x, decoding %x gives error %+v; into a zero Segment %+v", before, b, reusedErr, freshErr)
	}
	if freshErr != (segment.Error{}) {
		return ""
	}
	if !reused.Equal(&fresh) {
		return fmt.Sprintf("after %x, decoding %x gives\n %v\nbut into a zero Segment\n %v", before, b, &reused, &fresh)
	}
	if w1, w2 := errorOf(reused.Warning()), errorOf(fresh.Warning()); w1 != w2 {
		return fmt.Sprintf("after %x, decoding %x warns %+v; into a zero Segment %+v", before, b, w1, w2)
	}
	return ""
}

// The properties under rapid.

func rapidProp(t *testing.T, p func(chooser) string) {
	rapid.Check(t, func(t *rapid.T) {
		if msg := p(rapidChooser{t}); msg != "" {
			t.Fatal(msg)
		}
	})
}

func TestRapidDecodeOfEncodeIsIdentity(t *testing.T) {
	rapidProp(t, propDecodeEncodeIsIdentity)
}

func TestRapidUnpaddedOptionsEncodeAsPadded(t *testing.T) {
	rapidProp(t, propUnpaddedEncodesAsPadded)
}

func TestRapidEncodeOfDecodeIsIdentityOnWellFormedBytes(t *testing.T) {
	rapidProp(t, func(c chooser) string { return propEncodeDecodeIsIdentity(chooseSegmentBytes(c, false), true) })
}

func TestRapidEncodeOfDecodeIsIdentityOnAnyBytes(t *testing.T) {
	rapidProp(t, func(c chooser) string { return propEncodeDecodeIsIdentity(chooseAnyBytes(c), false) })
}

func TestRapidReusedDecodeMatchesFresh(t *testing.T) {
	rapidProp(t, propReusedDecodeMatchesFresh)
}

func TestRapidWireAgreesWithSegment(t *testing.T) {
	rapidProp(t, func(c chooser) string { return propWireAgrees(chooseAnyBytes(c)) })
}

// The same properties under gopter.

type gopterLog struct{ t *testing.T }

func (w gopterLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func gopterProp(t *testing.T, name string, p func(chooser) string) {
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 1000
	props := gopter.NewProperties(params)
	props.Property(name, prop.ForAll(func(tape []uint32) string {
		return p(&tapeChooser{tape: tape})
	}, gen.SliceOfN(tapeLen, gen.UInt32())))
	props.TestingRun(t, gopter.NewFormatedReporter(true, 120, gopterLog{t}))
}

func TestGopterDecodeOfEncodeIsIdentity(t *testing.T) {
	gopterProp(t, "decode(encode(r)) == r", propDecodeEncodeIsIdentity)
}

func TestGopterUnpaddedOptionsEncodeAsPadded(t *testing.T) {
	gopterProp(t, "unpadded options encode as padded", propUnpaddedEncodesAsPadded)
}

func TestGopterEncodeOfDecodeIsIdentityOnWellFormedBytes(t *testing.T) {
	gopterProp(t, "well-formed b decodes and encode(decode(b)) == b",
		func(c chooser) string { return propEncodeDecodeIsIdentity(chooseSegmentBytes(c, false), true) })
}

func TestGopterEncodeOfDecodeIsIdentityOnAnyBytes(t *testing.T) {
	gopterProp(t, "encode(decode(b)) == b when b decodes",
		func(c chooser) string { return propEncodeDecodeIsIdentity(chooseAnyBytes(c), false) })
}

func TestGopterReusedDecodeMatchesFresh(t *testing.T) {
	gopterProp(t, "decoding into a used Segment == decoding into a zero one", propReusedDecodeMatchesFresh)
}

func TestGopterWireAgreesWithSegment(t *testing.T) {
	gopterProp(t, "Wire and Segment agree", func(c chooser) string { return propWireAgrees(chooseAnyBytes(c)) })
}
