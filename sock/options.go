package sock

import "tcpcheck/fsm"

// Socket option levels and names, with Linux's values.
const (
	SOL_SOCKET   = 1
	SO_REUSEADDR = 2
	SO_ERROR     = 4
	SO_SNDBUF    = 7
	SO_RCVBUF    = 8
	SO_KEEPALIVE = 9
	SO_LINGER    = 13
	SO_REUSEPORT = 15

	TCP_NODELAY   = 1
	TCP_MAXSEG    = 2
	TCP_KEEPIDLE  = 4
	TCP_KEEPINTVL = 5
	TCP_KEEPCNT   = 6
	TCP_NOOPT     = 8   // BSD: send SYNs without options (fsm.Config.NoOptions)
	TCP_KEEPINIT  = 128 // BSD: bound connection establishment, seconds (fsm.Config.ConnectTimeout)
)

// Setsockopt is setsockopt(2). The value is given as its int fields: one
// int for every option, two for SO_LINGER (l_onoff, l_linger).
//
// Options that size or shape the connection (SO_RCVBUF, SO_SNDBUF,
// TCP_MAXSEG, TCP_NOOPT, SO_KEEPALIVE and TCP_KEEP*) change the socket's
// copy of the stack's fsm.Config, which is used when the connection is
// created: by connect, or by listen for the listener and every socket it
// accepts. Set afterwards they are stored and reported by getsockopt but
// change nothing. The buffer sizes are taken as given (Linux doubles them).
// TCP_KEEPINIT, in seconds, bounds connection establishment in time instead
// of by a count of SYN retransmissions; 0 restores the count. TCP_NODELAY
// is accepted and has no effect: fsm has no Nagle algorithm. SO_REUSEADDR
// lets bind share a port (see Bind); SO_REUSEPORT is accepted and ignored.
// SO_ERROR is read-only.
func (s *Stack) Setsockopt(fd, level, name int, val ...int) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	if e != OK {
		return -1, e
	}
	if len(val) < optionInts(level, name) {
		return -1, EINVAL
	}
	v := val[0]
	switch {
	case level == SOL_SOCKET:
		switch name {
		case SO_REUSEADDR:
			k.reuseAddr = v != 0
		case SO_REUSEPORT:
		case SO_SNDBUF, SO_RCVBUF:
			if v <= 0 {
				return -1, EINVAL
			}
			if name == SO_SNDBUF {
				k.cfg.SendBuffer = v
			} else {
				k.cfg.RecvBuffer = v
			}
		case SO_KEEPALIVE:
			k.keepAlive = v != 0
		case SO_LINGER:
			k.lingerOn, k.lingerSec = v != 0, val[1]
		default:
			return -1, ENOPROTOOPT
		}
	case level == IPPROTO_TCP:
		switch name {
		case TCP_NODELAY:
			k.noDelay = v != 0
		case TCP_NOOPT:
			k.cfg.NoOptions = v != 0
		case TCP_KEEPINIT:
			if v < 0 {
				return -1, EINVAL
			}
			k.cfg.ConnectTimeout = fsm.Time(v) * fsm.Second
		case TCP_MAXSEG:
			if v < 88 || v > 32767 { // Linux's TCP_MIN_MSS and MAX_TCP_WINDOW
				return -1, EINVAL
			}
			k.cfg.MSS = uint16(v)
		case TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT:
			if v < 1 {
				return -1, EINVAL
			}
			switch name {
			case TCP_KEEPIDLE:
				k.keepIdle = fsm.Time(v) * fsm.Second
			case TCP_KEEPINTVL:
				k.cfg.KeepAliveInterval = fsm.Time(v) * fsm.Second
			default:
				k.cfg.KeepAliveProbes = v
			}
		default:
			return -1, ENOPROTOOPT
		}
	default:
		return -1, ENOPROTOOPT
	}
	return 0, OK
}

// Getsockopt is getsockopt(2): it writes the option's int fields into val
// (one, or two for SO_LINGER) and returns how many it wrote, or EINVAL if
// val is too short. SO_ERROR returns the pending error (ECONNREFUSED,
// ECONNRESET, ETIMEDOUT...) and clears it. Unset sizes report fsm's
// defaults; an unset TCP_KEEPINIT reports 0 (no time bound).
func (s *Stack) Getsockopt(fd, level, name int, val []int) (int, Errno) {
	s.begin()
	k, e := s.get(fd)
	if e != OK {
		return -1, e
	}
	if len(val) < optionInts(level, name) {
		return -1, EINVAL
	}
	def := fsm.DefaultConfig()
	orDef := func(v, d int) int {
		if v == 0 {
			return d
		}
		return v
	}
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	switch {
	case level == SOL_SOCKET:
		switch name {
		case SO_ERROR:
			val[0], k.soErr = int(k.soErr), OK
		case SO_REUSEADDR:
			val[0] = b2i(k.reuseAddr)
		case SO_SNDBUF:
			val[0] = orDef(k.cfg.SendBuffer, def.SendBuffer)
		case SO_RCVBUF:
			val[0] = orDef(k.cfg.RecvBuffer, def.RecvBuffer)
		case SO_KEEPALIVE:
			val[0] = b2i(k.keepAlive)
		case SO_LINGER:
			val[0], val[1] = b2i(k.lingerOn), k.lingerSec
		default:
			return -1, ENOPROTOOPT
		}
	case level == IPPROTO_TCP:
		switch name {
		case TCP_NODELAY:
			val[0] = b2i(k.noDelay)
		case TCP_NOOPT:
			val[0] = b2i(k.cfg.NoOptions)
		case TCP_KEEPINIT:
			val[0] = int(k.cfg.ConnectTimeout / fsm.Second)
		case TCP_MAXSEG:
			val[0] = orDef(int(k.cfg.MSS), int(def.MSS))
			if k.ep != nil && k.ep.State().Synchronized() {
				val[0] = min(val[0], int(k.ep.PeerMSS()))
			}
		case TCP_KEEPIDLE:
			val[0] = int(k.keepIdle / fsm.Second)
		case TCP_KEEPINTVL:
			val[0] = int(orDef(int(k.cfg.KeepAliveInterval), int(def.KeepAliveInterval)) / int(fsm.Second))
		case TCP_KEEPCNT:
			val[0] = orDef(k.cfg.KeepAliveProbes, def.KeepAliveProbes)
		default:
			return -1, ENOPROTOOPT
		}
	default:
		return -1, ENOPROTOOPT
	}
	return optionInts(level, name), OK
}

// optionInts is how many int fields an option's value has: two for
// SO_LINGER (l_onoff, l_linger), one for every other option.
func optionInts(level, name int) int {
	if level == SOL_SOCKET && name == SO_LINGER {
		return 2
	}
	return 1
}
