package shrink

import (
	"strings"
	"testing"

	"tcpcheck/runner"
	"tcpcheck/script"
)

const pcaps = "../../shared/pcaps/"

// The client's view of a clean DNS exchange replays against the reference
// endpoint: the calls the wire implies (connect, the write of the query,
// the shutdown before the FIN) and the capture's ISN line it up.
func TestPcapScriptReplays(t *testing.T) {
	s, desc, err := PcapScript(pcaps+"tcpdump_v4_dns_over_tcp_full_conn.pcap", PcapChoice{Side: "client"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(desc, "connection 1 (192.168.1.11:33779 > 209.87.249.18:53), client 192.168.1.11:33779") {
		t.Errorf("desc %q", desc)
	}
	text := s.String()
	for _, want := range []string{"// tcpcheck: isn 0x23fec80c", "connect(3, ..., ...) = -1 EINPROGRESS", "write(3, ..., 58) = 58",
		"shutdown(3, SHUT_WR) = 0", "< S. 2043824403:2043824403(0) ack 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("script lacks %q:\n%s", want, text)
		}
	}
	if res := runner.Run(s, runner.Options{}); !res.Passed {
		t.Errorf("replay: %s\n%s", res.Failure, text)
	}
	back, err := script.Parse("x.pkt", []byte(text))
	if err != nil || back.String() != text {
		t.Errorf("does not round-trip: %v", err)
	}
}

// The server's view, captured at the client, shows the SYN-ACK a round
// trip after the SYN: the timing tolerance covers that, and the server's
// view then parts from the reference endpoint where the real server put
// PSH on its FIN.
func TestPcapServerMismatchShrinks(t *testing.T) {
	s, _, err := PcapScript(pcaps+"tcpdump_v4_dns_over_tcp_full_conn.pcap", PcapChoice{Conn: 1, Side: "server"})
	if err != nil {
		t.Fatal(err)
	}
	if tol := s.Options.ToleranceUsecs; !tol.Set || tol.Value < 126619 {
		t.Errorf("tolerance %+v, want at least the 126619 us round trip", tol)
	}
	r, err := ShrinkScript(s, "server", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failure.Kind != Mismatch || r.Failure.Class != "different flags" {
		t.Errorf("failure %s (class %q)", r.Failure.String(), r.Failure.Class)
	}
	if r.Stats.Minimal >= r.Stats.Original {
		t.Errorf("not shrunk: %+v", r.Stats)
	}
}

func TestPcapChoiceErrors(t *testing.T) {
	for _, c := range []struct {
		file   string
		choice PcapChoice
		want   string
	}{
		{"tcpdump_v4_bgp_6streams_refused_rst_and_fin.pcap", PcapChoice{}, "6 connections: choose one"},
		{"tcpdump_v4_bgp_6streams_refused_rst_and_fin.pcap", PcapChoice{Conn: 7}, "no connection 7"},
		{"tcpdump_v4_bgp_6streams_refused_rst_and_fin.pcap", PcapChoice{Tuple: "1.0.2.2:42741-1.0.2.1:80"}, "no connection between"},
		{"tcpdump_v4_bgp_6streams_refused_rst_and_fin.pcap", PcapChoice{Tuple: "nonsense"}, `-tuple "nonsense"`},
		{"tcpdump_v4_dns_over_tcp_full_conn.pcap", PcapChoice{Side: "middle"}, `-side "middle"`},
	} {
		_, _, err := PcapScript(pcaps+c.file, c.choice)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %+v: %v, want %q", c.file, c.choice, err, c.want)
		}
	}
	s, _, err := PcapScript(pcaps+"tcpdump_v4_bgp_6streams_refused_rst_and_fin.pcap", PcapChoice{Tuple: "1.0.2.1:179-1.0.2.2:42741", Side: "client"})
	if err != nil || !strings.Contains(s.String(), "connect(3") {
		t.Errorf("by tuple: %v", err)
	}
}
