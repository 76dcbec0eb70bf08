package fsm

import "tcpcheck/segment"

// Reset makes l what NewListener(cfg, local, backlog, conns) returns,
// reusing its pool and each child's buffers (Endpoint.Reset) when conns and
// the buffer sizes are unchanged, so that a sockets layer can listen run
// after run without allocating. Endpoints handed out by Accept before the
// Reset are reset too: they must no longer be in use.
func (l *Listener) Reset(cfg Config, local Tuple, backlog, conns int) {
	cfg.fill()
	backlog, conns = max(backlog, 1), max(conns, 1)
	if len(l.pool) != conns {
		*l = *NewListener(cfg, local, backlog, conns)
		return
	}
	for i := range l.pool {
		l.pool[i].Reset(cfg)
		l.pool[i].Listen(0, local)
	}
	clear(l.accepted)
	out := l.out[:0]
	if want := cfg.MaxBurst + conns; cap(out) >= want {
		out = out[:0:want] // the capacity bounds a burst (collect)
	} else {
		out = make([]segment.Segment, 0, want)
	}
	*l = Listener{local: local, backlog: backlog, pool: l.pool, accepted: l.accepted, queue: l.queue[:0], out: out}
}
