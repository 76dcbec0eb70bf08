package fsm

import (
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Endpoint is one TCP connection end: its TCB (RFC 9293 §3.3.1), buffers and
// timers. Create it with New; it is not safe for concurrent use.
type Endpoint struct {
	cfg   Config
	state State
	tuple Tuple

	// Send sequence variables (RFC 9293 §3.3.1) and RFC 5961 §5's MAX.SND.WND.
	iss, sndUna, sndNxt seq.Num
	sndWnd, maxSndWnd   uint32 // scaled
	sndWl1, sndWl2      seq.Num
	sndPtr              seq.Num // next to transmit; SND.UNA after a timeout, up to SND.NXT

	// Receive sequence variables; rcvAdv is RCV.NXT + RCV.WND as last
	// advertised, the right edge the acceptability test uses.
	irs, rcvNxt, rcvAdv seq.Num

	opts negotiated

	// Send buffer: bytes from SND.UNA (after the SYN) on, unacknowledged or
	// unsent; sndBase is the sequence number of sndBuf[0].
	sndBuf  []byte
	sndLen  int
	sndBase seq.Num
	// Receive buffer: in-order bytes not yet read.
	rcvBuf []byte
	rcvLen int
	// Text and FIN of a SYN received in SYN-SENT, queued until ESTABLISHED
	// (RFC 9293 §3.10.7.3): synText bytes at the head of rcvBuf, not yet
	// counted in rcvLen nor acknowledged.
	synText int
	synFin  bool

	passive    bool // opened by Listen: a reset in SYN-RECEIVED returns to LISTEN
	finQueued  bool // the application closed the write half
	rcvClosed  bool // the application called Close: it reads no more
	finSent    bool // our FIN has been sent; it occupies finSeq
	finSeq     seq.Num
	peerClosed bool // the peer's FIN was received

	timers     timers
	rtt        rttEstimator
	ack        challengeLimiter
	invalidAck invalidAckLimiter

	// synAckWnd marks the peer's SYN-ACK of a simultaneous open while it
	// is processed with its SYN trimmed off: its window is not scaled
	// (RFC 7323 §2.2).
	synAckWnd bool

	err  Reason
	res  Result
	out  []segment.Segment
	nOut int
}

// negotiated holds what the handshake agreed (RFC 7323, RFC 2018).
type negotiated struct {
	peerMSS    uint16 // MSS the peer announced, 536 when absent (RFC 9293 §3.7.1)
	sndShift   uint8  // shift applied to the peer's window field
	rcvShift   uint8  // shift the peer applies to ours
	wscaleOK   bool
	sackOK     bool
	tsOK       bool
	ecnOK      bool   // RFC 3168 §6.1.1: ECN-setup SYN and SYN-ACK were exchanged
	tsRecent   uint32 // TS.Recent (RFC 7323 §4.3)
	lastAckSnt seq.Num
}

// Result is what one call reports: the segments to transmit (valid until the
// next call), the events for the application, the error if one ended the
// connection or the call, and the next deadline.
type Result struct {
	Out      []segment.Segment
	Events   Events
	Err      Reason
	Deadline Time
}

// New returns an endpoint in CLOSED with buffers sized by cfg.
func New(cfg Config) *Endpoint {
	cfg.fill()
	return &Endpoint{
		cfg:    cfg,
		sndBuf: make([]byte, cfg.SendBuffer),
		rcvBuf: make([]byte, cfg.RecvBuffer),
		out:    make([]segment.Segment, cfg.MaxBurst),
	}
}

// Config returns the endpoint's configuration with defaults filled in.
func (e *Endpoint) Config() Config { return e.cfg }

// State returns the connection state.
func (e *Endpoint) State() State { return e.state }

// Tuple returns the connection's addresses and ports.
func (e *Endpoint) Tuple() Tuple { return e.tuple }

// ISS, IRS, SndUna, SndNxt, RcvNxt report the TCB's sequence variables.
func (e *Endpoint) ISS() seq.Num    { return e.iss }
func (e *Endpoint) IRS() seq.Num    { return e.irs }
func (e *Endpoint) SndUna() seq.Num { return e.sndUna }
func (e *Endpoint) SndNxt() seq.Num { return e.sndNxt }
func (e *Endpoint) RcvNxt() seq.Num { return e.rcvNxt }

// SndWnd returns the peer's window, scaled. RcvWnd returns RCV.WND, the
// window the acceptability test uses (RFC 9293 §3.10.7.4): from RCV.NXT to
// the right edge we advertised last, which never moves left. It is not the
// free buffer space: a window field holds at most 65535 unscaled, and
// scaling rounds it to whole units (see windowField).
func (e *Endpoint) SndWnd() uint32 { return e.sndWnd }
func (e *Endpoint) RcvWnd() uint32 { return uint32(e.rcvWnd()) }

// rcvWnd is RCV.WND: RCV.NXT up to the right edge last advertised, 0 when
// nothing is advertised beyond RCV.NXT.
func (e *Endpoint) rcvWnd() seq.Size {
	if e.rcvAdv.GreaterThan(e.rcvNxt) {
		return e.rcvAdv.SizeFrom(e.rcvNxt)
	}
	return 0
}

// rcvRoom is the free space in the receive buffer.
func (e *Endpoint) rcvRoom() uint32 { return uint32(len(e.rcvBuf) - e.rcvLen) }

// Readable returns the number of bytes Recv can return now.
func (e *Endpoint) Readable() int { return e.rcvLen }

// Unacked returns the bytes in the send buffer: unsent or not yet acknowledged.
func (e *Endpoint) Unacked() int { return e.sndLen }

// RTO returns the current retransmission timeout.
func (e *Endpoint) RTO() Time { return e.rtt.rto }

// Err returns the reason the connection failed, or OK.
func (e *Endpoint) Err() Reason { return e.err }

// Timestamps, SACKPermitted, WindowScale report what was negotiated.
func (e *Endpoint) Timestamps() bool    { return e.opts.tsOK }
func (e *Endpoint) SACKPermitted() bool { return e.opts.sackOK }
func (e *Endpoint) WindowScale() (snd, rcv uint8, ok bool) {
	return e.opts.sndShift, e.opts.rcvShift, e.opts.wscaleOK
}

// ECN reports whether the handshake negotiated ECN (RFC 3168 §6.1.1).
func (e *Endpoint) ECN() bool { return e.opts.ecnOK }

// PeerMSS returns the MSS the peer announced (536 if it sent none).
func (e *Endpoint) PeerMSS() uint16 { return e.opts.peerMSS }

// begin starts a call: the output queue and events are emptied.
func (e *Endpoint) begin() {
	e.nOut = 0
	e.res = Result{}
}

// finish ends a call and returns its Result.
func (e *Endpoint) finish() Result {
	e.res.Out = e.out[:e.nOut]
	e.res.Deadline = e.timers.next()
	return e.res
}

// fail reports a call's error without changing the connection.
func (e *Endpoint) fail(r Reason) Result {
	e.res.Err = r
	return e.finish()
}

// reset clears the TCB for a new connection, keeping buffers and config.
func (e *Endpoint) reset() {
	*e = Endpoint{cfg: e.cfg, state: e.state, sndBuf: e.sndBuf, rcvBuf: e.rcvBuf, out: e.out, nOut: e.nOut, res: e.res}
}
