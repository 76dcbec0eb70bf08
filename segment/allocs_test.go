package segment_test

import (
	"go/parser"
	"go/token"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"tcpcheck/segment"
)

// The allocation contract of doc.go: no allocation in Decode, Reset,
// AppendTo (given capacity), the option builders, Sum, Checksum,
// FillChecksum and VerifyChecksum, on success and on failure alike.
//
// Inputs, outputs and decode targets are package-level variables, so the
// compiler can neither keep them on the stack nor drop the calls.
var (
	allocBare     []byte // 20-byte ACK header
	allocSYN      []byte // 40-byte SYN: MSS, SACK-permitted, timestamps, NOP, window scale
	allocBadShort []byte // 19 bytes
	allocBadMSS   []byte // MSS option of length 3
	allocData     []byte // 20-byte header and 1440 bytes of payload: 1460 bytes
	allocPkt4     []byte // IPv4 packet carrying allocSYN
	allocPkt6     []byte // IPv6 packet carrying allocSYN
	allocPktUDP   []byte // IPv6 packet carrying UDP
	allocPktBad   []byte // IPv4 packet carrying allocBadMSS
	allocBuf      []byte // output buffer with capacity
	allocSrc4     = netip.MustParseAddr("192.0.2.1")
	allocDst4     = netip.MustParseAddr("192.0.2.2")
	allocSrc6     = netip.MustParseAddr("2001:db8::1")
	allocDst6     = netip.MustParseAddr("2001:db8::2")
	allocBlocks   = []segment.SACKBlock{{Left: 1, Right: 2}, {Left: 3, Right: 4}}
	allocMD5      = make([]byte, 16)
	allocSeg      segment.Segment
	allocSegSYN   segment.Segment
	allocWire     segment.Wire
	allocOpts     segment.Options
	allocIP       segment.IPHeader
	allocIP4      segment.IPHeader
	allocIP6      segment.IPHeader
	allocPacket   segment.Packet
	allocErr      error
	allocU16      uint16
	allocBool     bool
	allocBytes    []byte
)

func init() {
	bare := segment.Segment{SrcPort: 443, DstPort: 51000, Seq: 1000, Ack: 2000, Flags: segment.ACK, Window: 501}
	allocBare = bare.AppendTo(nil)
	allocSegSYN = segment.Segment{SrcPort: 51000, DstPort: 443, Seq: 0x9abcdef0, Flags: segment.SYN, Window: 64240}
	for _, err := range []error{
		allocSegSYN.Options.AddMSS(1460),
		allocSegSYN.Options.AddSACKPermitted(),
		allocSegSYN.Options.AddTimestamps(3000000000, 0),
		allocSegSYN.Options.AddNOP(),
		allocSegSYN.Options.AddWScale(7),
	} {
		if err != nil {
			panic(err)
		}
	}
	allocSYN = allocSegSYN.AppendTo(nil)
	allocBadShort = allocBare[:19]
	allocBadMSS = tcpWithOptions(2, 3, 5, 1)
	data := bare
	data.Payload = make([]byte, 1440)
	for i := range data.Payload {
		data.Payload[i] = byte(i * 7)
	}
	allocData = data.AppendTo(nil)
	allocIP4 = segment.IPHeader{Version: 4, HopLimit: 64, Protocol: segment.ProtocolTCP, PayloadLen: len(allocSYN), Src: allocSrc4, Dst: allocDst4}
	allocIP6 = segment.IPHeader{Version: 6, HopLimit: 64, Protocol: segment.ProtocolTCP, PayloadLen: len(allocSYN), Src: allocSrc6, Dst: allocDst6}
	allocPkt4 = append(allocIP4.AppendTo(nil), allocSYN...)
	allocPkt6 = append(allocIP6.AppendTo(nil), allocSYN...)
	allocPktUDP = ipv6Bytes(8, nhUDP, make([]byte, 8))
	allocPktBad = ipv4Bytes(20+len(allocBadMSS), allocBadMSS)
	allocBuf = make([]byte, 0, 2048)
}

func TestNoAllocations(t *testing.T) {
	tests := []struct {
		name  string
		f     func()
		setup func() error // run once before measuring
	}{
		{"Segment.Decode of a 20-byte header", func() { allocErr = allocSeg.Decode(allocBare) }, nil},
		{"Segment.Decode of a 40-byte SYN header", func() { allocErr = allocSeg.Decode(allocSYN) }, nil},
		{"Segment.Decode failing: 19 bytes", func() { allocErr = allocSeg.Decode(allocBadShort) }, nil},
		{"Segment.Decode failing: MSS length 3", func() { allocErr = allocSeg.Decode(allocBadMSS) }, nil},
		{"Segment.Warning", func() { allocErr = allocSeg.Warning() }, nil},
		{"Wire.Reset", func() { allocErr = allocWire.Reset(allocSYN) }, nil},
		{"Wire.Reset failing", func() { allocErr = allocWire.Reset(allocBadShort) }, nil},
		{"Wire accessors", func() {
			allocU16 = allocWire.SrcPort() + allocWire.Window() + uint16(allocWire.Flags()) + uint16(allocWire.Seq())
			allocBytes = allocWire.Options()
		}, nil},
		{"Segment.AppendTo a 40-byte SYN into a buffer with capacity", func() { allocBytes = allocSegSYN.AppendTo(allocBuf[:0]) }, nil},
		{"Segment.AppendTo 1460 bytes into a buffer with capacity", func() { allocBytes = allocSeg.AppendTo(allocBuf[:0]) },
			func() error { return allocSeg.Decode(allocData) }},
		{"Options builders", func() {
			allocOpts.Reset()
			allocErr = allocOpts.AddNOP()
			allocErr = allocOpts.AddMSS(1460)
			allocErr = allocOpts.AddWScale(7)
			allocErr = allocOpts.AddSACKPermitted()
			allocErr = allocOpts.AddTimestamps(1, 2)
			allocErr = allocOpts.AddSACK(allocBlocks[:1])
			allocErr = allocOpts.AddEOL()
			allocOpts.Pad()
		}, nil},
		{"Options builders: SACK and opaque", func() {
			allocOpts.Reset()
			allocErr = allocOpts.AddSACK(allocBlocks)
			allocErr = allocOpts.AddOpaque(segment.KindMD5, allocMD5)
		}, nil},
		{"Options builders failing: ErrNoRoom, ErrAfterEOL, ErrKnownKind, ErrSACKBlocks", func() {
			allocOpts.Reset()
			allocErr = allocOpts.AddOpaque(segment.KindExp1, allocMD5)
			allocErr = allocOpts.AddOpaque(segment.KindExp2, allocMD5)
			allocErr = allocOpts.AddOpaque(segment.KindMD5, allocMD5) // ErrNoRoom
			allocErr = allocOpts.AddOpaque(segment.KindMSS, nil)
			allocErr = allocOpts.AddSACK(nil)
			allocErr = allocOpts.AddEOL()
			allocErr = allocOpts.AddNOP() // ErrAfterEOL
		}, nil},
		{"Options.Next over a SYN", func() {
			for _, next := allocSegSYN.Options.Next(0); next >= 0; _, next = allocSegSYN.Options.Next(next) {
			}
		}, nil},
		{"Sum over 1460 bytes", func() { allocU16 = segment.Sum(allocData, 0) }, nil},
		{"Checksum over 1460 bytes", func() {
			allocU16 = segment.Checksum(allocData, segment.PseudoHeaderSum(allocSrc4, allocDst4, segment.ProtocolTCP, len(allocData)))
		}, nil},
		{"FillChecksum IPv4", func() { allocErr = segment.FillChecksum(allocData, allocSrc4, allocDst4) }, nil},
		{"FillChecksum IPv6", func() { allocErr = segment.FillChecksum(allocData, allocSrc6, allocDst6) }, nil},
		{"FillChecksum failing: short buffer", func() { allocErr = segment.FillChecksum(allocBadShort, allocSrc4, allocDst4) }, nil},
		{"VerifyChecksum IPv4", func() { allocBool = segment.VerifyChecksum(allocData, allocSrc4, allocDst4) }, nil},
		{"VerifyChecksum IPv6", func() { allocBool = segment.VerifyChecksum(allocData, allocSrc6, allocDst6) }, nil},
		{"IPHeader.Decode IPv4", func() { allocBytes, allocErr = allocIP.Decode(allocPkt4) }, nil},
		{"IPHeader.Decode IPv6", func() { allocBytes, allocErr = allocIP.Decode(allocPkt6) }, nil},
		{"IPHeader.Decode failing: truncated IPv6", func() { allocBytes, allocErr = allocIP.Decode(allocPkt6[:39]) }, nil},
		{"IPHeader.Decode failing: IPv4 length", func() { allocBytes, allocErr = allocIP.Decode(allocPkt4[:50]) }, nil},
		{"IPHeader.AppendTo IPv4", func() { allocBytes = allocIP4.AppendTo(allocBuf[:0]) }, nil},
		{"IPHeader.AppendTo IPv6", func() { allocBytes = allocIP6.AppendTo(allocBuf[:0]) }, nil},
		{"Packet.Decode IPv4", func() { allocErr = allocPacket.Decode(allocPkt4) }, nil},
		{"Packet.Decode IPv6", func() { allocErr = allocPacket.Decode(allocPkt6) }, nil},
		{"Packet.ChecksumOK", func() { allocBool = allocPacket.ChecksumOK() }, nil},
		{"Packet.Decode failing: not TCP", func() { allocErr = allocPacket.Decode(allocPktUDP) }, nil},
		{"Packet.Decode failing: IP error", func() { allocErr = allocPacket.Decode(allocPkt6[:39]) }, nil},
		{"Packet.Decode failing: TCP error", func() { allocErr = allocPacket.Decode(allocPktBad) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				if err := tt.setup(); err != nil {
					t.Fatal(err)
				}
			}
			if got := testing.AllocsPerRun(100, tt.f); got != 0 {
				t.Errorf("%v allocations per run, want 0", got)
			}
		})
	}
}

// The failing calls above must really fail, and the succeeding ones
// succeed, or the table measures the wrong path.
func TestNoAllocationsCoversSuccessAndFailurePaths(t *testing.T) {
	var s segment.Segment
	var ip segment.IPHeader
	var p segment.Packet
	ipDecode := func(b []byte) error { _, err := ip.Decode(b); return err }
	// Each *Error lives in the value decoded into, so take its code at once.
	code := func(err error) segment.ErrorCode { return errorOf(err).Code }
	checks := []struct {
		name string
		got  segment.ErrorCode
		want segment.ErrorCode // 0: success
	}{
		{"Decode 20-byte header", code(s.Decode(allocBare)), 0},
		{"Decode SYN", code(s.Decode(allocSYN)), 0},
		{"Decode 19 bytes", code(s.Decode(allocBadShort)), segment.ErrShort},
		{"Decode MSS length 3", code(s.Decode(allocBadMSS)), segment.ErrMSSLength},
		{"Decode 1460 bytes", code(s.Decode(allocData)), 0},
		{"IPHeader.Decode IPv4", code(ipDecode(allocPkt4)), 0},
		{"IPHeader.Decode IPv6", code(ipDecode(allocPkt6)), 0},
		{"IPHeader.Decode truncated IPv6", code(ipDecode(allocPkt6[:39])), segment.ErrIPShort},
		{"IPHeader.Decode IPv4 length", code(ipDecode(allocPkt4[:50])), segment.ErrIPLength},
		{"Packet.Decode IPv4", code(p.Decode(allocPkt4)), 0},
		{"Packet.Decode IPv6", code(p.Decode(allocPkt6)), 0},
		{"Packet.Decode UDP", code(p.Decode(allocPktUDP)), segment.ErrNotTCP},
		{"Packet.Decode truncated", code(p.Decode(allocPkt6[:39])), segment.ErrIPShort},
		{"Packet.Decode TCP error", code(p.Decode(allocPktBad)), segment.ErrMSSLength},
	}
	if len(allocBare) != 20 || len(allocSYN) != 40 || len(allocData) != 1460 {
		t.Errorf("inputs are %d, %d and %d bytes; want 20, 40 and 1460", len(allocBare), len(allocSYN), len(allocData))
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: error code %d (%v), want %d (%v)", c.name, c.got, c.got, c.want, c.want)
		}
	}
	var o segment.Options
	_ = o.AddOpaque(segment.KindExp1, allocMD5)
	_ = o.AddOpaque(segment.KindExp2, allocMD5)
	if err := o.AddOpaque(segment.KindMD5, allocMD5); err != segment.ErrNoRoom {
		t.Errorf("third 18-byte option: %v, want ErrNoRoom", err)
	}
	if err := o.AddOpaque(segment.KindMSS, nil); err != segment.ErrKnownKind {
		t.Errorf("opaque MSS: %v, want ErrKnownKind", err)
	}
	if err := o.AddSACK(nil); err != segment.ErrSACKBlocks {
		t.Errorf("SACK without blocks: %v, want ErrSACKBlocks", err)
	}
	_ = o.AddEOL()
	if err := o.AddNOP(); err != segment.ErrAfterEOL {
		t.Errorf("NOP after EOL: %v, want ErrAfterEOL", err)
	}
}

// The packages that promise "no fmt" must not import it, nor log or os
// (which bring formatting and I/O into a codec). Checked on the source, so
// a new file cannot slip it in.
func TestCodecPackagesDoNotImportFmt(t *testing.T) {
	forbidden := map[string]bool{"fmt": true, "log": true, "os": true}
	for _, dir := range []string{".", "../seq"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		checked, sawBinary := 0, false
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			checked++
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if forbidden[path] {
					t.Errorf("%s imports %q", name, path)
				}
				sawBinary = sawBinary || path == "encoding/binary"
			}
		}
		// Guard the guard: the glob found the package and the parser saw
		// its imports.
		if checked == 0 {
			t.Errorf("no non-test Go files found in %s", dir)
		}
		if dir == "." && !sawBinary {
			t.Errorf("segment's imports were not seen (encoding/binary missing)")
		}
	}
}

// The typed representation is a value type meant to be copied and reused;
// keep it small. Measured on 64-bit: Options 88 bytes (40 option bytes,
// 8 of bookkeeping, 8 of timestamps, 32 of SACK blocks), Segment 160 bytes
// (20 of header fields, Options, a payload slice and the 24-byte Error).
// The bounds leave one word of slack; growing past them should be a
// decision, not an accident.
func TestRepresentationSize(t *testing.T) {
	const maxOptions, maxSegment = 96, 168
	if got := unsafe.Sizeof(segment.Options{}); got > maxOptions {
		t.Errorf("unsafe.Sizeof(Options{}) = %d, above the %d-byte bound", got, maxOptions)
	}
	if got := unsafe.Sizeof(segment.Segment{}); got > maxSegment {
		t.Errorf("unsafe.Sizeof(Segment{}) = %d, above the %d-byte bound", got, maxSegment)
	}
}
