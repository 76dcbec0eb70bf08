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
	lis     []*fsm.Listener
	usedEPs []*fsm.Endpoint // handed out since the last Reset
	usedLis []*fsm.Listener
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
// (fsm.Endpoint.Reset makes it the same as a new one).
func (s *Stack) newEndpoint(cfg fsm.Config) *fsm.Endpoint {
	var ep *fsm.Endpoint
	if n := len(s.free.eps); n > 0 {
		ep = s.free.eps[n-1]
		s.free.eps[n-1] = nil
		s.free.eps = s.free.eps[:n-1]
		ep.Reset(cfg)
	} else {
		ep = fsm.New(cfg)
	}
	s.free.usedEPs = append(s.free.usedEPs, ep)
	return ep
}

// newListener is fsm.NewListener(cfg, local, backlog, conns), from a free
// listener when there is one (fsm.Listener.Reset).
func (s *Stack) newListener(cfg fsm.Config, local fsm.Tuple, backlog, conns int) *fsm.Listener {
	var l *fsm.Listener
	if n := len(s.free.lis); n > 0 {
		l = s.free.lis[n-1]
		s.free.lis[n-1] = nil
		s.free.lis = s.free.lis[:n-1]
		l.Reset(cfg, local, backlog, conns)
	} else {
		l = fsm.NewListener(cfg, local, backlog, conns)
	}
	s.free.usedLis = append(s.free.usedLis, l)
	return l
}
