package sock

import (
	"net/netip"

	"tcpcheck/fsm"
)

// reusable is what a stack keeps across Reset: the endpoints and listeners
// of its earlier runs, with their buffers, so that a runner executing one
// script after another does not allocate and clear them afresh. Nothing is
// reused within a run: an endpoint or listener a socket made stays its own
// until the next Reset.
type reusable struct {
	eps     []*fsm.Endpoint // free: reset before use
	lis     []pooled
	usedEPs []*fsm.Endpoint // handed out since the last Reset
	usedLis []pooled
}

// pooled is a listener and the configuration it was last made with.
type pooled struct {
	l   *fsm.Listener
	cfg fsm.Config
}

// sameBuffers reports whether endpoints made with a and b have buffers of
// the same sizes (fsm.Endpoint.Reset keeps them then); both have their
// defaults filled in.
func sameBuffers(a, b *fsm.Config) bool {
	return a.SendBuffer == b.SendBuffer && a.RecvBuffer == b.RecvBuffer && a.MaxBurst == b.MaxBurst
}

// Reset returns the stack to what New(local, cfg) makes: no sockets, the
// clock at 0, the first ephemeral port next, no observer. The queues, the
// endpoints and the listeners of the run before are kept for the sockets
// of the next one; everything the stack returned before (endpoints,
// Outgoing's segments) is invalid afterwards.
func (s *Stack) Reset(local netip.Addr, cfg fsm.Config) {
	free := s.free
	free.eps = append(free.eps, free.usedEPs...)
	free.lis = append(free.lis, free.usedLis...)
	clear(free.usedEPs)
	clear(free.usedLis)
	free.usedEPs, free.usedLis = free.usedEPs[:0], free.usedLis[:0]
	clear(s.files)
	clear(s.live)
	spare := s.spare
	spare.Reset(spareConfig)
	*s = Stack{
		local: local, cfg: cfg, port: firstPort, spare: spare,
		files: s.files[:0], live: s.live[:0], out: s.out[:0], buf: s.buf[:0], free: free,
	}
}

// newEndpoint is fsm.New(cfg), from a free endpoint when there is one
// (fsm.Endpoint.Reset makes it the same as a new one), preferably one with
// buffers of the right sizes.
func (s *Stack) newEndpoint(cfg fsm.Config) *fsm.Endpoint {
	free := s.free.eps
	if len(free) == 0 {
		ep := fsm.New(cfg)
		s.free.usedEPs = append(s.free.usedEPs, ep)
		return ep
	}
	want, k := cfg.WithDefaults(), len(free)-1
	for i, ep := range free {
		if c := ep.Config(); sameBuffers(&c, &want) {
			k = i
		}
	}
	ep := free[k]
	free[k] = free[len(free)-1]
	free[len(free)-1] = nil
	s.free.eps = free[:len(free)-1]
	ep.Reset(cfg)
	s.free.usedEPs = append(s.free.usedEPs, ep)
	return ep
}

// newListener is fsm.NewListener(cfg, local, backlog, conns), from a free
// listener when there is one (fsm.Listener.Reset).
func (s *Stack) newListener(cfg fsm.Config, local fsm.Tuple, backlog, conns int) *fsm.Listener {
	p := pooled{cfg: cfg.WithDefaults()}
	free := s.free.lis
	if len(free) == 0 {
		p.l = fsm.NewListener(cfg, local, backlog, conns)
	} else {
		k := len(free) - 1
		for i := range free {
			if sameBuffers(&free[i].cfg, &p.cfg) {
				k = i
			}
		}
		p.l = free[k].l
		free[k] = free[len(free)-1]
		free[len(free)-1] = pooled{}
		s.free.lis = free[:len(free)-1]
		p.l.Reset(cfg, local, backlog, conns)
	}
	s.free.usedLis = append(s.free.usedLis, p)
	return p.l
}
