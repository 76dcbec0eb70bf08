package sim

import (
	"net/netip"
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/seq"
	"tcpcheck/sock"
)

// Recording: each endpoint's own view of a run as a packetdrill script, in
// the conventions package runner replays (see runner's package doc):
//   - '<' lines are the segments delivered to the endpoint, '>' lines the
//     segments it sent (lost ones included), syscall lines its
//     application's calls with the results sock gives; times are absolute,
//     in microseconds since the start of the run;
//   - the endpoint's own sequence numbers are relative to its ISN, learned
//     from its latest SYN as the runner learns it (absolute before the
//     first), the peer's are as sent; ACK fields and SACK blocks of '<'
//     lines are relative, those of '>' lines as sent;
//   - TS val of '>' lines is the endpoint's own, so the runner's TS offset
//     is 0 and TS ecr of '<' lines is as sent;
//   - a "tcpcheck: isn" directive gives the ISN; replay with runner.Run and
//     Options.Config set to the endpoint's fsm.Config.
// Nothing is recorded, and nothing allocated, unless Config.Record is set.

// recorder collects one endpoint's script lines.
type recorder struct {
	on    bool
	lines []script.Line
	iss   seq.Num // base of the endpoint's own numbers
}

func (r *recorder) reset(on bool) { r.on, r.lines, r.iss = on, nil, 0 }

// add appends a line at virtual time t.
func (r *recorder) add(t Time, ev script.Event) {
	tm := script.Time{Kind: script.Absolute, Usecs: int64(t / Microsecond)}
	r.lines = append(r.lines, script.Line{Time: tm, Event: ev})
}

// flagMask is what packetdrill's flag letters can write.
const flagMask = segment.SYN | segment.FIN | segment.RST | segment.PSH | segment.ACK | segment.URG | segment.ECE | segment.CWR

// outbound records a segment the endpoint sent, as runner compares it.
func (r *recorder) outbound(t Time, g *segment.Segment) {
	if !r.on {
		return
	}
	if g.Flags&segment.SYN != 0 {
		r.iss = g.Seq
	}
	pk := &script.Packet{
		Dir: script.Outbound, Flags: g.Flags & flagMask, Seq: g.Seq - r.iss, Len: seq.Size(len(g.Payload)),
		HasAck: g.Flags&segment.ACK != 0, Ack: g.Ack, HasWin: true, Win: g.Window,
		HasUrg: g.Flags&segment.URG != 0, Urg: g.Urgent,
	}
	pk.OptForm, pk.Options = scriptOptions(&g.Options, r.iss, false)
	r.add(t, pk)
}

// inbound records a segment delivered to the endpoint, as runner injects it.
func (r *recorder) inbound(t Time, g *segment.Segment) {
	if !r.on {
		return
	}
	if g.Flags&flagMask == 0 {
		r.add(t, &script.Comment{Text: " a segment without flags arrived: " + g.String()})
		return
	}
	pk := &script.Packet{
		Dir: script.Inbound, Flags: g.Flags & flagMask, Seq: g.Seq, Len: seq.Size(len(g.Payload)),
		HasAck: g.Flags&segment.ACK != 0 || g.Ack != 0, Ack: g.Ack - r.iss, HasWin: true, Win: g.Window,
		HasUrg: g.Flags&segment.URG != 0 || g.Urgent != 0, Urg: g.Urgent,
	}
	pk.OptForm, pk.Options = scriptOptions(&g.Options, r.iss, true)
	r.add(t, pk)
}

// scriptOptions converts options to script form, SACK blocks relative to
// iss; padding after End of Option List is dropped from '<' lines (the
// runner pads again) and kept in '>' lines, as the runner prints them.
func scriptOptions(o *segment.Options, iss seq.Num, inbound bool) (script.OptForm, []script.TCPOption) {
	var out []script.TCPOption
	for opt, next := o.Next(0); next >= 0; opt, next = o.Next(next) {
		t := script.TCPOption{Kind: opt.Kind}
		switch opt.Kind {
		case segment.KindEOL:
			if inbound && allZero(opt.Data) {
				continue
			}
			out = append(out, t)
			for _, b := range opt.Data {
				if b != 0 {
					break
				}
				out = append(out, t)
			}
			continue
		case segment.KindMSS:
			v, _ := o.MSS()
			t.Value = uint32(v)
		case segment.KindWScale:
			v, _ := o.WScaleRaw()
			t.Value = uint32(v)
		case segment.KindTimestamps:
			t.TSVal, t.TSEcr, _ = o.Timestamps()
		case segment.KindSACK:
			for _, b := range o.SACK() {
				t.SACK = append(t.SACK, segment.SACKBlock{Left: b.Left - iss, Right: b.Right - iss})
			}
		case segment.KindNOP, segment.KindSACKPermitted:
		default:
			t.Name = opt.Kind.String()
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return script.OptNone, nil
	}
	return script.OptList, out
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// syscall records one system call: fd, a size (write and read counts; the
// errno reported by getsockopt) and what it returned.
func (r *recorder) syscall(t Time, name string, fd, size, ret int, e sock.Errno) {
	if !r.on {
		return
	}
	sc := &script.Syscall{Name: name, Args: syscallArgs(name, fd, size), Result: result(ret, e)}
	r.add(t, sc)
}

// syscallArgs writes the arguments of the calls the application makes.
func syscallArgs(name string, fd, size int) []script.Arg {
	f := script.Arg(strconv.Itoa(fd))
	switch name {
	case "socket":
		return []script.Arg{"...", "SOCK_STREAM", "IPPROTO_TCP"}
	case "fcntl":
		return []script.Arg{f, "F_SETFL", "O_RDWR | O_NONBLOCK"}
	case "connect", "bind", "accept":
		return []script.Arg{f, "...", "..."}
	case "listen":
		return []script.Arg{f, "1"}
	case "write", "read":
		return []script.Arg{f, "...", script.Arg(strconv.Itoa(size))}
	case "shutdown":
		return []script.Arg{f, "SHUT_WR"}
	case "setsockopt":
		return []script.Arg{f, "SOL_SOCKET", "SO_LINGER", "{l_onoff=1, l_linger=0}", "8"}
	case "getsockopt":
		return []script.Arg{f, "SOL_SOCKET", "SO_ERROR", script.Arg("[" + errnoName(sock.Errno(size)) + "]"), "[4]"}
	}
	return []script.Arg{f}
}

// errnoName is an errno's name, "0" for none.
func errnoName(e sock.Errno) string {
	if e == sock.OK {
		return "0"
	}
	return e.Name()
}

// result is "= ret" or "= -1 ENAME (text)".
func result(ret int, e sock.Errno) script.Result {
	if e == sock.OK {
		return script.Result{Value: strconv.Itoa(ret)}
	}
	return script.Result{Value: "-1", Errno: e.Name(), Note: e.Error()}
}

// Script returns endpoint i's view of the run as a packetdrill script
// (nil unless Config.Record is set): header comments, the isn directive,
// then the lines. Replay it with runner.Run and Options.Config set to the
// endpoint's fsm.Config.
func (s *Sim) Script(i int) *script.Script {
	n := &s.nodes[i]
	if !n.rec.on {
		return nil
	}
	sc := &script.Script{Options: script.Options{IPVersion: ipVersion(n.spec.Addr)}}
	peer := "none"
	if n.hasPeer() {
		p := &s.nodes[n.spec.Peer].spec
		peer = p.Name + " " + netip.AddrPortFrom(p.Addr, p.Port).String()
	}
	sc.Lines = append(sc.Lines,
		script.Line{Event: &script.Comment{Text: " tcpcheck sim: endpoint " + n.spec.Name + " " +
			netip.AddrPortFrom(n.spec.Addr, n.spec.Port).String() + ", peer " + peer}},
		script.Line{Event: &script.Comment{Text: " config:" + configNote(n.spec.Config)}},
		script.Line{Event: &script.Directive{Key: "isn", Value: "0x" + strconv.FormatUint(uint64(n.isn), 16)}},
		script.Line{Event: &script.Directive{Key: "seed", Value: strconv.FormatUint(s.seed, 10)}},
	)
	sc.Lines = append(sc.Lines, n.rec.lines...)
	return sc
}

// ipVersion is the script's --ip_version for an address.
func ipVersion(a netip.Addr) string {
	if a.Is4() {
		return "ipv4"
	}
	return "ipv6"
}

// configNote lists the fields of cfg that differ from fsm's defaults.
func configNote(cfg fsm.Config) string {
	var b []byte
	num := func(name string, v, def int64) {
		if v != 0 && v != def {
			b = strconv.AppendInt(append(append(b, ' '), name+"="...), v, 10)
		}
	}
	flag := func(name string, v bool) {
		if v {
			b = append(append(b, ' '), name...)
		}
	}
	d := fsm.DefaultConfig()
	num("MSS", int64(cfg.MSS), int64(d.MSS))
	num("SendBuffer", int64(cfg.SendBuffer), int64(d.SendBuffer))
	num("RecvBuffer", int64(cfg.RecvBuffer), int64(d.RecvBuffer))
	num("WScale", int64(cfg.WScale), int64(d.WScale))
	num("MSL_us", int64(cfg.MSL/Microsecond), int64(d.MSL/Microsecond))
	num("RTOInitial_us", int64(cfg.RTOInitial/Microsecond), int64(d.RTOInitial/Microsecond))
	num("RTOMin_us", int64(cfg.RTOMin/Microsecond), int64(d.RTOMin/Microsecond))
	num("RTOMax_us", int64(cfg.RTOMax/Microsecond), int64(d.RTOMax/Microsecond))
	num("SynRetries", int64(cfg.SynRetries), int64(d.SynRetries))
	num("Retries", int64(cfg.Retries), int64(d.Retries))
	flag("NoSACK", cfg.NoSACK)
	flag("NoTimestamp", cfg.NoTimestamp)
	flag("NoOptions", cfg.NoOptions)
	flag("Legacy", cfg.Legacy)
	flag("TimeWaitRST", cfg.TimeWaitRST)
	if len(b) == 0 {
		return " defaults"
	}
	return string(b)
}
