package wirecheck

import (
	"net/netip"

	"tcpcheck/segment"
)

// Conn is one connection: one incarnation of a 4-tuple.
type Conn struct {
	ID int // from 1, in the order of the connections' first frames
	// Ends are the endpoints: Ends[0] the client (the active opener),
	// Ends[1] the server. When the capture holds neither the SYN nor the
	// SYN-ACK, Opened is false and Ends[0] is the first sender.
	Ends   [2]netip.AddrPort
	Opened bool
	// Handshake reports that the SYN and the SYN-ACK were both captured.
	Handshake bool
	Frames    []int // frame numbers, in capture order
	// Views are the endpoints' views (capture order, made causal), Views[i]
	// of Ends[i].
	Views [2]*View
	// Findings are RFC violations and capture problems, in frame order.
	Findings []Finding
	// Monitors says, for every registered monitor and this connection,
	// whether it ran on the endpoints' views and why not.
	Monitors []Ran
	// Errors are monitors that panicked on this connection's views.
	Errors []string

	pkts     []*packet
	pos      map[int]int // frame number to position in pkts
	problems []problem
	reply    [2]int64 // quickest reply of each endpoint to a segment it acknowledged; -1 unknown
	rst      bool
	fins     []netip.AddrPort
}

// Verdict summarizes the connection's findings.
func (c *Conn) Verdict() Verdict { return verdictOf(c.Findings) }

// Name returns "client" or "server" for side 0 or 1 of an opened
// connection, "A" or "B" otherwise.
func (c *Conn) Name(side int) string {
	switch {
	case side < 0 || side > 1:
		return "both"
	case c.Opened:
		return [2]string{"client", "server"}[side]
	}
	return [2]string{"A", "B"}[side]
}

// ended reports whether the connection is over, so that a new SYN on its
// 4-tuple starts a new incarnation.
func (c *Conn) ended() bool { return c.rst || len(c.fins) >= 2 }

func (c *Conn) add(p *packet) {
	c.pkts = append(c.pkts, p)
	c.Frames = append(c.Frames, p.frame)
	if p.seg.Flags.Has(segment.RST) {
		c.rst = true
	}
	if p.seg.Flags.Has(segment.FIN) && (len(c.fins) == 0 || c.fins[0] != p.src) && len(c.fins) < 2 {
		c.fins = append(c.fins, p.src)
	}
}

// isSYN reports a SYN without ACK: an attempt to open.
func isSYN(p *packet) bool { return p.seg.Flags&(segment.SYN|segment.ACK|segment.RST) == segment.SYN }

type tupleKey struct{ a, b netip.AddrPort }

func keyOf(p *packet) tupleKey {
	if p.src.Compare(p.dst) < 0 {
		return tupleKey{p.src, p.dst}
	}
	return tupleKey{p.dst, p.src}
}

// split groups packets into connections.
func split(pkts []packet) []*Conn {
	var conns []*Conn
	current := map[tupleKey]*Conn{}
	for i := range pkts {
		p := &pkts[i]
		k := keyOf(p)
		c := current[k]
		if c == nil || isSYN(p) && c.ended() {
			c = &Conn{ID: len(conns) + 1}
			conns = append(conns, c)
			current[k] = c
		}
		c.add(p)
	}
	for _, c := range conns {
		c.roles()
	}
	return conns
}

// roles picks the client and the server.
func (c *Conn) roles() {
	first := c.pkts[0]
	c.Ends = [2]netip.AddrPort{first.src, first.dst}
	for _, p := range c.pkts {
		f := p.seg.Flags
		if f.Has(segment.SYN) && !f.Has(segment.RST) {
			c.Opened = true
			if f.Has(segment.ACK) {
				c.Ends = [2]netip.AddrPort{p.dst, p.src}
			} else {
				c.Ends = [2]netip.AddrPort{p.src, p.dst}
			}
			break
		}
	}
	c.pos = make(map[int]int, len(c.pkts))
	for i, p := range c.pkts {
		c.pos[p.frame] = i
	}
}

// side returns the index in Ends of the sender of p.
func (c *Conn) side(p *packet) int {
	if p.src == c.Ends[0] {
		return 0
	}
	return 1
}
