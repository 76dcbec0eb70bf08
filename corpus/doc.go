// Package corpus holds tcpcheck's own packetdrill scripts, one behaviour of
// RFC 9293 (and RFC 5961, RFC 6298) per file, under scripts/<topic>/*.pkt:
//   - handshake: active, passive and simultaneous open (RFC 9293 Figures 6
//     and 7);
//   - close: normal close as active and as passive closer, simultaneous
//     close through CLOSING, half-close (Figures 12 and 13);
//   - timewait: 2*MSL expiry and its restart by a retransmitted FIN;
//   - retransmit: SYN and data retransmission with exponential backoff;
//   - reset: old duplicate SYN and half-open discovery (Figures 8 and 9);
//   - security: RST and SYN checks of RFC 5961 (challenge ACKs);
//   - wrap: sequence numbers across 2^32.
//
// Each script starts with a comment saying what it checks and where the
// RFC says so, and a "// tcpcheck: rfc N SECTION" directive. The scripts
// follow the runner's conventions (see package runner): the tested side is
// 192.168.0.1, ports are implied, the endpoint's sequence numbers are
// relative to its ISN. A "// tcpcheck: xfail REASON" directive marks a
// script the reference endpoint is known to fail; the test then expects
// the failure.
//
// The package has no code: corpus_test.go parses every script and runs it
// against the reference endpoint (package fsm, through package sock) with
// runner.Run in semantic mode.
package corpus
