// Package script parses and prints packetdrill scripts, tcpcheck's trace
// format.
//
// A Script has header Options ("--name=value" lines; ip_version,
// tolerance_usecs, mss and mtu are typed, others are kept in
// Options.Ignored and reported by Options.Warnings) and Lines. Each Line has
// a Pos (file:line:col), a Time (absolute "0.1", relative "+0.1", any "*",
// range "t1~t2", blocking "t1...t2") and an Event:
//   - *Packet: "< S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK>", '<' injected
//     and '>' expected; flags from S . F R P U E W; options as typed values
//     (mss, wscale, sackOK, sack, TS, nop, eol), opaque words (FO, FOEXP,
//     exp, md5, ao, mptcp), "<...>" for any options, or none;
//   - *Syscall: "connect(3, ..., ...) = -1 EINPROGRESS (Operation now in
//     progress)", arguments kept as written ("...", "[1]", "{...}");
//   - *Shell: a `command` or a %{ code }% block, with a StateAssert when it
//     is "assert tcpi_state == TCPI_X" or a sockstat pipeline ending in
//     "grep STATE";
//   - *Comment (// and /* */) and *Directive ("// tcpcheck: key value"),
//     which have no time.
//
// #ifdef NAME, #ifndef NAME, #else and #endif select lines; Parse defines
// DefaultDefines (STANDARD), ParseDefines takes the set. Lines of an inactive
// branch are skipped unparsed and are not in the Script.
//
// Contract:
//   - Parse never panics, on any input. It returns the first syntax error as
//     an *Error with File, Line, Col, Expected and Found, formatted
//     "file:line:col: expected X, found Y".
//   - An event ends at the end of its line; only /* */ comments and %{ }%
//     blocks span lines. Whitespace between tokens is free.
//   - Script.String prints a canonical form: known header options first in a
//     fixed order, one line per Line, single spaces, times as seconds with
//     trailing zeros dropped ("+0.0", "1.25"), no blank lines. A comment
//     that shared a line with an event is printed on its own line.
//   - Round trip: for every Script Parse returns, parsing its String gives a
//     Script deeply equal to it, positions aside. Times are kept to the
//     microsecond (further digits are dropped); blank lines and the layout
//     of a line are not kept; comments, shell text and syscall arguments are
//     kept verbatim (arguments and notes trimmed, line comments without
//     trailing white space).
//   - Checks: a packet's length must equal end-start modulo 2^32, values
//     must fit their fields (window, urgent pointer and MSS 16 bits, window
//     scale 8 bits, sequence numbers 32 bits), and a flag letter may not
//     repeat.
package script
