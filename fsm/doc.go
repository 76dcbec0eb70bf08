// Package fsm is tcpcheck's reference TCP endpoint: the connection state
// machine of RFC 9293 with RFC 5961 blind-attack defences, RFC 6298
// retransmission timing, RFC 7323 window scaling and timestamps and RFC
// 3168 ECN negotiation, written sans-IO.
//
// Contract:
//   - Sans-IO and deterministic. Every call takes the current virtual time
//     (Time, nanoseconds on the caller's clock) and one input: a user call
//     (Connect, Listen, Send, Recv, Close, Shutdown, Abort), an arriving
//     segment (Input) or time passing (Tick). It returns a Result: the
//     segments to transmit, the events the application learns (connected,
//     readable, peer closed, reset, closed, error) and the next deadline.
//     The initial sequence number comes from Config.ISN. There are no
//     goroutines, clocks, locks, I/O or fmt here.
//   - No allocation per call after New: the send and receive buffers and the
//     output queue have fixed capacities set by Config.
//   - Aliasing: Result.Out and the payloads of its segments point into the
//     endpoint's own memory and are valid until the next call on it.
//   - Observable: State, SndUna, SndNxt, RcvNxt and the other accessors report
//     the TCB (RFC 9293 §3.3.1); RcvWnd is RCV.WND as the acceptability test
//     uses it, up to the right edge last advertised, not the free buffer
//     space. Every state change goes through one method, setState, which
//     calls Config.OnTransition when set.
//   - Errors the application sees are Reason values, a small enum with names,
//     not allocated errors.
//
// Choices where the RFCs leave room, each stated where it is implemented:
// out-of-order segments are dropped with an immediate ACK (no reassembly
// queue); ACKs are immediate, except that text and FIN on a SYN received in
// SYN-SENT are queued until ESTABLISHED (RFC 9293 §3.10.7.3) and then
// acknowledged by the next segment sent or after 200 ms; text on a SYN in
// LISTEN is dropped, for the peer to send again; Config.ConnectTimeout
// bounds an open in time instead of by SynRetries (RFC 9293 §3.8.3); ECN
// (Config.ECN) is negotiated only, since no IP header reaches the endpoint
// (no ECT, no CE, no ECE or CWR after the handshake); a SYN in TIME-WAIT
// follows RFC 5961 (challenge ACK) unless the endpoint was opened passively
// and the SYN is a new incarnation by RFC 6191 (timestamps) or by a higher
// sequence number (RFC 9293 §3.10.7.4 / RFC 1122 §4.2.2.13); an RST in
// TIME-WAIT is ignored (RFC 1337) unless Config.TimeWaitRST asks for
// Linux's behaviour.
//
// Receiving (RFC 9293 §3.10.7.4): the window is the one last advertised,
// whose right edge never moves left; text past it is trimmed, FIN included,
// even where the buffer has room. With window scaling the window field is
// rounded up to a whole unit (RFC 7323 §2.3-2.4, as Linux does), so free
// space is never announced as a zero window; bytes past the buffer are
// dropped unacknowledged. Unacceptable pure ACKs are answered at most once
// per Config.InvalidAckInterval (Linux's tcp_invalid_ratelimit), so that
// two ends whose windows disagree cannot keep answering each other's ACKs;
// data, SYN and FIN are always answered. With the receive window at zero,
// the ACK of a segment at RCV.NXT is taken ("special allowance should be
// made to accept valid ACKs") and its text dropped. Close, unlike
// Shutdown, ends reading: new data in FIN-WAIT-1 or FIN-WAIT-2 after it
// draws an RST and deletes the connection (RFC 1122 §4.2.2.13).
//
// Sending: a window that opens after being zero stops the persist timer
// and undoes its backoff; the data sent then starts the retransmission
// timer afresh (RFC 6298 §5.1), as BSD and Linux do. The window of a
// SYN-ACK is never scaled (RFC 7323 §2.2), the peer's in a simultaneous
// open included.
package fsm
