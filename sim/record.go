package sim

import (
	"net/netip"
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/record"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/sock"
)

// Recording: each endpoint's own view of a run as a packetdrill script, in
// the conventions of package record (those runner replays): '<' lines are
// the segments delivered to the endpoint, '>' lines the segments it sent
// (lost ones included), syscall lines its application's calls with the
// results sock gives, times in microseconds since the start of the run; a
// "tcpcheck: isn" directive gives the ISN and a "tcpcheck: config"
// directive the fields of its fsm.Config that differ from the defaults.
// Nothing is recorded, and nothing allocated, unless Config.Record is set.

// recorder collects one endpoint's script lines when on.
type recorder struct {
	on bool
	record.Lines
}

func (r *recorder) reset(on bool) {
	r.on = on
	r.Lines.Reset()
}

// outbound records a segment the endpoint sent.
func (r *recorder) outbound(t Time, g *segment.Segment) {
	if r.on {
		r.Outbound(t, g)
	}
}

// inbound records a segment delivered to the endpoint.
func (r *recorder) inbound(t Time, g *segment.Segment) {
	if r.on {
		r.Inbound(t, g)
	}
}

// syscall records one system call (see record.Args for size).
func (r *recorder) syscall(t Time, name string, fd, size, ret int, e sock.Errno) {
	if r.on {
		r.Syscall(t, name, fd, size, ret, e)
	}
}

// Script returns endpoint i's view of the run as a packetdrill script
// (nil unless Config.Record is set): header comments, the isn, config and
// seed directives, then the lines. runner.Run replays it against a fresh
// endpoint (Options.Config may still give the endpoint's fsm.Config, for
// the fields no directive carries).
func (s *Sim) Script(i int) *script.Script {
	n := &s.nodes[i]
	if !n.rec.on {
		return nil
	}
	sc := &script.Script{Options: script.Options{IPVersion: record.IPVersion(n.spec.Addr)}}
	peer := "none"
	if n.hasPeer() {
		p := &s.nodes[n.spec.Peer].spec
		peer = p.Name + " " + netip.AddrPortFrom(p.Addr, p.Port).String()
	}
	sc.Lines = record.Header(n.isn, n.spec.Config,
		"tcpcheck sim: endpoint "+n.spec.Name+" "+netip.AddrPortFrom(n.spec.Addr, n.spec.Port).String()+", peer "+peer,
		"config:"+configNote(n.spec.Config))
	sc.Lines = append(sc.Lines, script.Line{Event: &script.Directive{Key: "seed", Value: strconv.FormatUint(s.seed, 10)}})
	sc.Lines = append(sc.Lines, n.rec.Lines.Lines()...)
	return sc
}

// configNote lists the fields of cfg that differ from fsm's defaults.
func configNote(cfg fsm.Config) string {
	if c := runner.FormatConfig(cfg); c != "" {
		return " " + c
	}
	return " defaults"
}
