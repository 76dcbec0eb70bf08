package segment

// Packet is an IP packet carrying a TCP segment: the IP header, the decoded
// segment and a view of the segment's bytes.
type Packet struct {
	IP  IPHeader
	TCP Segment
	raw []byte // the TCP segment's bytes, aliasing the decoded buffer
	err Error
}

// Decode parses an IPv4 or IPv6 packet whose IP length is exactly len(b)
// and the TCP segment it carries. Error offsets are relative to the start of
// b. The segment's payload aliases b.
func (p *Packet) Decode(b []byte) error { return p.decode(b, false) }

// DecodePadded is Decode for a buffer that may carry link-layer padding after
// the IP packet (see IPHeader.DecodePadded).
func (p *Packet) DecodePadded(b []byte) error { return p.decode(b, true) }

func (p *Packet) decode(b []byte, padded bool) error {
	p.raw = nil
	tcp, err := p.IP.decode(b, padded)
	if err != nil {
		p.err = p.IP.err
		return &p.err
	}
	if p.IP.Protocol != ProtocolTCP {
		return p.err.set(ErrNotTCP, p.IP.protoAt, int(p.IP.Protocol))
	}
	if err := p.TCP.Decode(tcp); err != nil {
		p.err = p.TCP.err
		p.err.Offset += p.IP.HeaderLen
		return &p.err
	}
	p.raw = tcp
	return nil
}

// Segment returns the bytes of the TCP segment, aliasing the decoded buffer.
func (p *Packet) Segment() []byte { return p.raw }

// ChecksumOK reports whether the segment's checksum is correct for the
// packet's addresses. Captures taken on a host that offloads checksums show
// wrong checksums on the segments it sent.
func (p *Packet) ChecksumOK() bool { return VerifyChecksum(p.raw, p.IP.Src, p.IP.Dst) }
