package convert

import (
	"tcpcheck/closedworld"
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
)

// closedWorldSeeds turns a script seen from one endpoint into a closed
// world where that endpoint and its peer do what the script shows: the
// scripted endpoint is a when it connects, b when it listens (a
// simultaneous open when a SYN without ACK answers its connect); each
// sends the bytes the script shows it sending (at most
// closedworld.MaxSend); the scripted endpoint closes, shuts down or aborts
// as its calls do, after EOF, after reading everything, or on a timer; the
// peer closes (after EOF when its FIN follows the endpoint's) or aborts as
// its FIN or RST says; the delay is half the handshake's round trip. The
// network has no faults.
func closedWorldSeeds(s *script.Script) ([][]byte, error) {
	c := closedSeed{me: -1}
	c.sc.Heal = 500 * fsm.Millisecond
	c.sc.Sides[0].ISN = uint32(runner.DefaultISN)
	if isn, ok := runner.ScriptISN(s); ok {
		c.sc.Sides[0].ISN = uint32(isn)
	}
	var b builder
	if err := b.header(s); err != nil {
		return nil, err
	}
	c.sc.Sides[0].Legacy, c.sc.Sides[1].Legacy = b.sc.Legacy, b.sc.Legacy
	for i := range s.Lines {
		start, end := b.times(s.Lines[i].Time)
		b.last = max(start, end)
		c.line(&s.Lines[i], b.last)
	}
	if c.me < 0 {
		return nil, lineError(script.Pos{File: fileOf(s)}, "no connect or listen: no endpoint to put in a closed world")
	}
	return [][]byte{closedworld.Append(nil, c.finish())}, nil
}

// closedSeed gathers a closed world from a script. Sides[0] is the
// scripted endpoint until finish puts it where its role says.
type closedSeed struct {
	sc                   closedworld.Scenario
	me                   int // -1 before the open; then 0 (connects) or 1 (listens)
	opened               bool
	sent, got            int   // bytes written by the endpoint, received from the peer
	read                 int   // bytes it read
	eof, finOut, finIn   bool  // it read EOF; its FIN was sent; the peer's arrived
	peerFINAfterOurs     bool  // the peer's FIN came after the endpoint's
	connectedAt, synAt   int64 // microseconds
	rtt                  int64
	closeDone, peerAbort bool
	linger0              bool
}

func (c *closedSeed) line(l *script.Line, t int64) {
	switch ev := l.Event.(type) {
	case *script.Packet:
		c.packet(ev, t)
	case *script.Syscall:
		c.syscall(ev, t)
	}
}

func (c *closedSeed) packet(pk *script.Packet, t int64) {
	if pk.Dir == script.Outbound {
		c.finOut = c.finOut || pk.Flags.Has(segment.FIN)
		if pk.Flags.Has(segment.SYN) && c.synAt == 0 {
			c.synAt = t
		}
		return
	}
	c.got += int(pk.Len)
	switch {
	case pk.Flags.Has(segment.SYN) && !pk.Flags.Has(segment.ACK) && c.me == 0:
		c.sc.Simultaneous = true
		c.sc.Sides[1].ISN = uint32(pk.Seq)
	case pk.Flags.Has(segment.SYN):
		c.sc.Sides[1].ISN = uint32(pk.Seq)
		if c.rtt == 0 && c.synAt > 0 {
			c.rtt = t - c.synAt
		}
	case pk.Flags.Has(segment.RST):
		c.peerAbort = true
	case pk.Flags.Has(segment.FIN) && !c.finIn:
		c.finIn, c.peerFINAfterOurs = true, c.finOut
	}
	if c.connectedAt == 0 && pk.Flags.Has(segment.ACK) {
		c.connectedAt = t
	}
}

func (c *closedSeed) syscall(sc *script.Syscall, t int64) {
	ret, _ := sc.Result.Int()
	switch sc.Name {
	case "connect", "listen":
		if !c.opened {
			c.opened = true
			c.me = 0
			if sc.Name == "listen" {
				c.me = 1
			}
		}
	case "write", "send":
		c.sent += int(max(ret, 0))
	case "read", "recv":
		c.read += int(max(ret, 0))
		c.eof = c.eof || ret == 0 && sc.Result.Errno == ""
	case "setsockopt":
		c.linger0 = c.linger0 || string(arg(sc, 2)) == "SO_LINGER"
	case "shutdown":
		c.close(observe.OpShutdown, t)
	case "close":
		op := observe.OpClose
		if c.linger0 {
			op = observe.OpAbort
		}
		c.close(op, t)
	}
}

// close records the endpoint's first closing call and what it waited for.
func (c *closedSeed) close(op observe.Op, t int64) {
	if c.closeDone || c.connectedAt == 0 {
		return // a listener's close, or a close before the connection
	}
	c.closeDone = true
	e := &c.sc.Sides[0]
	e.Close, e.When = op, closedworld.AfterConnected
	switch {
	case c.eof:
		e.When = closedworld.AfterEOF
	case c.read > 0 && c.read >= c.got:
		e.When = closedworld.AfterReceived
	default:
		e.After = fsm.Time(t-c.connectedAt) * fsm.Microsecond
	}
}

// finish fills in the peer's application and puts the sides in place.
func (c *closedSeed) finish() *closedworld.Scenario {
	sc := &c.sc
	sc.Sides[0].Send = uint16(min(c.sent, closedworld.MaxSend))
	peer := &sc.Sides[1]
	peer.Send = uint16(min(c.got, closedworld.MaxSend))
	switch {
	case c.peerAbort:
		peer.Close, peer.When = observe.OpAbort, closedworld.AfterConnected
	case c.finIn && c.peerFINAfterOurs:
		peer.Close, peer.When = observe.OpClose, closedworld.AfterEOF
	case c.finIn:
		peer.Close, peer.When = observe.OpClose, closedworld.AfterReceived
	}
	sc.Link.Delay = fsm.Time(c.rtt/2) * fsm.Microsecond / fsm.Millisecond * fsm.Millisecond
	if c.me == 1 {
		sc.Sides[0], sc.Sides[1] = sc.Sides[1], sc.Sides[0]
	}
	return sc
}
