package convert

import (
	"strconv"
	"strings"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
)

// ScenarioFromScript turns the stimuli of a script seen from one endpoint
// ('<' lines, system calls, time) into an open-world properties.Scenario
// that injects the same segments at the same times, as far as a Scenario
// can say it:
//   - connect opens actively, listen passively, at scenario time 0; the
//     ISN is the isn directive's (runner.DefaultISN without one), Legacy
//     comes from the insecure_rst/insecure_syn sysctl or a config
//     directive, the peer's ISN from its first SYN;
//   - a '<' segment keeps its flags, window and length, its sequence
//     number absolute (AtZero) and its ACK relative to the endpoint's ISN
//     (AtLocalISN), as runner reads them; its options become the Scenario's
//     option bits (MSS, window scale, SACK-permitted on a SYN, timestamps on
//     any segment), whose values the Scenario chooses: TS val is the time in
//     milliseconds and TS ecr 0, the MSS 536 + 64 * the window scale (kept
//     exact for such an MSS without a window scale);
//   - write and read become send and receive calls of the same size;
//     shutdown(SHUT_WR or SHUT_RDWR) a shutdown; close of the connection a
//     close, or an abort after SO_LINGER {1, 0}; close of the listener
//     before accept an abort (sock aborts the half-open connection);
//   - each stimulus comes at its script time, or 1 ms after the previous
//     one when that is later (a Scenario's steps are 1 ms apart, and waits
//     are whole milliseconds); a final wait reaches the time of the last
//     line, so that the endpoint's timers run as far as the script goes.
//
// '>' lines, state assertions, comments and calls without effect on the
// endpoint (socket, bind, accept, fcntl, getsockopt, SO_REUSEADDR...) are
// dropped. What a Scenario cannot say is an error naming the line
// (file:line:col): a second socket, an urgent pointer, a payload over 1500
// bytes, SACK blocks or opaque options, SYN options on a segment without
// SYN, a socket option or sysctl that changes the endpoint's
// configuration, a segment before the socket is open.
func ScenarioFromScript(s *script.Script) (properties.Scenario, error) {
	b := &builder{fds: map[int]fdKind{}}
	if err := b.header(s); err != nil {
		return properties.Scenario{}, err
	}
	for i := range s.Lines {
		if err := b.line(&s.Lines[i]); err != nil {
			return properties.Scenario{}, err
		}
	}
	if !b.opened {
		return properties.Scenario{}, lineError(script.Pos{File: fileOf(s)}, "no connect or listen: the endpoint is never opened")
	}
	b.waitUntil(b.last)
	return b.sc, nil
}

// fdKind is what a file descriptor of the script is.
type fdKind uint8

const (
	fdSocket   fdKind = iota + 1 // created, not opened
	fdListener                   // listen was called on it
	fdConn                       // the connection: connected, or accepted
)

// builder accumulates the scenario.
type builder struct {
	sc       properties.Scenario
	fds      map[int]fdKind
	linger0  map[int]bool
	opened   bool
	accepted bool
	peerISN  bool
	openAt   int64 // script time of the open, microseconds
	last     int64 // script time of the previous line, microseconds
	now      int64 // scenario time of the last step, microseconds since the open
}

// lineError is an error at a script position.
func lineError(p script.Pos, msg string) error {
	if p.Line == 0 {
		return &Error{Pos: p.File, Msg: msg}
	}
	return &Error{Pos: p.String(), Msg: msg}
}

// Error is a line of a script, or a fuzz input, that a converter cannot
// use: Pos is "file:line:col" or "name: byte N".
type Error struct {
	Pos string
	Msg string
}

func (e *Error) Error() string {
	if e.Pos == "" {
		return e.Msg
	}
	return e.Pos + ": " + e.Msg
}

func fileOf(s *script.Script) string {
	for _, l := range s.Lines {
		if l.Pos.File != "" {
			return l.Pos.File
		}
	}
	return "script"
}

// header takes the directives and sysctls that apply to the whole script.
func (b *builder) header(s *script.Script) error {
	b.sc.ISN = uint32(runner.DefaultISN)
	if isn, ok := runner.ScriptISN(s); ok {
		b.sc.ISN = uint32(isn)
	}
	for i := range s.Lines {
		l := &s.Lines[i]
		switch ev := l.Event.(type) {
		case *script.Directive:
			if ev.Key != runner.ConfigKey {
				continue
			}
			var cfg fsm.Config
			if err := runner.ParseConfig(ev.Value, &cfg); err != nil {
				return lineError(l.Pos, err.Error())
			}
			b.sc.Legacy = b.sc.Legacy || cfg.Legacy
		case *script.Shell:
			if err := b.shell(l, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// shell takes the sysctls: legacy mode, or an error for ECN, which a
// Scenario does not configure.
func (b *builder) shell(l *script.Line, sh *script.Shell) error {
	w := strings.Fields(sh.Text)
	if sh.Kind != script.Backtick || len(w) != 3 || w[0] != "sysctl" || w[1] != "-w" {
		return nil
	}
	name, v, _ := strings.Cut(w[2], "=")
	switch {
	case (name == "net.inet.tcp.insecure_rst" || name == "net.inet.tcp.insecure_syn") && v == "1":
		b.sc.Legacy = true
	case strings.HasPrefix(name, "net.inet.tcp.ecn."):
		return lineError(l.Pos, "a scenario has no ECN setting ("+name+")")
	}
	return nil
}

// line takes one line of the script.
func (b *builder) line(l *script.Line) error {
	start, end := b.times(l.Time)
	switch ev := l.Event.(type) {
	case *script.Packet:
		b.last = start
		if ev.Dir == script.Outbound {
			return nil
		}
		return b.segment(l, ev, start)
	case *script.Syscall:
		b.last = end
		return b.syscall(l, ev, end)
	case *script.Shell:
		b.last = start
	}
	return nil
}

// times returns when a line starts and ends in script time (microseconds),
// reading relative times from the previous line's.
func (b *builder) times(t script.Time) (start, end int64) {
	switch t.Kind {
	case script.NoTime, script.AnyTime:
		return b.last, b.last
	case script.Absolute:
		start = t.Usecs
	default:
		start = b.last + t.Usecs
	}
	end = start
	if t.Blocking {
		end = t.EndUsecs
		if t.EndRel {
			end += b.last
		}
	}
	return start, max(end, start)
}

// waitUntil adds the wait that brings the scenario's clock to script time
// t, if t is later; waits are whole milliseconds of at most 600 s each.
func (b *builder) waitUntil(t int64) {
	const ms = int64(fsm.Millisecond / fsm.Microsecond)
	gap := (t - b.openAt - b.now) / ms * ms
	for gap > 0 {
		w := min(gap, 600_000*ms)
		b.sc.Steps = append(b.sc.Steps, properties.Step{Kind: properties.StepWait, Wait: fsm.Time(w) * fsm.Microsecond})
		b.now += w
		gap -= w
	}
}

// step adds a segment or call step at script time t.
func (b *builder) step(st properties.Step, t int64) {
	const ms = int64(fsm.Millisecond / fsm.Microsecond)
	b.waitUntil(t - ms) // the step itself takes 1 ms
	b.now += ms
	b.sc.Steps = append(b.sc.Steps, st)
}

// segment adds a '<' line.
func (b *builder) segment(l *script.Line, pk *script.Packet, t int64) error {
	if !b.opened {
		return lineError(l.Pos, "a segment before the socket is opened (connect or listen)")
	}
	st := properties.Step{Kind: properties.StepSegment, Flags: pk.Flags, Window: pk.Win,
		Seq: properties.Anchored{Anchor: properties.AtZero, Delta: int32(pk.Seq)}}
	if pk.HasAck {
		st.Ack = properties.Anchored{Anchor: properties.AtLocalISN, Delta: int32(pk.Ack)}
	} else {
		st.Ack = properties.Anchored{Anchor: properties.AtZero}
	}
	switch {
	case pk.HasUrg && pk.Urg != 0:
		return lineError(l.Pos, "a scenario cannot set the urgent pointer")
	case pk.Len > 1500:
		return lineError(l.Pos, "a scenario's payloads are at most 1500 bytes, not "+strconv.FormatUint(uint64(pk.Len), 10))
	}
	st.Len = uint16(pk.Len)
	if err := options(l, pk, &st); err != nil {
		return err
	}
	if pk.Flags.Has(segment.SYN) && !b.peerISN {
		b.sc.PeerISN, b.peerISN = uint32(pk.Seq), true
	}
	b.step(st, t)
	return nil
}

// options sets a step's option bits from a '<' line's option list.
func options(l *script.Line, pk *script.Packet, st *properties.Step) error {
	syn := pk.Flags.Has(segment.SYN)
	mss, ws := uint32(0), false
	for _, o := range pk.Options {
		bit := uint8(0)
		switch o.Kind {
		case segment.KindNOP, segment.KindEOL:
			continue
		case segment.KindTimestamps:
			st.Opts |= properties.OptTimestamps
			continue
		case segment.KindMSS:
			bit, mss = properties.OptMSS, o.Value
		case segment.KindWScale:
			bit, st.WScale, ws = properties.OptWScale, uint8(o.Value), true
		case segment.KindSACKPermitted:
			bit = properties.OptSACKPermitted
		default:
			return lineError(l.Pos, "a scenario cannot send the option "+optionName(o))
		}
		if !syn {
			return lineError(l.Pos, "a scenario sends "+optionName(o)+" only on a SYN")
		}
		st.Opts |= bit
	}
	if k := (int64(mss) - 536) / 64; mss != 0 && !ws && k >= 0 && k <= 255 && 536+64*k == int64(mss) {
		st.WScale = uint8(k) // the scenario's MSS is 536 + 64 * WScale
	}
	return nil
}

func optionName(o script.TCPOption) string {
	switch {
	case o.Name != "":
		return o.Name
	case o.Kind == segment.KindSACK:
		return "sack"
	}
	return o.Kind.String()
}

// syscall adds the call of a system call line that reaches the endpoint.
func (b *builder) syscall(l *script.Line, sc *script.Syscall, t int64) error {
	fd, _ := argInt(arg(sc, 0))
	switch sc.Name {
	case "socket":
		if v, ok := sc.Result.Int(); ok {
			b.fds[int(v)] = fdSocket
		}
	case "connect", "listen":
		return b.open(l, sc, fd, t)
	case "accept":
		if v, ok := sc.Result.Int(); ok && v >= 0 {
			b.fds[int(v)], b.accepted = fdConn, true
		}
	case "setsockopt":
		return b.setsockopt(l, sc, fd)
	case "write", "send", "read", "recv":
		return b.transfer(l, sc, fd, t)
	case "shutdown":
		how, _ := argInt(arg(sc, 1))
		if b.fds[fd] == fdConn && how != shutRD {
			b.step(properties.Step{Kind: properties.StepCall, Op: observe.OpShutdown}, t)
		}
	case "close":
		b.closeFD(fd, t)
	}
	return nil
}

// open is connect or listen: the scenario's one socket.
func (b *builder) open(l *script.Line, sc *script.Syscall, fd int, t int64) error {
	if b.opened {
		if sc.Name == "connect" && b.fds[fd] == fdConn {
			return nil // a repeated non-blocking connect
		}
		return lineError(l.Pos, "a scenario has one socket; this "+sc.Name+" opens another")
	}
	b.opened, b.openAt, b.sc.Passive = true, t, sc.Name == "listen"
	b.fds[fd] = fdConn
	if b.sc.Passive {
		b.fds[fd] = fdListener
	}
	return nil
}

// setsockopt records SO_LINGER {1, 0} (close then aborts); options that
// change nothing in a scenario are dropped, the others are errors.
func (b *builder) setsockopt(l *script.Line, sc *script.Syscall, fd int) error {
	switch string(arg(sc, 2)) {
	case "SO_LINGER":
		v := strings.ReplaceAll(string(arg(sc, 3)), " ", "")
		if b.linger0 == nil {
			b.linger0 = map[int]bool{}
		}
		b.linger0[fd] = strings.Contains(v, "l_onoff=1") && strings.Contains(v, "l_linger=0")
	case "SO_REUSEADDR", "SO_REUSEPORT", "TCP_NODELAY":
	default:
		return lineError(l.Pos, "a scenario cannot set "+string(arg(sc, 2)))
	}
	return nil
}

// transfer is a write or read on the connection: a send or receive call
// of the same size (at most 65535 bytes).
func (b *builder) transfer(l *script.Line, sc *script.Syscall, fd int, t int64) error {
	if b.fds[fd] != fdConn {
		return nil // sock answers without reaching a connection
	}
	n, ok := argInt(arg(sc, 2))
	if !ok || n < 0 {
		return lineError(l.Pos, "cannot read the byte count "+strconv.Quote(string(arg(sc, 2))))
	}
	op := observe.OpSend
	if sc.Name == "read" || sc.Name == "recv" {
		op = observe.OpRecv
	} else if n > 0xffff {
		return lineError(l.Pos, "a scenario sends at most 65535 bytes per call")
	}
	b.step(properties.Step{Kind: properties.StepCall, Op: op, N: uint16(min(n, 0xffff))}, t)
	return nil
}

// closeFD is close: of the connection a close (an abort with SO_LINGER 0),
// of the listener before accept an abort, of anything else nothing.
func (b *builder) closeFD(fd int, t int64) {
	kind := b.fds[fd]
	delete(b.fds, fd)
	switch {
	case kind == fdConn && b.linger0[fd]:
		b.step(properties.Step{Kind: properties.StepCall, Op: observe.OpAbort}, t)
	case kind == fdConn:
		b.step(properties.Step{Kind: properties.StepCall, Op: observe.OpClose}, t)
	case kind == fdListener && !b.accepted:
		b.step(properties.Step{Kind: properties.StepCall, Op: observe.OpAbort}, t)
	}
}

// shutRD is SHUT_RD, which does not reach the endpoint.
const shutRD = 0

// arg returns argument i or "".
func arg(sc *script.Syscall, i int) script.Arg {
	if i < len(sc.Args) {
		return sc.Args[i]
	}
	return ""
}

// argInt reads a number, "[n]", or one of the shutdown constants.
func argInt(a script.Arg) (int, bool) {
	s := strings.Trim(strings.TrimSpace(string(a)), "[]")
	switch s {
	case "SHUT_RD":
		return 0, true
	case "SHUT_WR":
		return 1, true
	case "SHUT_RDWR":
		return 2, true
	}
	v, err := strconv.ParseInt(s, 0, 64)
	return int(v), err == nil
}
