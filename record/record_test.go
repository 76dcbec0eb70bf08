package record

import (
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/sock"
)

// text prints lines as a script body.
func text(lines []script.Line) string {
	return (&script.Script{Lines: lines}).String()
}

// The endpoint's own numbers are relative to its latest SYN: seq on '>'
// lines, ack and SACK blocks on '<' lines; the peer's are as sent.
func TestRelativeNumbers(t *testing.T) {
	var l Lines
	syn := segment.Segment{Seq: 1000, Flags: segment.SYN, Window: 500}
	_ = syn.Options.AddMSS(1460)
	l.Outbound(0, &syn)
	synAck := segment.Segment{Seq: 7, Ack: 1001, Flags: segment.SYN | segment.ACK, Window: 100}
	l.Inbound(fsm.Millisecond, &synAck)
	data := segment.Segment{Seq: 8, Ack: 1001, Flags: segment.ACK, Window: 100, Payload: make([]byte, 10)}
	_ = data.Options.AddSACK([]segment.SACKBlock{{Left: 1001, Right: 1005}})
	l.Inbound(2*fsm.Millisecond, &data)
	out := segment.Segment{Seq: 1001, Ack: 18, Flags: segment.ACK, Window: 90}
	l.Outbound(2*fsm.Millisecond, &out)
	want := "0.0 > S 0:0(0) win 500 <mss 1460>\n" +
		"0.001 < S. 7:7(0) ack 1 win 100\n" +
		"0.002 < . 8:18(10) ack 1 win 100 <sack 1:5>\n" +
		"0.002 > . 1:1(0) ack 18 win 90\n"
	if got := text(l.Lines()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if l.ISS() != 1000 || l.Unwritable() != 0 {
		t.Errorf("ISS %d, unwritable %d", l.ISS(), l.Unwritable())
	}
}

// A segment without flags becomes a comment and is counted; padding after
// EOL is kept on '>' lines and dropped from '<' lines.
func TestUnwritableAndPadding(t *testing.T) {
	var l Lines
	l.Inbound(0, &segment.Segment{Seq: 5, Window: 1})
	g := segment.Segment{Flags: segment.ACK}
	_ = g.Options.AddNOP()
	_ = g.Options.AddEOL()
	g.Options.Pad()
	l.Inbound(0, &g)
	l.Outbound(0, &g)
	got := text(l.Lines())
	if l.Unwritable() != 1 || !strings.Contains(got, "// < a segment without flags arrived") {
		t.Errorf("flagless: %d\n%s", l.Unwritable(), got)
	}
	if !strings.Contains(got, "< . 0:0(0) ack 0 win 0 <nop>") || !strings.Contains(got, "> . 0:0(0) ack 0 win 0 <nop,eol,eol,eol>") {
		t.Errorf("padding:\n%s", got)
	}
}

// Insert, InsertComment and CommentOut edit the lines in place.
func TestEditLines(t *testing.T) {
	var l Lines
	l.Syscall(0, "write", 4, 10, 10, sock.OK)
	l.Outbound(0, &segment.Segment{Flags: segment.ACK | segment.PSH, Payload: make([]byte, 10)})
	var extra Lines
	extra.Syscall(0, "read", 4, 5, -1, sock.EAGAIN)
	l.Insert(0, extra.Lines()...)
	l.InsertComment(1, "note")
	l.CommentOut(2)
	want := "0.0 read(4, ..., 5) = -1 EAGAIN (Resource temporarily unavailable)\n" +
		"// note\n" +
		"// (not in the replay) 0.0 write(4, ..., 10) = 10\n" +
		"// (not in the replay) 0.0 > P. 0:10(10) ack 0 win 0\n"
	if got := text(l.Lines()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// Header writes the comments, the isn directive and, when the
// configuration is not the default, the config directive; the calls'
// arguments are what runner evaluates.
func TestHeaderAndArgs(t *testing.T) {
	got := text(Header(0xfffffff0, fsm.Config{MSL: fsm.Second, Legacy: true}, "first", "second"))
	want := "// first\n// second\n// tcpcheck: isn 0xfffffff0\n// tcpcheck: config MSL_us=1000000 Legacy\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := text(Header(1, fsm.Config{})); got != "// tcpcheck: isn 0x1\n" {
		t.Errorf("default config: %q", got)
	}
	var l Lines
	l.Syscall(0, "getsockopt", 3, int(sock.ECONNRESET), 0, sock.OK)
	l.Syscall(0, "setsockopt", 3, 0, 0, sock.OK)
	want = "0.0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0\n" +
		"0.0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0\n"
	if got := text(l.Lines()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if IPVersion(netipMust("2001:db8::1")) != "ipv6" || IPVersion(netipMust("192.0.2.1")) != "ipv4" {
		t.Error("IPVersion")
	}
}
