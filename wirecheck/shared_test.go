package wirecheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tcpcheck/capture"
	"tcpcheck/observe"
)

// pcapDir returns the directory of real captures: $TCPCHECK_PCAPS, or
// ../shared/pcaps relative to the repository root. It skips the test when
// the directory is absent.
func pcapDir(t testing.TB) string {
	dir := os.Getenv("TCPCHECK_PCAPS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "pcaps")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("capture directory %s absent (set TCPCHECK_PCAPS): %v", dir, err)
	}
	return dir
}

// cleanCaptures are the files MANIFEST.md describes as complete connections
// ("Replaying whole connections through a checker: the complete
// connections (loopback full conn, DNS over TCP, IPv6 full conn, IPv6 FTP,
// SYN with payload, TLS simultaneous close, BGP refused connects)").
var cleanCaptures = []string{
	"tcpdump_v4_loopback_full_conn_handshake_data_fin.pcap",
	"tcpdump_v4_dns_over_tcp_full_conn.pcap",
	"zeek_v6_full_conn_ts_ws.pcap",
	"zeek_v6_ftp_6streams_full_conns.pcap",
	"zeek_v4_syn_with_payload_full_close.pcap",
	"zeek_v4_tls_4streams_simultaneous_close.pcap",
	"tcpdump_v4_bgp_6streams_refused_rst_and_fin.pcap",
}

// TestSharedCaptures checks every capture of the corpus and logs what it
// reports. The complete connections must be judged OK: no RFC violation
// and no capture problem but offloaded checksums.
func TestSharedCaptures(t *testing.T) {
	dir := pcapDir(t)
	manifest, _ := os.ReadFile(filepath.Join(dir, "MANIFEST.md"))
	clean := map[string]bool{}
	for _, name := range cleanCaptures {
		clean[name] = true
		if len(manifest) > 0 && !strings.Contains(string(manifest), "| "+name+" |") {
			t.Errorf("%s is not in MANIFEST.md any more: update cleanCaptures", name)
		}
	}
	files, err := capture.Files(dir)
	if err != nil || len(files) == 0 {
		t.Skipf("no captures in %s: %v", dir, err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		rep, err := CheckFile(path, nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		rfc, capt := rep.Count()
		t.Logf("%s: %d connections, %d RFC violations, %d capture problems", name, len(rep.Conns), rfc, capt)
		for i := range rep.Findings {
			t.Logf("    %s", rep.Findings[i].String())
		}
		for _, c := range rep.Conns {
			t.Logf("  #%d %s > %s: %v (final %v, %v)", c.ID, c.Ends[0], c.Ends[1], c.Verdict(),
				c.Views[0].Final, c.Views[1].Final)
			for i := range c.Findings {
				t.Logf("    %s", c.Findings[i].String())
			}
			for _, e := range c.Errors {
				t.Errorf("%s #%d: monitor error: %s", name, c.ID, e)
			}
			if clean[name] && c.Verdict() != OK {
				t.Errorf("%s #%d: %v on a complete connection:%s", name, c.ID, c.Verdict(), findings(c))
			}
		}
		expectShared(t, name, rep)
	}
}

// expectShared checks what MANIFEST.md says of particular captures.
func expectShared(t *testing.T, name string, rep *Report) {
	switch name {
	case "zeek_v4_handshake_reordered.pcap": // "handshake packets are captured out of order"
		c := only(t, rep)
		if len(find(c, Capture, KindOrder)) == 0 || len(find(c, RFC, "")) != 0 {
			t.Errorf("%s: want an out-of-order capture problem and no RFC violation:%s", name, findings(c))
		}
	case "tcpdump_v4_truncated_tcp_header_fuzzcase.pcap": // "Truncated/malformed TCP header"
		if len(rep.Conns) != 0 || len(rep.Findings) != 1 || rep.Findings[0].Kind != KindTruncated {
			t.Errorf("%s: want one truncated frame and no connection, got %d connections, %v",
				name, len(rep.Conns), rep.Findings)
		}
	case "zeek_v4_tls_4streams_simultaneous_close.pcap": // "in streams 1 and 2 the two FINs cross"
		n := 0
		for _, c := range rep.Conns {
			if c.Views[0].Final == observe.TimeWait && c.Views[1].Final == observe.TimeWait {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%s: %d connections end in TIME-WAIT on both sides, want 2", name, n)
		}
	}
}
