package fsm

import "tcpcheck/segment"

// Reset returns the endpoint to CLOSED with a fresh TCB under cfg, keeping
// its buffers when cfg's capacities are unchanged, so that simulators and
// fuzzers can run one scenario after another without allocating. Buffer
// contents are not cleared: nothing reads them before writing.
func (e *Endpoint) Reset(cfg Config) {
	cfg.fill()
	sndBuf, rcvBuf, out := e.sndBuf, e.rcvBuf, e.out
	if len(sndBuf) != cfg.SendBuffer {
		sndBuf = make([]byte, cfg.SendBuffer)
	}
	if len(rcvBuf) != cfg.RecvBuffer {
		rcvBuf = make([]byte, cfg.RecvBuffer)
	}
	if len(out) != cfg.MaxBurst {
		out = make([]segment.Segment, cfg.MaxBurst)
	}
	*e = Endpoint{cfg: cfg, sndBuf: sndBuf, rcvBuf: rcvBuf, out: out}
}

// WithDefaults returns c with every zero field replaced by its default, as
// New would use it.
func (c Config) WithDefaults() Config {
	c.fill()
	return c
}
