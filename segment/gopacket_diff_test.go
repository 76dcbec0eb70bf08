package segment_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"tcpcheck/capture"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Differential test of Segment.Decode against gopacket's layers.TCP
// (github.com/gopacket/gopacket v1.7.7) on random segments and on every TCP
// segment of the real captures.
//
// Where the two decoders legitimately differ, the difference is checked
// rather than ignored:
//
//   - Malformed option area (a kind without its length byte, a length below
//     2, an option running past the header): segment rejects the segment
//     (RFC 9293 §3.1: the header is malformed); gopacket keeps the segment,
//     stops reading options at the bad one and returns the rest of the
//     option area, from that option's kind byte on, as Padding. Checked:
//     gopacket stops exactly where segment's error points.
//   - Typed option of the wrong length (MSS not 4, window scale not 3,
//     SACK-permitted not 2, timestamps not 10, SACK not 2+8n with n in 1..4):
//     segment rejects it (ErrMSSLength, ...); gopacket does not validate
//     these lengths and keeps the option as kind and bytes. Checked: gopacket
//     has an option of that kind and that length at the offset segment's
//     error points to.
//   - MPTCP (kind 30): segment keeps every option it does not type as opaque
//     kind and bytes; gopacket parses MPTCP subtypes and, when the length
//     does not fit the subtype, drops the option and returns the rest of the
//     option area as Padding. Checked: gopacket stops at a kind-30 option
//     and its Padding is exactly the option area from there.
//   - Reserved bits 9 to 11: gopacket does not expose them; segment keeps
//     them in Flags. Checked against the raw byte instead.
//   - End of Option List: segment reports one EOL option whose Data is the
//     rest of the option area; gopacket reports an EOL option of length 1
//     and the rest as Padding. Checked: same bytes.

// gpOutcome classifies one input of the differential.
type gpOutcome int

const (
	gpBothAccept  gpOutcome = iota // same fields, same options
	gpBothReject                   // both refuse the fixed header or data offset
	gpOptionStop                   // we reject a malformed option; gopacket stops there
	gpTypedLength                  // we reject a typed option length; gopacket keeps it
	gpMPTCPStop                    // gopacket drops an MPTCP option we keep opaque
	gpOutcomeCount
)

var gpOutcomeNames = [gpOutcomeCount]string{
	"both accept, all fields agree",
	"both reject the fixed header",
	"we reject a malformed option gopacket stops at",
	"we reject a typed option length gopacket keeps",
	"gopacket stops at an MPTCP option we keep opaque",
}

// gpDiff decodes b with segment and gopacket (into the reused gp) and
// returns how they relate, or an error describing the first disagreement.
func gpDiff(b []byte, s *segment.Segment, gp *layers.TCP) (gpOutcome, error) {
	ourErr := s.Decode(b)
	gpErr := gpDecode(b, gp)
	if ourErr == nil {
		if gpErr != nil {
			return 0, fmt.Errorf("segment accepts, gopacket rejects: %v", gpErr)
		}
		if err := gpCompareHeader(b, s, gp); err != nil {
			return 0, err
		}
		return gpCompareOptions(&s.Options, gp)
	}
	var e *segment.Error
	if !errors.As(ourErr, &e) {
		return 0, fmt.Errorf("segment error %v is not a *segment.Error", ourErr)
	}
	return gpCompareReject(b, *e, gpErr, gp)
}

// gpDecode runs gopacket's decoder, turning a panic into an error so that a
// gopacket bug is reported as a disagreement instead of killing the test.
func gpDecode(b []byte, gp *layers.TCP) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gopacket panicked: %v", r)
		}
	}()
	return gp.DecodeFromBytes(b, gopacket.NilDecodeFeedback)
}

// gpCompareHeader compares every fixed-header field and the payload.
func gpCompareHeader(b []byte, s *segment.Segment, gp *layers.TCP) error {
	type field struct {
		name      string
		ours, gps uint64
	}
	flag := func(f segment.Flags) uint64 {
		if s.Flags&f != 0 {
			return 1
		}
		return 0
	}
	bit := func(v bool) uint64 {
		if v {
			return 1
		}
		return 0
	}
	fields := []field{
		{"SrcPort", uint64(s.SrcPort), uint64(gp.SrcPort)},
		{"DstPort", uint64(s.DstPort), uint64(gp.DstPort)},
		{"Seq", uint64(s.Seq), uint64(gp.Seq)},
		{"Ack", uint64(s.Ack), uint64(gp.Ack)},
		{"DataOffset", uint64(s.HeaderLen() / 4), uint64(gp.DataOffset)},
		{"FIN", flag(segment.FIN), bit(gp.FIN)},
		{"SYN", flag(segment.SYN), bit(gp.SYN)},
		{"RST", flag(segment.RST), bit(gp.RST)},
		{"PSH", flag(segment.PSH), bit(gp.PSH)},
		{"ACK", flag(segment.ACK), bit(gp.ACK)},
		{"URG", flag(segment.URG), bit(gp.URG)},
		{"ECE", flag(segment.ECE), bit(gp.ECE)},
		{"CWR", flag(segment.CWR), bit(gp.CWR)},
		{"AE/NS", flag(segment.AE), bit(gp.NS)},
		// gopacket has no reserved bits: compare with the raw byte.
		{"Reserved (raw byte 12)", uint64(s.Flags>>9) & 7, uint64(b[12]>>1) & 7},
		{"Window", uint64(s.Window), uint64(gp.Window)},
		{"Checksum", uint64(s.Checksum), uint64(gp.Checksum)},
		{"Urgent", uint64(s.Urgent), uint64(gp.Urgent)},
	}
	for _, f := range fields {
		if f.ours != f.gps {
			return fmt.Errorf("%s: segment %d (%#x), gopacket %d (%#x)", f.name, f.ours, f.ours, f.gps, f.gps)
		}
	}
	if !bytes.Equal(s.Payload, gp.Payload) {
		return fmt.Errorf("payload: segment %x, gopacket %x", s.Payload, gp.Payload)
	}
	if !bytes.Equal(gp.Contents, b[:s.HeaderLen()]) {
		return fmt.Errorf("header bytes: gopacket Contents %x, segment header of %d bytes", gp.Contents, s.HeaderLen())
	}
	return nil
}

// gpCompareOptions walks segment's options and gopacket's in step: same
// kinds, lengths and data, in order.
func gpCompareOptions(o *segment.Options, gp *layers.TCP) (gpOutcome, error) {
	raw := o.Bytes()
	i := 0
	for opt, off := o.Next(0); off >= 0; opt, off = o.Next(off) {
		at := off - gpOptLen(opt) // offset of this option in the option area
		if i == len(gp.Options) {
			if opt.Kind == segment.KindMPTCP && bytes.Equal(gp.Padding, raw[at:]) {
				return gpMPTCPStop, nil
			}
			return 0, fmt.Errorf("option %d (%v at option byte %d): gopacket has only %d options, padding %x", i, opt.Kind, at, len(gp.Options), gp.Padding)
		}
		if err := gpSameOption(i, at, opt, gp.Options[i]); err != nil {
			return 0, err
		}
		if opt.Kind == segment.KindEOL && !bytes.Equal(opt.Data, gp.Padding) {
			return 0, fmt.Errorf("bytes after EOL: segment %x, gopacket padding %x", opt.Data, gp.Padding)
		}
		i++
	}
	if i != len(gp.Options) {
		return 0, fmt.Errorf("gopacket has %d options, segment %d (extra: %v)", len(gp.Options), i, gp.Options[i:])
	}
	if !gpHasEOL(o) && len(gp.Padding) != 0 {
		return 0, fmt.Errorf("gopacket padding %x without End of Option List", gp.Padding)
	}
	return gpBothAccept, nil
}

// gpOptLen returns the wire length of an option as Next reports it.
func gpOptLen(opt segment.Option) int {
	if opt.Kind == segment.KindNOP {
		return 1
	}
	if opt.Kind == segment.KindEOL {
		return 1 + len(opt.Data)
	}
	return 2 + len(opt.Data)
}

// gpHasEOL reports whether the option area holds an End of Option List.
func gpHasEOL(o *segment.Options) bool {
	for opt, off := o.Next(0); off >= 0; opt, off = o.Next(off) {
		if opt.Kind == segment.KindEOL {
			return true
		}
	}
	return false
}

// gpSameOption compares option i, at byte at of the option area.
func gpSameOption(i, at int, opt segment.Option, g layers.TCPOption) error {
	wantLen, wantData := 2+len(opt.Data), opt.Data
	if opt.Kind == segment.KindEOL || opt.Kind == segment.KindNOP {
		wantLen, wantData = 1, nil
	}
	if uint8(g.OptionType) != uint8(opt.Kind) || int(g.OptionLength) != wantLen || !bytes.Equal(g.OptionData, wantData) {
		return fmt.Errorf("option %d at option byte %d: segment kind %d length %d data %x, gopacket kind %d length %d data %x",
			i, at, opt.Kind, wantLen, wantData, g.OptionType, g.OptionLength, g.OptionData)
	}
	return nil
}

// gpCompareReject checks what gopacket makes of an input segment rejects
// with e.
func gpCompareReject(b []byte, e segment.Error, gpErr error, gp *layers.TCP) (gpOutcome, error) {
	switch e.Code {
	case segment.ErrShort, segment.ErrDataOffsetSmall, segment.ErrDataOffsetPastEnd:
		if gpErr == nil {
			return 0, fmt.Errorf("segment rejects (%v), gopacket accepts", &e)
		}
		return gpBothReject, nil
	}
	if gpErr != nil {
		return 0, fmt.Errorf("segment rejects an option (%v), gopacket rejects the segment: %v", &e, gpErr)
	}
	hl := int(b[12]>>4) * 4
	stop := hl - len(gp.Padding) // header offset where gopacket stopped reading options
	switch e.Code {
	case segment.ErrOptionNoLength, segment.ErrOptionLength, segment.ErrOptionPastEnd:
		kindAt := e.Offset
		if e.Code != segment.ErrOptionNoLength {
			kindAt-- // the error points at the length byte
		}
		if stop == kindAt {
			return gpOptionStop, gpOptionsAreBytes(b, gp)
		}
		return gpEarlierMPTCPStop(b, stop, kindAt, &e)
	case segment.ErrMSSLength, segment.ErrWScaleLength, segment.ErrSACKPermittedLength,
		segment.ErrSACKLength, segment.ErrTimestampLength:
		return gpTypedLengthKept(b, e, gp, stop)
	}
	return 0, fmt.Errorf("unexpected segment error %v", &e)
}

// gpEarlierMPTCPStop accepts gopacket stopping before the option segment
// rejects only when it stopped at an MPTCP option.
func gpEarlierMPTCPStop(b []byte, stop, kindAt int, e *segment.Error) (gpOutcome, error) {
	if stop < kindAt && stop >= segment.HeaderLen && segment.OptionKind(b[stop]) == segment.KindMPTCP {
		return gpMPTCPStop, nil
	}
	return 0, fmt.Errorf("segment rejects the option at header byte %d (%v); gopacket stops reading options at byte %d", kindAt, e, stop)
}

// gpTypedLengthKept checks that gopacket kept, as an ordinary option, the
// typed option whose length segment rejects.
func gpTypedLengthKept(b []byte, e segment.Error, gp *layers.TCP, stop int) (gpOutcome, error) {
	kindAt := e.Offset - 1
	at := segment.HeaderLen
	for _, g := range gp.Options {
		if at == kindAt {
			if uint8(g.OptionType) != b[kindAt] || int(g.OptionLength) != e.Value {
				return 0, fmt.Errorf("segment rejects %v; gopacket's option there is kind %d length %d", &e, g.OptionType, g.OptionLength)
			}
			return gpTypedLength, gpOptionsAreBytes(b, gp)
		}
		at += int(g.OptionLength)
	}
	return gpEarlierMPTCPStop(b, stop, kindAt, &e)
}

// gpOptionsAreBytes checks that the options gopacket returned, up to where
// it stopped, are the bytes of the option area: kind, length and data at
// their running offsets. It is what can be asserted of the options before
// one segment rejects, since a failed Decode leaves no options to compare.
func gpOptionsAreBytes(b []byte, gp *layers.TCP) error {
	at := segment.HeaderLen
	for i, g := range gp.Options {
		n := int(g.OptionLength)
		if n < 1 || at+n > len(b) || b[at] != uint8(g.OptionType) || (n > 1 && (b[at+1] != g.OptionLength || !bytes.Equal(g.OptionData, b[at+2:at+n]))) {
			return fmt.Errorf("gopacket option %d (kind %d length %d) does not match header bytes at %d", i, g.OptionType, n, at)
		}
		at += n
	}
	return nil
}

// gpCase is one generated input and how it was made, for failure messages.
type gpCase struct {
	kind string // "built", "mutated" or "random"
	b    []byte
}

// gpGenerate returns the i-th generated input: a segment built with the Add
// builders and encoded, the same with a few bytes of its header changed, or
// random bytes with a plausible data offset.
func gpGenerate(t *testing.T, rng *rand.Rand, i int) gpCase {
	switch i % 3 {
	case 0:
		return gpCase{"built", gpBuild(t, rng)}
	case 1:
		return gpCase{"mutated", gpMutate(rng, gpBuild(t, rng))}
	}
	b := make([]byte, rng.IntN(80))
	for j := range b {
		b[j] = byte(rng.Uint32())
	}
	if len(b) > 12 && rng.IntN(4) != 0 {
		b[12] = b[12]&0x0f | byte(5+rng.IntN(min(11, max(1, len(b)/4-4))))<<4
	}
	return gpCase{"random", b}
}

// gpBuild encodes a segment with random header fields, options added with
// the builders until one does not fit, and a random payload.
func gpBuild(t *testing.T, rng *rand.Rand) []byte {
	s := segment.Segment{
		SrcPort: uint16(rng.Uint32()), DstPort: uint16(rng.Uint32()),
		Seq: seq.Num(rng.Uint32()), Ack: seq.Num(rng.Uint32()),
		Flags:  segment.Flags(rng.Uint32()) & segment.FlagMask,
		Window: uint16(rng.Uint32()), Checksum: uint16(rng.Uint32()), Urgent: uint16(rng.Uint32()),
	}
	for n := rng.IntN(8); n > 0; n-- {
		err := gpAddOption(rng, &s.Options)
		if errors.Is(err, segment.ErrNoRoom) || errors.Is(err, segment.ErrAfterEOL) {
			break
		}
		if err != nil {
			t.Fatalf("option builder: %v", err)
		}
	}
	if rng.IntN(4) == 0 {
		s.Options.Pad()
	}
	s.Payload = make([]byte, rng.IntN(3)*rng.IntN(40))
	for j := range s.Payload {
		s.Payload[j] = byte(rng.Uint32())
	}
	return s.AppendTo(nil)
}

// gpAddOption adds one random option with a builder and returns its error
// (ErrNoRoom when the option area is full, ErrAfterEOL after an EOL).
func gpAddOption(rng *rand.Rand, o *segment.Options) error {
	switch rng.IntN(10) {
	case 0:
		return o.AddNOP()
	case 1:
		if rng.IntN(3) == 0 {
			return o.AddEOL()
		}
		return o.AddNOP()
	case 2:
		return o.AddMSS(uint16(rng.Uint32()))
	case 3:
		return o.AddWScale(uint8(rng.IntN(20)))
	case 4:
		return o.AddSACKPermitted()
	case 5:
		return o.AddTimestamps(rng.Uint32(), rng.Uint32())
	case 6:
		blocks := make([]segment.SACKBlock, 1+rng.IntN(segment.MaxSACKBlocks))
		for j := range blocks {
			blocks[j] = segment.SACKBlock{Left: seq.Num(rng.Uint32()), Right: seq.Num(rng.Uint32())}
		}
		return o.AddSACK(blocks)
	}
	kinds := []segment.OptionKind{segment.KindMD5, segment.KindAO, segment.KindMPTCP, segment.KindFastOpen,
		segment.KindExp1, segment.KindExp2, 6, 7, 9, 14, 15, 28, 69, 200}
	data := make([]byte, rng.IntN(19))
	for j := range data {
		data[j] = byte(rng.Uint32())
	}
	return o.AddOpaque(kinds[rng.IntN(len(kinds))], data)
}

// gpMutate changes one to three bytes of the header of b (mostly in the
// data offset and option area) or cuts it short.
func gpMutate(rng *rand.Rand, b []byte) []byte {
	hl := int(b[12]>>4) * 4
	for n := 1 + rng.IntN(3); n > 0; n-- {
		switch r := rng.IntN(8); {
		case r == 0:
			b[12] = b[12]&0x0f | byte(rng.IntN(16))<<4
		case r == 1:
			b = b[:rng.IntN(len(b)+1)]
		case hl > segment.HeaderLen:
			if at := segment.HeaderLen + rng.IntN(hl-segment.HeaderLen); at < len(b) {
				b[at] = byte(rng.IntN(256))
			}
		}
		if len(b) < 13 {
			break
		}
	}
	return b
}

// TestGopacketDifferential compares the two decoders on generated inputs and
// requires every kind of outcome to occur, so the generator keeps reaching
// the documented differences.
func TestGopacketDifferential(t *testing.T) {
	n := 60000
	if testing.Short() {
		n = 6000
	}
	rng := rand.New(rand.NewPCG(2026, 9293))
	var s segment.Segment
	var gp layers.TCP
	var counts [gpOutcomeCount]int
	byKind := map[string]int{}
	for i := range n {
		c := gpGenerate(t, rng, i)
		byKind[c.kind]++
		out, err := gpDiff(c.b, &s, &gp)
		if err == nil && c.kind == "built" && out != gpBothAccept && out != gpMPTCPStop {
			err = fmt.Errorf("a segment built with the Add builders is not accepted by both: %s", gpOutcomeNames[out])
		}
		if err != nil {
			t.Errorf("case %d (%s, %d bytes %x): %v", i, c.kind, len(c.b), c.b, err)
			continue
		}
		counts[out]++
	}
	t.Logf("gopacket differential: %d generated cases (%d built, %d mutated, %d random)", n, byKind["built"], byKind["mutated"], byKind["random"])
	gpLogCounts(t, counts, true)
}

// gpLogCounts logs the outcome counts; with requireAll it fails when an
// outcome never occurred.
func gpLogCounts(t *testing.T, counts [gpOutcomeCount]int, requireAll bool) {
	for o, c := range counts {
		t.Logf("  %6d %s", c, gpOutcomeNames[o])
		if requireAll && c == 0 {
			t.Errorf("no case where %s: the generator no longer reaches it", gpOutcomeNames[o])
		}
	}
}

// TestGopacketDifferentialCaptures compares the two decoders on every TCP
// segment of the real captures, including the partial segments of frames
// the capture cut short.
func TestGopacketDifferentialCaptures(t *testing.T) {
	dir := diffCorpusDir(t)
	var total [gpOutcomeCount]int
	segments := 0
	for _, path := range diffCorpusFiles(t, dir) {
		counts, n := gpDiffFile(t, path)
		t.Logf("%s: %d TCP segments compared with gopacket", filepath.Base(path), n)
		segments += n
		for i := range total {
			total[i] += counts[i]
		}
	}
	t.Logf("total: %d TCP segments from the captures", segments)
	gpLogCounts(t, total, false)
	if total[gpBothAccept] == 0 {
		t.Errorf("no capture segment accepted by both decoders")
	}
}

// gpDiffFile runs the differential on the TCP segments of one file: every
// frame whose IP header decodes and carries TCP, whatever segment then makes
// of the TCP header, plus the kept part of frames the capture cut short.
func gpDiffFile(t *testing.T, path string) (counts [gpOutcomeCount]int, n int) {
	name := filepath.Base(path)
	r, err := capture.Open(path)
	if err != nil {
		t.Errorf("%v", err)
		return counts, 0
	}
	defer r.Close()
	var s segment.Segment
	var gp layers.TCP
	for {
		f, err := r.Next()
		if err == io.EOF {
			return counts, n
		}
		if err != nil {
			t.Errorf("%v", err)
			return counts, n
		}
		tcp, ok := gpFrameTCP(f)
		if !ok {
			continue
		}
		n++
		out, err := gpDiff(tcp, &s, &gp)
		if err != nil {
			t.Errorf("%s frame %d: %v", name, f.Number, err)
			continue
		}
		counts[out]++
	}
}

// gpFrameTCP returns the TCP bytes of a frame: the IP payload, or, for a
// frame shorter than its IP length (cut by the snap length, or short on the
// wire), the part of the segment that is there. ok is false for frames that
// carry no TCP.
func gpFrameTCP(f capture.Frame) (tcp []byte, ok bool) {
	if f.NotIP {
		return nil, false
	}
	var h segment.IPHeader
	tcp, err := h.DecodePadded(f.IP)
	if diffIPLengthPastEnd(err) {
		tcp, err = h.DecodePadded(diffClampIPLength(f.IP))
	}
	return tcp, err == nil && h.Protocol == segment.ProtocolTCP
}
