package script

import (
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Direction says which way a packet goes.
type Direction uint8

// Directions: '<' is injected into the stack under test, '>' is expected
// from it.
const (
	Inbound  Direction = '<'
	Outbound Direction = '>'
)

// Packet is a TCP segment line: "< S. 0:0(0) ack 1 win 65535 <mss 1460>".
// The segment occupies sequence numbers Seq to Seq+Len (modulo 2^32), written
// "start:end(len)". Ack, Win and Urg are present when Has* says so.
type Packet struct {
	Dir     Direction
	Flags   segment.Flags // at least one of SYN FIN RST PSH ACK URG ECE CWR
	Seq     seq.Num
	Len     seq.Size
	HasAck  bool
	Ack     seq.Num
	HasWin  bool
	Win     uint16
	HasUrg  bool
	Urg     uint16
	OptForm OptForm
	Options []TCPOption // when OptForm is OptList
}

// OptForm says what a packet line says about options.
type OptForm uint8

// Option forms.
const (
	OptNone OptForm = iota // no option list: no options
	OptAny                 // "<...>": any options
	OptList                // "<mss 1460,nop>": exactly these options
)

// TCPOption is one entry of a packet's option list. Kind picks the fields
// that apply: Value for mss and wscale, TSVal and TSEcr for TS, SACK for
// sack. Every other kind (FO, exp, md5, ...) keeps its Name as written and
// its arguments as raw words in Args.
type TCPOption struct {
	Kind         segment.OptionKind
	Value        uint32
	TSVal, TSEcr uint32
	SACK         []segment.SACKBlock
	Name         string
	Args         []string
}

// flagLetters maps packetdrill's flag letters, in canonical print order, to
// the header bits.
var flagLetters = []struct {
	letter byte
	flag   segment.Flags
}{
	{'S', segment.SYN}, {'F', segment.FIN}, {'R', segment.RST}, {'P', segment.PSH},
	{'.', segment.ACK}, {'U', segment.URG}, {'E', segment.ECE}, {'W', segment.CWR},
}

// flagOf returns the flag a letter stands for, or 0.
func flagOf(c byte) segment.Flags {
	for _, fl := range flagLetters {
		if fl.letter == c {
			return fl.flag
		}
	}
	return 0
}

// opaqueKinds maps the names of options kept opaque to their kinds.
var opaqueKinds = map[string]segment.OptionKind{
	"FO": segment.KindFastOpen, "FOEXP": segment.KindExp2, "exp": segment.KindExp2,
	"md5": segment.KindMD5, "ao": segment.KindAO, "mptcp": segment.KindMPTCP,
}

// typedKinds maps the names of typed options to their kinds.
var typedKinds = map[string]segment.OptionKind{
	"nop": segment.KindNOP, "eol": segment.KindEOL, "mss": segment.KindMSS,
	"wscale": segment.KindWScale, "sackOK": segment.KindSACKPermitted,
	"sack": segment.KindSACK, "TS": segment.KindTimestamps,
}
