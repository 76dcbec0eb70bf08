package convert

import (
	"net/netip"
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/record"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
)

// Addresses of runner's convention, which packet conversions use.
var (
	localV4  = netip.MustParseAddr("192.168.0.1")
	remoteV4 = netip.MustParseAddr("192.0.2.1")
	localV6  = netip.MustParseAddr("fd3d:fa7b:d17d::1")
	remoteV6 = netip.MustParseAddr("2001:db8::1")
)

// maxPayload bounds the payload of a packet line turned into bytes.
const maxPayload = 1 << 15

// encoded is a packet line as TCP segment bytes.
type encoded struct {
	dir script.Direction
	tcp []byte
}

// scriptSegments encodes every packet line of s as TCP segment bytes:
// ports as runner implies them (the peer's RemotePort to BindPort for '<',
// the reverse for '>'), numbers as written, options typed where the line
// types them (opaque ones empty), a zero payload of the line's length.
func scriptSegments(s *script.Script) ([][]byte, error) {
	enc, err := encodeLines(s)
	out := make([][]byte, len(enc))
	for i := range enc {
		out[i] = enc[i].tcp
	}
	return out, err
}

func encodeLines(s *script.Script) ([]encoded, error) {
	var out []encoded
	for i := range s.Lines {
		pk, ok := s.Lines[i].Event.(*script.Packet)
		if !ok {
			continue
		}
		g, err := segmentOf(&s.Lines[i], pk)
		if err != nil {
			return nil, err
		}
		out = append(out, encoded{pk.Dir, g.AppendTo(nil)})
	}
	if len(out) == 0 {
		return nil, lineError(script.Pos{File: fileOf(s)}, "no packet lines")
	}
	return out, nil
}

// segmentOf builds the segment a packet line describes.
func segmentOf(l *script.Line, pk *script.Packet) (segment.Segment, error) {
	g := segment.Segment{SrcPort: runner.RemotePort, DstPort: runner.BindPort, Seq: pk.Seq,
		Flags: pk.Flags, Window: pk.Win, Urgent: pk.Urg}
	if pk.Dir == script.Outbound {
		g.SrcPort, g.DstPort = g.DstPort, g.SrcPort
	}
	if pk.HasAck {
		g.Ack = pk.Ack
	}
	if pk.Len > maxPayload {
		return g, lineError(l.Pos, "a payload over "+strconv.Itoa(maxPayload)+" bytes")
	}
	g.Payload = make([]byte, pk.Len)
	for _, o := range pk.Options {
		if err := addOption(&g.Options, o); err != nil {
			return g, lineError(l.Pos, "option "+optionName(o)+": "+err.Error())
		}
	}
	return g, nil
}

// addOption appends one option of a packet line.
func addOption(o *segment.Options, t script.TCPOption) error {
	switch t.Kind {
	case segment.KindNOP:
		return o.AddNOP()
	case segment.KindEOL:
		return o.AddEOL()
	case segment.KindMSS:
		return o.AddMSS(uint16(t.Value))
	case segment.KindWScale:
		return o.AddWScale(uint8(t.Value))
	case segment.KindSACKPermitted:
		return o.AddSACKPermitted()
	case segment.KindTimestamps:
		return o.AddTimestamps(t.TSVal, t.TSEcr)
	case segment.KindSACK:
		return o.AddSACK(t.SACK)
	}
	return o.AddOpaque(t.Kind, nil)
}

// scriptIPPackets is scriptSegments inside IPv4 or IPv6 headers (after the
// script's ip_version) between runner's addresses, checksums filled.
func scriptIPPackets(s *script.Script) ([][]byte, error) {
	enc, err := encodeLines(s)
	if err != nil {
		return nil, err
	}
	local, remote := localV4, remoteV4
	if s.Options.IPVersion == "ipv6" {
		local, remote = localV6, remoteV6
	}
	out := make([][]byte, len(enc))
	for i, e := range enc {
		src, dst := remote, local
		if e.dir == script.Outbound {
			src, dst = local, remote
		}
		_ = segment.FillChecksum(e.tcp, src, dst)
		h := segment.IPHeader{Version: 4, HopLimit: 64, Protocol: segment.ProtocolTCP, PayloadLen: len(e.tcp), Src: src, Dst: dst}
		if src.Is6() {
			h.Version = 6
		}
		out[i] = append(h.AppendTo(nil), e.tcp...)
	}
	return out, nil
}

// segmentScript shows a decoded segment as a one-line script: a '<' line at
// time 0 with every number as it is on the wire, after a comment with the
// ports and what else the line cannot show.
func segmentScript(target string, g *segment.Segment, ipVersion string) *script.Script {
	var lines record.Lines
	lines.Comment(target + " input: " + g.String())
	lines.Inbound(0*fsm.Second, g)
	return &script.Script{Options: script.Options{IPVersion: ipVersion}, Lines: lines.Lines()}
}
