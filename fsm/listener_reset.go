package fsm

import "tcpcheck/segment"

// Reset makes l what NewListener(cfg, local, backlog, conns) returns,
// reusing its pool and each child's buffers (Endpoint.Reset keeps those
// whose sizes cfg does not change), so that a sockets layer can listen run
// after run without allocating. Endpoints handed out by Accept before the
// Reset are reset too: they must no longer be in use.
func (l *Listener) Reset(cfg Config, local Tuple, backlog, conns int) {
	cfg.fill()
	backlog, conns = max(backlog, 1), max(conns, 1)
	pool, accepted := l.pool[:cap(l.pool)], l.accepted[:cap(l.accepted)]
	if len(pool) < conns || len(accepted) < conns {
		pool, accepted = make([]Endpoint, conns), make([]bool, conns)
	}
	pool, accepted = pool[:conns], accepted[:conns]
	for i := range pool {
		pool[i].Reset(cfg)
		pool[i].Listen(0, local)
	}
	clear(accepted)
	*l = Listener{local: local, backlog: backlog, pool: pool, accepted: accepted,
		queue: l.queue[:0], out: outQueue(l.out, cfg.MaxBurst+conns)}
}

// outQueue returns an empty output queue of capacity exactly n, the bound
// of a burst (collect drops segments past it), reusing q when it is large
// enough.
func outQueue(q []segment.Segment, n int) []segment.Segment {
	if cap(q) >= n {
		return q[:0:n]
	}
	return make([]segment.Segment, 0, n)
}
