package runner

import (
	"net/netip"
	"testing"
	"time"

	"tcpcheck/fsm"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// A script whose SYN-ACK carries the absolute ISN passes only when the isn
// directive is applied; without it the stack uses DefaultISN.
func TestISNDirective(t *testing.T) {
	const src = `// tcpcheck: isn 0xfffffff0
0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 100:100(0) win 65535 <mss 1460>
+0 > S. 0:0(0) ack 101 <...>
+0 < . 101:101(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
`
	s, err := script.Parse("isn.pkt", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if isn, ok := ScriptISN(s); !ok || isn != 0xfffffff0 {
		t.Fatalf("ScriptISN = %#x, %v", isn, ok)
	}
	established := false
	cfg := fsm.Config{OnTransition: func(_ fsm.Time, _, to fsm.State) { established = established || to == fsm.Established }}
	var synAck seq.Num
	capture := func(_ time.Duration, _, _ netip.AddrPort, g *segment.Segment) {
		if g.Flags == segment.SYN|segment.ACK {
			synAck = g.Seq
		}
	}
	res := Run(s, Options{Config: &cfg, Capture: capture})
	if !res.Passed {
		t.Fatalf("%v", res.Failure)
	}
	if synAck != 0xfffffff0 {
		t.Errorf("SYN-ACK seq %#x, want the directive's ISN", uint32(synAck))
	}
	if !established {
		t.Errorf("Options.Config was not used: its OnTransition saw no ESTABLISHED")
	}
	if n := res.Skipped["directive"]; n != 0 {
		t.Errorf("the applied isn directive counted as skipped (%d)", n)
	}
}

// Without a directive, Options.Config.ISN chooses the ISN, and without that
// DefaultISN does.
func TestBaseConfigISN(t *testing.T) {
	s := &script.Script{}
	if isn := baseConfig(s, Options{}).ISN(0, fsm.Tuple{}); isn != DefaultISN {
		t.Errorf("default ISN %#x", isn)
	}
	cfg := fsm.Config{ISN: fixedISN(7)}
	if isn := baseConfig(s, Options{Config: &cfg}).ISN(0, fsm.Tuple{}); isn != 7 {
		t.Errorf("Options.Config.ISN ignored: %#x", isn)
	}
	s.Lines = []script.Line{{Event: &script.Directive{Key: ISNKey, Value: "42"}}}
	if isn := baseConfig(s, Options{Config: &cfg}).ISN(0, fsm.Tuple{}); isn != 42 {
		t.Errorf("directive ignored: %#x", isn)
	}
}
