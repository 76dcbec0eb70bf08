// Package runner executes a packetdrill script (see package script) against
// a sock.Stack in virtual time, the way packetdrill runs one against a
// kernel, and reports the first place where the stack differs from the
// script.
//
// Conventions, after packetdrill's:
//   - Addresses: the tested stack is 192.168.0.1 and the injected peer
//     192.0.2.1 (IPv4); fd3d:fa7b:d17d::1 and 2001:db8::1 (IPv6);
//     ::ffff:192.168.0.1 and ::ffff:192.0.2.1 (ipv4-mapped-ipv6). The
//     --ip_version header picks them; the default is ipv4.
//   - Ports are implied: bind(..., ...) binds port 8080 and connect(...,
//     ..., ...) connects to the peer's port 8080. Injected segments go to the
//     port of the socket last bound, connected or accepted, from port 8080
//     when that socket connected actively and from RemotePort otherwise.
//   - Sequence numbers: the tested endpoint's are relative to its initial
//     sequence number, learned from the first SYN or SYN-ACK it sends (0
//     until then, so an RST answering a segment to a closed port reads as
//     written). In '>' lines seq is relative and ack is the peer's number as
//     written; in '<' lines seq is as written and ack, like SACK blocks, is
//     relative to the endpoint's ISN.
//   - Timestamps: the offset between the endpoint's TS clock and the script
//     is learned from the first segment the endpoint sends with a TS option
//     (its TSval minus the TS val of the matching '>' line, or minus 0 when
//     that line gives none). A non-zero TS ecr in a '<' line is shifted by
//     that offset, as packetdrill does, so scripts echo the values they
//     wrote. Outbound TS val is not compared.
//   - Time: a '+' time is relative to the previous event as it actually
//     happened (for a '>' line, when the segment was sent). A '>' line
//     matches the next segment the endpoint sent, which must come within
//     the tolerance (--tolerance_usecs, default 4000 us, or
//     Options.ToleranceUsecs) of the scripted time or range; "*" accepts
//     any time.
//
// Checks: every '>' line is compared with the segment sent (flags, relative
// seq, ack when the ACK flag is set, payload length; window, urgent pointer
// and options only in Options.Strict). A segment still unmatched when a '<'
// line is injected is reported as unexpected; segments sent after the last
// line are not checked, as packetdrill does not. System calls are run on the
// stack and their return value and errno name compared; getsockopt's value
// is compared for SO_ERROR always and for other options only in strict mode
// (buffer sizes are implementation choices). A blocking call that returns
// sock.Pending is retried as time passes and segments arrive; a "t1...t2"
// time checks when it returns. A StateAssert is checked against the fsm
// state of the socket last used by a system call.
//
// Options.Capture, when set, sees every segment injected and sent, in
// order, with the virtual time since the start of the script and the
// addresses and ports above (tcpcheck run -pcap writes them to a pcap).
//
// Monitors: Options.Monitor, when set, watches every connection the
// script's sockets make, as sock.Stack.Observe reports it (an active
// open, each connection a listener takes from its SYN on, and each
// segment that reaches no connection with the RST that answers it): it
// gets the connection's fsm configuration, setsockopt and sysctl lines
// included, and checks its observe.Events as they happen. When the clock
// moves to a line's time with no timer due, the stack is ticked all the
// same, so that the monitors learn that time passed (an endpoint that
// should have given up by then, say). properties.Sink is the usual check,
// every monitor of package properties; tcpcheck run uses it. The first
// error fails the run at the line being executed when it came, before any
// difference that line finds afterwards, with the error's text
// ("MonitorName: message (event N at T s)") and Failure.Violation set. A
// violation is judged on what the endpoint did, so a repro of a
// reference-endpoint violation fails even when its '>' lines match.
// Events after the last line, or after the first failure, are not
// checked.
//
// Configuration: the stack's sockets start from Options.Config (fsm's
// defaults when nil). Every connection's ISN is the value of a
// "// tcpcheck: isn N" directive (ISNKey) when the script has one, else
// Options.Config.ISN, else DefaultISN; a script recorded from an endpoint
// with a known ISN thus replays with the same numbers on the wire.
// "// tcpcheck: config NAME=VALUE... FLAG..." directives (ConfigKey, see
// ParseConfig) set fields of that configuration for the whole script; a
// malformed one is the run's failure, at the directive's line.
//
// Shell lines are not run. `sysctl -w net.inet.tcp.insecure_rst=1` or
// `... insecure_syn=1` anywhere in the script selects fsm.Config{Legacy:
// true} (RFC 793 behaviour) for the whole script, since sysctls in these
// scripts are set before the socket is created. `sysctl -w
// net.inet.tcp.ecn.enable=N` (0 off, 1 request and accept, 2 accept only:
// fsm.Config.ECN) and `... ecn.maxretries=N` (fsm.Config.ECNSynRetries)
// take effect where they stand, for the sockets created afterwards. Every
// other shell line, system calls the runner does not know, directives and
// ignored header options are skipped and counted in Result.Skipped by kind.
package runner
