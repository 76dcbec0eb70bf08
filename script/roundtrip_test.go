package script

import (
	"strings"
	"testing"
	"unicode"

	"pgregory.net/rapid"

	"tcpcheck/segment"
	"tcpcheck/seq"
)

// TestRoundTripRapid checks parse(print(s)) == s, positions aside, for
// generated ASTs in the normal form the parser produces.
func TestRoundTripRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScript().Draw(t, "script")
		checkReparse(t, s)
	})
}

// genScript draws a whole script.
func genScript() *rapid.Generator[*Script] {
	return rapid.Custom(func(t *rapid.T) *Script {
		s := &Script{Options: genOptions(t)}
		n := rapid.IntRange(0, 8).Draw(t, "lines")
		for i := range n {
			_ = i
			s.Lines = append(s.Lines, genLine(t))
		}
		return s
	})
}

// text draws a string over alphabet, at most max runes.
func text(t *rapid.T, alphabet string, max int, label string) string {
	return rapid.StringOfN(rapid.RuneFrom([]rune(alphabet)), 0, max, -1).Draw(t, label)
}

const (
	lower    = "abcdefghijklmnopqrstuvwxyz"
	wordish  = lower + "ABCXYZ0123456789_"
	freeText = wordish + " \t.,;!?*/#%{}()[]<>`~+-=\"'\\|é€"
)

func genOptions(t *rapid.T) Options {
	o := Options{IPVersion: rapid.SampledFrom([]string{"", "ipv4", "ipv6", "ipv4-mapped-ipv6"}).Draw(t, "ip")}
	for _, set := range []*Setting{&o.ToleranceUsecs, &o.MSS, &o.MTU} {
		if rapid.Bool().Draw(t, "set") {
			*set = Setting{Value: rapid.Int64Min(0).Draw(t, "value"), Set: true}
		}
	}
	for range rapid.IntRange(0, 2).Draw(t, "ignored") {
		name := rapid.StringMatching(`[a-z_][a-z0-9_-]{0,8}`).Draw(t, "name")
		if o.setting(name) != nil || name == "ip_version" {
			continue
		}
		value := text(t, wordish+".,:/=*", 8, "value")
		o.Ignored = append(o.Ignored, Option{Name: name, Value: value})
	}
	return o
}

func genLine(t *rapid.T) Line {
	switch rapid.IntRange(0, 5).Draw(t, "kind") {
	case 0:
		return Line{Event: genComment(t)}
	case 1:
		return Line{Event: genDirective(t)}
	case 2:
		return Line{Time: genTime(t), Event: genShell(t)}
	case 3:
		return Line{Time: genTime(t), Event: genSyscall(t)}
	}
	return Line{Time: genTime(t), Event: genPacket(t)}
}

func genTime(t *rapid.T) Time {
	usecs := rapid.OneOf(rapid.Int64Range(0, 3e6), rapid.Int64Range(0, 1e18-1))
	kind := rapid.SampledFrom([]TimeKind{Absolute, Relative, AnyTime}).Draw(t, "time kind")
	if kind == AnyTime {
		return Time{Kind: AnyTime}
	}
	tm := Time{Kind: kind, Usecs: usecs.Draw(t, "usecs")}
	switch rapid.IntRange(0, 2).Draw(t, "time form") {
	case 1:
		tm.Range = true
	case 2:
		tm.Blocking = true
	default:
		return tm
	}
	tm.EndRel = rapid.Bool().Draw(t, "end rel")
	tm.EndUsecs = usecs.Draw(t, "end usecs")
	return tm
}

func genComment(t *rapid.T) *Comment {
	if rapid.Bool().Draw(t, "block") {
		s := text(t, freeText+"\n", 20, "block text")
		for strings.Contains(s, "*/") {
			s = strings.ReplaceAll(s, "*/", "/")
		}
		return &Comment{Text: s, Block: true}
	}
	s := text(t, freeText, 20, "line text") // no ':', so never a directive
	return &Comment{Text: strings.TrimRightFunc(s, unicode.IsSpace)}
}

func genDirective(t *rapid.T) *Directive {
	return &Directive{
		Key:   rapid.StringMatching(`[a-z][a-z0-9_.-]{0,10}`).Draw(t, "key"),
		Value: strings.TrimSpace(text(t, freeText+":", 20, "directive value")),
	}
}

var canonicalStates = []string{"CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED",
	"FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"}

func genShell(t *rapid.T) *Shell {
	st := &StateAssert{State: rapid.SampledFrom(canonicalStates).Draw(t, "state"), Negated: rapid.Bool().Draw(t, "negated")}
	switch rapid.IntRange(0, 3).Draw(t, "shell form") {
	case 0:
		op := map[bool]string{false: "==", true: "!="}[st.Negated]
		return &Shell{Kind: Code, Text: " assert tcpi_state " + op + " TCPI_" + st.State + " ", Assert: st}
	case 1:
		v := map[bool]string{false: "", true: "-v "}[st.Negated]
		return &Shell{Kind: Backtick, Text: "sockstat -46 | grep 3 | grep " + v + st.State, Assert: st}
	case 2:
		s := text(t, strings.ReplaceAll(freeText, "`", ""), 30, "command")
		return &Shell{Kind: Backtick, Text: s, Assert: detectAssert(Backtick, s)}
	}
	s := text(t, freeText+"\n", 30, "code")
	for strings.Contains(s, "}%") {
		s = strings.ReplaceAll(s, "}%", "}")
	}
	return &Shell{Kind: Code, Text: s, Assert: detectAssert(Code, s)}
}

var argForms = []string{"3", "...", "[1]", "[65536]", "{sa_family=AF_INET, sin_port=htons(8080)}",
	"O_RDWR | O_NONBLOCK", `"a,b)\"c"`, "SOL_SOCKET", "-1", "&(x[2])", "{...}"}

func genSyscall(t *rapid.T) *Syscall {
	sc := &Syscall{Name: rapid.StringMatching(`[a-z_][a-z0-9_]{0,10}`).Draw(t, "name")}
	for range rapid.IntRange(0, 4).Draw(t, "args") {
		sc.Args = append(sc.Args, Arg(rapid.SampledFrom(argForms).Draw(t, "arg")))
	}
	sc.Result.Value = rapid.StringMatching(`-?(0|[1-9][0-9]{0,5}|0x[0-9a-fA-F]{1,8})`).Draw(t, "result")
	if rapid.Bool().Draw(t, "errno") {
		sc.Result.Errno = rapid.StringMatching(`E[A-Z]{2,10}`).Draw(t, "errno name")
	}
	note := strings.TrimSpace(text(t, wordish+" .,:;-'/", 30, "note"))
	sc.Result.Note = note
	return sc
}

var flagBits = []segment.Flags{segment.SYN, segment.FIN, segment.RST, segment.PSH,
	segment.ACK, segment.URG, segment.ECE, segment.CWR}

func genPacket(t *rapid.T) *Packet {
	pk := &Packet{Dir: rapid.SampledFrom([]Direction{Inbound, Outbound}).Draw(t, "dir")}
	for pk.Flags == 0 {
		for _, f := range flagBits {
			if rapid.Bool().Draw(t, "flag") {
				pk.Flags |= f
			}
		}
	}
	pk.Seq = seq.Num(rapid.Uint32().Draw(t, "seq"))
	pk.Len = seq.Size(rapid.Uint32().Draw(t, "len"))
	if pk.HasAck = rapid.Bool().Draw(t, "has ack"); pk.HasAck {
		pk.Ack = seq.Num(rapid.Uint32().Draw(t, "ack"))
	}
	if pk.HasWin = rapid.Bool().Draw(t, "has win"); pk.HasWin {
		pk.Win = rapid.Uint16().Draw(t, "win")
	}
	if pk.HasUrg = rapid.Bool().Draw(t, "has urg"); pk.HasUrg {
		pk.Urg = rapid.Uint16().Draw(t, "urg")
	}
	pk.OptForm = rapid.SampledFrom([]OptForm{OptNone, OptAny, OptList}).Draw(t, "opt form")
	if pk.OptForm == OptList {
		for range rapid.IntRange(0, 5).Draw(t, "options") {
			pk.Options = append(pk.Options, genTCPOption(t))
		}
	}
	return pk
}

var opaqueNames = []string{"FO", "FOEXP", "exp", "md5", "ao", "mptcp"}

func genTCPOption(t *rapid.T) TCPOption {
	kinds := []segment.OptionKind{segment.KindNOP, segment.KindEOL, segment.KindMSS, segment.KindWScale,
		segment.KindSACKPermitted, segment.KindSACK, segment.KindTimestamps, segment.KindFastOpen}
	o := TCPOption{Kind: rapid.SampledFrom(kinds).Draw(t, "option kind")}
	switch o.Kind {
	case segment.KindMSS:
		o.Value = uint32(rapid.Uint16().Draw(t, "mss"))
	case segment.KindWScale:
		o.Value = uint32(rapid.Uint8().Draw(t, "wscale"))
	case segment.KindTimestamps:
		o.TSVal, o.TSEcr = rapid.Uint32().Draw(t, "val"), rapid.Uint32().Draw(t, "ecr")
	case segment.KindSACK:
		for range rapid.IntRange(0, 4).Draw(t, "blocks") {
			l, r := rapid.Uint32().Draw(t, "left"), rapid.Uint32().Draw(t, "right")
			o.SACK = append(o.SACK, segment.SACKBlock{Left: seq.Num(l), Right: seq.Num(r)})
		}
	case segment.KindFastOpen:
		o.Name = rapid.SampledFrom(opaqueNames).Draw(t, "opaque name")
		o.Kind = opaqueKinds[o.Name]
		for range rapid.IntRange(0, 3).Draw(t, "opaque args") {
			o.Args = append(o.Args, rapid.StringMatching(`[0-9a-fA-Fx.:_-]{1,12}`).Draw(t, "arg"))
		}
	}
	return o
}
