package script

import (
	"errors"
	"reflect"
	"testing"

	"tcpcheck/segment"
)

// parseOne parses src, which must hold exactly one line, and returns it.
func parseOne(t *testing.T, src string) Line {
	t.Helper()
	s, err := Parse("t.pkt", []byte(src))
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	if len(s.Lines) != 1 {
		t.Fatalf("%q: %d lines, want 1", src, len(s.Lines))
	}
	checkReparse(t, s)
	return s.Lines[0]
}

func TestParseTimes(t *testing.T) {
	tests := []struct {
		src  string
		want Time
	}{
		{"0.25 close(3) = 0", Time{Kind: Absolute, Usecs: 250000}},
		{"+0 close(3) = 0", Time{Kind: Relative}},
		{"+ 0.00 close(3) = 0", Time{Kind: Relative}},
		{"+.1 close(3) = 0", Time{Kind: Relative, Usecs: 100000}},
		{"* close(3) = 0", Time{Kind: AnyTime}},
		{"1~2.5 close(3) = 0", Time{Kind: Absolute, Usecs: 1e6, Range: true, EndUsecs: 2.5e6}},
		{"+0~+0.1 close(3) = 0", Time{Kind: Relative, Range: true, EndRel: true, EndUsecs: 1e5}},
		{"1.00...6.00 close(3) = 0", Time{Kind: Absolute, Usecs: 1e6, Blocking: true, EndUsecs: 6e6}},
		{"+0...0.1 close(3) = 0", Time{Kind: Relative, Blocking: true, EndUsecs: 1e5}},
		{"1.0000019 close(3) = 0", Time{Kind: Absolute, Usecs: 1000001}},
	}
	for _, tt := range tests {
		if got := parseOne(t, tt.src).Time; got != tt.want {
			t.Errorf("%q: time %+v, want %+v", tt.src, got, tt.want)
		}
	}
}

func TestParsePacket(t *testing.T) {
	l := parseOne(t, "+0 < S. 10:20(10) ack 7 win 32767 urg 3 <mss 1440,nop,wscale 6,sackOK,sack 1:2 3:4,TS val 100 ecr 0,eol,FO ab12,exp 0xf989 1>")
	want := &Packet{
		Dir: Inbound, Flags: segment.SYN | segment.ACK, Seq: 10, Len: 10,
		HasAck: true, Ack: 7, HasWin: true, Win: 32767, HasUrg: true, Urg: 3,
		OptForm: OptList, Options: []TCPOption{
			{Kind: segment.KindMSS, Value: 1440}, {Kind: segment.KindNOP},
			{Kind: segment.KindWScale, Value: 6}, {Kind: segment.KindSACKPermitted},
			{Kind: segment.KindSACK, SACK: []segment.SACKBlock{{Left: 1, Right: 2}, {Left: 3, Right: 4}}},
			{Kind: segment.KindTimestamps, TSVal: 100}, {Kind: segment.KindEOL},
			{Kind: segment.KindFastOpen, Name: "FO", Args: []string{"ab12"}},
			{Kind: segment.KindExp2, Name: "exp", Args: []string{"0xf989", "1"}},
		},
	}
	if !reflect.DeepEqual(l.Event, want) {
		t.Errorf("got %+v\nwant %+v", l.Event, want)
	}
	any := parseOne(t, "* > SEW 0:0(0) <...>").Event.(*Packet)
	if any.OptForm != OptAny || any.Flags != segment.SYN|segment.ECE|segment.CWR || any.Dir != Outbound {
		t.Errorf("any options: %+v", any)
	}
	none := parseOne(t, "+0 > S 4294967295:0(1)").Event.(*Packet)
	if none.OptForm != OptNone || none.HasWin || none.Len != 1 {
		t.Errorf("wrapping, no options: %+v", none)
	}
}

func TestParseSyscall(t *testing.T) {
	l := parseOne(t, "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)")
	want := &Syscall{Name: "connect", Args: []Arg{"3", "...", "..."},
		Result: Result{Value: "-1", Errno: "EINPROGRESS", Note: "Operation now in progress"}}
	if !reflect.DeepEqual(l.Event, want) {
		t.Errorf("got %+v, want %+v", l.Event, want)
	}
	sc := parseOne(t, `+0 f([1], {a=1, b=(2,3)}, O_RDWR | O_NONBLOCK, "x,)") = 0x02 (flags O_RDWR)`).Event.(*Syscall)
	if len(sc.Args) != 4 || !sc.Args[0].Structured() || !sc.Args[1].Structured() || sc.Args[2] != "O_RDWR | O_NONBLOCK" {
		t.Errorf("args %q", sc.Args)
	}
	if v, ok := sc.Result.Int(); !ok || v != 2 || sc.Result.Note != "flags O_RDWR" {
		t.Errorf("result %+v", sc.Result)
	}
	if !Arg("...").DontCare() || Arg("[1]").DontCare() {
		t.Error("DontCare")
	}
}

func TestParseShell(t *testing.T) {
	tests := []struct {
		src  string
		kind ShellKind
		want *StateAssert
	}{
		{"+0 `sysctl -w net.inet.tcp.rfc1323=1`", Backtick, nil},
		{"+0 %{ assert tcpi_state == TCPI_ESTABLISHED }%", Code, &StateAssert{State: "ESTABLISHED"}},
		{"+0 %{ assert tcpi_state != TCPI_SYN_RECV }%", Code, &StateAssert{State: "SYN_RECEIVED", Negated: true}},
		{"+0 `sockstat -46 | grep 3 | grep ESTABLISHED`", Backtick, &StateAssert{State: "ESTABLISHED"}},
		{"+0 `sockstat -4 -P tcp | grep -v 'SYN_RCVD'`", Backtick, &StateAssert{State: "SYN_RECEIVED", Negated: true}},
		{"+0 `netstat | grep ESTABLISHED`", Backtick, nil},
		{"+0 %{\nx = 1\n# python comment\n}%", Code, nil},
	}
	for _, tt := range tests {
		sh := parseOne(t, tt.src).Event.(*Shell)
		if sh.Kind != tt.kind || !reflect.DeepEqual(sh.Assert, tt.want) {
			t.Errorf("%q: kind %d assert %+v, want %d %+v", tt.src, sh.Kind, sh.Assert, tt.kind, tt.want)
		}
	}
}

func TestParseCommentsAndDirectives(t *testing.T) {
	src := "// plain\n/* block\n spans */ +0 close(3) = 0 // after\n//tcpcheck:  state   ESTABLISHED now \n// tcpcheck:\n"
	s, err := Parse("t.pkt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{
		&Comment{Text: " plain"}, &Comment{Text: " block\n spans ", Block: true},
		&Syscall{Name: "close", Args: []Arg{"3"}, Result: Result{Value: "0"}},
		&Comment{Text: " after"}, &Directive{Key: "state", Value: "ESTABLISHED now"},
		&Comment{Text: " tcpcheck:"},
	}
	if len(s.Lines) != len(want) {
		t.Fatalf("%d lines, want %d: %s", len(s.Lines), len(want), s)
	}
	for i, l := range s.Lines {
		if !reflect.DeepEqual(l.Event, want[i]) {
			t.Errorf("line %d: %+v, want %+v", i, l.Event, want[i])
		}
	}
	if p := s.Lines[2].Pos; p.Line != 3 || p.Col != 11 || p.String() != "t.pkt:3:11" {
		t.Errorf("event position %v", p)
	}
	checkReparse(t, s)
}

func TestParseOptions(t *testing.T) {
	s, err := Parse("t.pkt", []byte("--ip_version=ipv6\n--tolerance_usecs=75000\n--mss=1000\n--mtu=1500\n--speed=fast\n--verbose\n"))
	if err != nil {
		t.Fatal(err)
	}
	o := s.Options
	if o.IPVersion != "ipv6" || o.ToleranceUsecs != (Setting{75000, true}) || o.MSS != (Setting{1000, true}) || o.MTU != (Setting{1500, true}) {
		t.Errorf("options %+v", o)
	}
	w := o.Warnings()
	if len(w) != 2 || w[0] != "t.pkt:5:1: option --speed ignored" || w[1] != "t.pkt:6:1: option --verbose ignored" {
		t.Errorf("warnings %q", w)
	}
	checkReparse(t, s)
}

func TestParseIfdef(t *testing.T) {
	src := "#ifdef STANDARD\n+0 a() = 0\n#ifdef OTHER\n+0 b() = 0\n#else\n+0 c() = 0\n#endif\n#else\n+0 d() = 0\n#ifdef X\n#else\n#endif\n#endif\n#ifndef STANDARD\n+0 e() = 0\n#endif\n"
	names := func(defines ...string) []string {
		s, err := ParseDefines("t.pkt", []byte(src), defines)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range s.Lines {
			out = append(out, l.Event.(*Syscall).Name)
		}
		return out
	}
	if got := names("STANDARD"); !reflect.DeepEqual(got, []string{"a", "c"}) {
		t.Errorf("STANDARD: %q", got)
	}
	if got := names("STANDARD", "OTHER"); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("STANDARD OTHER: %q", got)
	}
	if got := names(); !reflect.DeepEqual(got, []string{"d", "e"}) {
		t.Errorf("none: %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"+0 > S 0:0(1)", "e.pkt:1:12: expected length end-start = 0, found \"1\""},
		{"+0 > X 0:0(0)", "e.pkt:1:6: expected TCP flags (S . F R P U E W), found \"X\""},
		{"+0 > SS 0:0(0)", "e.pkt:1:7: expected a flag letter not given before, found \"S\""},
		{"+0 > S 0:0(0) win 70000", "e.pkt:1:19: expected window (0 to 65535), found \"70000\""},
		{"+0 > S 0:0(0) <mss 1,bogus>", "e.pkt:1:22: expected TCP option (mss, nop, eol, wscale, sackOK, sack, TS, FO, FOEXP, exp, md5, ao, mptcp), found \"bogus\""},
		{"+0 > S 0:0(0) <mss 1", "e.pkt:1:21: expected ',' or '>', found end of file"},
		{"+0 close(3) = 0 E x", "e.pkt:1:19: expected end of line, found \"x\""},
		{"+0 close(3)", "e.pkt:1:12: expected \"=\", found end of file"},
		{"+0 f(a,,b) = 0", "e.pkt:1:8: expected argument, found \",\""},
		{"+0 f(a]) = 0", "e.pkt:1:7: expected matching bracket, found \"])\""},
		{"+0 `ls\n`", "e.pkt:1:7: expected closing `, found end of line"},
		{"+0 %{ x", "e.pkt:1:8: expected }% closing the block at e.pkt:1:4, found end of file"},
		{"/* x", "e.pkt:1:5: expected */ closing the comment at e.pkt:1:1, found end of file"},
		{"close(3) = 0", "e.pkt:1:1: expected time in seconds, found \"close\""},
		{"+0 ? = 0", "e.pkt:1:4: expected packet, system call or command, found \"?\""},
		{"--ip_version=ipv5", "e.pkt:1:14: expected ipv4, ipv6 or ipv4-mapped-ipv6, found \"ipv5\""},
		{"--mss=-1", "e.pkt:1:7: expected a non-negative integer for --mss, found \"-\""},
		{"#ifdef X\n", "e.pkt:2:1: expected #endif for the #if at e.pkt:1:1, found end of file"},
		{"#endif", "e.pkt:1:1: expected #ifdef or #ifndef before #endif, found \"#\""},
		{"#if X", "e.pkt:1:1: expected #ifdef, #ifndef, #else or #endif, found \"#\""},
		{"#ifdef X\n#else\n#else\n#endif", "e.pkt:3:1: expected #ifdef or #ifndef before #else, found \"#\""},
		{"#ifdef STANDARD\n#else\n#else\n#endif", "e.pkt:3:1: expected #endif, found \"#\""},
		{"+0 f() = 1 E (x", "e.pkt:1:16: expected ')', found end of file"},
	}
	for _, tt := range tests {
		_, err := Parse("e.pkt", []byte(tt.src))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: error %v, want an *Error", tt.src, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, err, tt.want)
		}
	}
}
