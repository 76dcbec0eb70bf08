package runner

import (
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/seq"
	"tcpcheck/sock"
)

// Ports packetdrill implies.
const (
	BindPort         = 8080  // bind's port, and the peer's port for connect
	RemotePort       = 54242 // the peer's port towards a listening socket
	DefaultTolerance = 4000  // --tolerance_usecs default, microseconds
)

// Options tune a run.
type Options struct {
	// Strict also compares window, urgent pointer and options of '>' lines
	// and every getsockopt value.
	Strict bool
	// ToleranceUsecs, when positive, replaces the script's
	// --tolerance_usecs and the default DefaultTolerance.
	ToleranceUsecs int64
	// Trace, when set, receives one line per event and per segment sent.
	Trace io.Writer
	// Capture, when set, is called with every segment injected into the
	// stack and every segment the stack sends, in order, payload included,
	// at virtual time since the start of the script. seg is only valid
	// during the call.
	Capture func(at time.Duration, src, dst netip.AddrPort, seg *segment.Segment)
	// Config, when set, is the fsm configuration the stack's sockets start
	// from instead of the defaults (sysctl lines still apply on top). The
	// ISN comes from a "tcpcheck: isn N" directive when the script has one,
	// else from Config.ISN, else it is the fixed DefaultISN.
	Config *fsm.Config
	// Monitor, when set, watches every connection the script's sockets
	// make (see sock.Stack.Observe): it is called once per connection
	// with its configuration and returns the function that checks the
	// connection's events (properties.Sink runs every monitor). The first
	// error such a function returns fails the run at the line being
	// executed, with the error's text and Failure.Violation set.
	Monitor func(cfg *fsm.Config) func(*observe.Event) error
}

// Result is the outcome of a run.
type Result struct {
	Passed  bool
	Failure *Failure       // the first failure; nil when Passed
	Skipped map[string]int // lines not executed, by kind ("sysctl", "python", "syscall ioctl", ...)
	Legacy  bool           // the script selected fsm.Config.Legacy
}

// Failure is where and how a run first differed from its script.
type Failure struct {
	Pos script.Pos
	Msg string
	// Violation is set when Options.Monitor failed the run, rather than
	// a difference from the script.
	Violation bool
}

// String formats f as "FILE:LINE: message".
func (f *Failure) String() string {
	return f.Pos.File + ":" + strconv.Itoa(f.Pos.Line) + ": " + f.Msg
}

// sent is a segment the stack transmitted and when; Payload is dropped.
type sent struct {
	at   fsm.Time
	seg  segment.Segment
	plen int
}

// pendingCall is a blocking system call waiting to complete.
type pendingCall struct {
	line  *script.Line
	sc    *script.Syscall
	start fsm.Time
	do    func() (int, sock.Errno)
}

type run struct {
	s      *script.Script
	opts   Options
	st     *sock.Stack
	local  netip.Addr
	remote netip.Addr
	family int
	tol    fsm.Time
	res    Result

	now   fsm.Time // the stack's clock
	last  fsm.Time // when the previous event happened
	queue []sent   // sent, not yet matched by a '>' line

	iss     seq.Num
	tsOff   uint32
	tsKnown bool
	lport   uint16
	rport   uint16
	lastFD  int
	pending *pendingCall
	stuck   int

	violation error // the first error of Options.Monitor
}

// Run executes s against a new sock.Stack in virtual time.
func Run(s *script.Script, opts Options) Result {
	r := &run{s: s, opts: opts, res: Result{Skipped: map[string]int{}}, lastFD: -1, rport: RemotePort}
	r.tol = DefaultTolerance * fsm.Microsecond
	if s.Options.ToleranceUsecs.Set {
		r.tol = fsm.Time(s.Options.ToleranceUsecs.Value) * fsm.Microsecond
	}
	if opts.ToleranceUsecs > 0 {
		r.tol = fsm.Time(opts.ToleranceUsecs) * fsm.Microsecond
	}
	switch s.Options.IPVersion {
	case "ipv6":
		r.local, r.remote, r.family = netip.MustParseAddr("fd3d:fa7b:d17d::1"), netip.MustParseAddr("2001:db8::1"), sock.AF_INET6
	case "ipv4-mapped-ipv6":
		r.local, r.remote, r.family = netip.MustParseAddr("::ffff:192.168.0.1"), netip.MustParseAddr("::ffff:192.0.2.1"), sock.AF_INET6
	default:
		r.local, r.remote, r.family = netip.MustParseAddr("192.168.0.1"), netip.MustParseAddr("192.0.2.1"), sock.AF_INET
	}
	for range s.Options.Ignored {
		r.res.Skipped["option"]++
	}
	cfg := baseConfig(s, opts)
	if f := configDirectives(s, &cfg); f != nil {
		r.res.Failure = f
		return r.res
	}
	for i := range s.Lines {
		if sh, ok := s.Lines[i].Event.(*script.Shell); ok && legacySysctl(sh) {
			cfg.Legacy, r.res.Legacy = true, true
		}
	}
	r.st = newStack(r.local, cfg)
	defer freeStack(r.st)
	if opts.Monitor != nil {
		r.st.Observe(r.monitor)
	}
	for i := range s.Lines {
		ok := r.step(&s.Lines[i])
		if r.violation != nil {
			r.failf(&s.Lines[i], "") // unless the line failed already
		}
		if !ok || r.violation != nil {
			break
		}
	}
	if r.res.Failure == nil && r.pending != nil {
		r.failf(r.pending.line, "%s did not return", r.pending.sc.Name)
	}
	r.res.Passed = r.res.Failure == nil
	return r.res
}

// sysctlSetting returns the name and value of a `sysctl -w name=value`
// line.
func sysctlSetting(sh *script.Shell) (name, value string, ok bool) {
	w := strings.Fields(sh.Text)
	if sh.Kind != script.Backtick || len(w) != 3 || w[0] != "sysctl" || w[1] != "-w" {
		return "", "", false
	}
	return strings.Cut(w[2], "=")
}

// legacySysctl reports whether sh turns on FreeBSD's insecure_rst or
// insecure_syn, RFC 793 behaviour.
func legacySysctl(sh *script.Shell) bool {
	name, v, ok := sysctlSetting(sh)
	return ok && v == "1" && (name == "net.inet.tcp.insecure_rst" || name == "net.inet.tcp.insecure_syn")
}

// ecnModes maps FreeBSD's net.inet.tcp.ecn.enable to fsm's ECN modes.
var ecnModes = map[string]fsm.ECNMode{"0": fsm.ECNOff, "1": fsm.ECNRequest, "2": fsm.ECNAccept}

// sysctl applies an ECN sysctl to the configuration of the sockets created
// afterwards, as the kernel does, and reports whether sh was one:
// net.inet.tcp.ecn.enable (fsm.Config.ECN) and net.inet.tcp.ecn.maxretries
// (fsm.Config.ECNSynRetries).
func (r *run) sysctl(sh *script.Shell) bool {
	name, v, ok := sysctlSetting(sh)
	if !ok {
		return false
	}
	cfg := r.st.Config()
	switch name {
	case "net.inet.tcp.ecn.enable":
		if cfg.ECN, ok = ecnModes[v]; !ok {
			return false
		}
	case "net.inet.tcp.ecn.maxretries":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return false
		}
		cfg.ECNSynRetries = n
	default:
		return false
	}
	r.st.SetConfig(cfg)
	return true
}

// failf records the first failure; it returns false so callers can stop.
// A violation the monitors found while the line ran comes first: it
// happened before the difference was seen.
func (r *run) failf(l *script.Line, format string, args ...any) bool {
	switch {
	case r.res.Failure != nil:
	case r.violation != nil:
		r.res.Failure = &Failure{Pos: l.Pos, Msg: r.violation.Error(), Violation: true}
	default:
		r.res.Failure = &Failure{Pos: l.Pos, Msg: fmt.Sprintf(format, args...)}
	}
	return false
}

// monitor opens Options.Monitor's check of one connection; the run keeps
// its first error.
func (r *run) monitor(cfg *fsm.Config) func(*observe.Event) {
	check := r.opts.Monitor(cfg)
	return func(ev *observe.Event) {
		if r.violation == nil {
			r.violation = check(ev)
		}
	}
}

func (r *run) tracef(format string, args ...any) {
	if r.opts.Trace != nil {
		fmt.Fprintf(r.opts.Trace, "%s "+format+"\n", append([]any{secs(r.now)}, args...)...)
	}
}

// secs formats a virtual time as seconds.
func secs(t fsm.Time) string {
	return strconv.FormatFloat(float64(t)/float64(fsm.Second), 'f', 6, 64)
}

// when returns the scripted start and end of a line's time; any is true
// for "*".
func (r *run) when(t script.Time) (start, end fsm.Time, any bool) {
	switch t.Kind {
	case script.AnyTime:
		return r.now, fsm.Never, true
	case script.Absolute:
		start = fsm.Time(t.Usecs) * fsm.Microsecond
	default:
		start = r.last + fsm.Time(t.Usecs)*fsm.Microsecond
	}
	end = start
	if t.Range || t.Blocking {
		end = fsm.Time(t.EndUsecs) * fsm.Microsecond
		if t.EndRel {
			end += r.last
		}
	}
	return start, end, false
}

// collect moves the stack's output to the queue.
func (r *run) collect() {
	for _, o := range r.st.Outgoing() {
		if o.Dst != r.remote {
			continue
		}
		g := o.Seg
		r.capture(r.local, r.remote, &g)
		n := len(g.Payload)
		g.Payload = nil
		r.queue = append(r.queue, sent{at: r.now, seg: g, plen: n})
		r.tracef("sent %s", r.format(r.actual(&r.queue[len(r.queue)-1], nil)))
	}
}

// capture passes a segment to Options.Capture.
func (r *run) capture(src, dst netip.Addr, g *segment.Segment) {
	if r.opts.Capture != nil {
		r.opts.Capture(time.Duration(r.now), netip.AddrPortFrom(src, g.SrcPort), netip.AddrPortFrom(dst, g.DstPort), g)
	}
}

// advance runs the timers due up to to and moves the clock there; with
// stopOnSend it stops as soon as a segment is queued.
func (r *run) advance(to fsm.Time, stopOnSend bool) {
	for !(stopOnSend && len(r.queue) > 0) {
		d := r.st.Deadline()
		if d > to {
			break
		}
		if d <= r.now {
			if r.stuck++; r.stuck > 100000 {
				break // a timer that does not move: give up on timers
			}
			d = r.now
		}
		r.now, r.st.Now = d, d
		r.st.Tick()
		r.collect()
		r.retry()
	}
	if r.now < to && !(stopOnSend && len(r.queue) > 0) {
		r.now, r.st.Now = to, to
		if r.opts.Monitor != nil {
			r.st.Tick() // nothing is due: the monitors learn that time passed
			r.collect()
		}
	}
}

// retry repeats a pending blocking call.
func (r *run) retry() {
	p := r.pending
	if p == nil {
		return
	}
	n, e := p.do()
	r.collect()
	if e == sock.Pending {
		return
	}
	r.pending = nil
	r.tracef("%s returned %d %s", p.sc.Name, n, e.Name())
	if !r.checkResult(p.line, p.sc, n, e) {
		return
	}
	if p.line.Time.Blocking {
		_, end, _ := r.whenAt(p.line.Time, p.start)
		if r.now < end-r.tol || r.now > end+r.tol {
			r.failf(p.line, "%s returned at %s s, expected at %s s", p.sc.Name, secs(r.now), secs(end))
		}
	}
}

// whenAt is when for a line whose previous event was at base.
func (r *run) whenAt(t script.Time, base fsm.Time) (start, end fsm.Time, any bool) {
	saved := r.last
	r.last = base
	defer func() { r.last = saved }()
	return r.when(t)
}

// step executes one line; false stops the run.
func (r *run) step(l *script.Line) bool {
	switch ev := l.Event.(type) {
	case *script.Comment:
		return true
	case *script.Directive:
		if ev.Key != ISNKey && ev.Key != ConfigKey { // applied by Run
			r.res.Skipped["directive"]++
		}
		return true
	case *script.Packet:
		if ev.Dir == script.Outbound {
			return r.expect(l, ev)
		}
		return r.inject(l, ev)
	}
	start, _, _ := r.when(l.Time)
	r.advance(start, false)
	switch ev := l.Event.(type) {
	case *script.Syscall:
		if r.pending != nil {
			return r.failf(r.pending.line, "%s still blocking at %s s", r.pending.sc.Name, secs(r.now))
		}
		r.last = max(start, r.last)
		return r.syscall(l, ev, start)
	case *script.Shell:
		r.last = max(start, r.last)
		return r.shell(l, ev)
	}
	return true
}

// shell checks a state assertion or skips the command.
func (r *run) shell(l *script.Line, sh *script.Shell) bool {
	switch {
	case sh.Assert != nil:
		st, e := r.st.State(r.lastFD)
		if e != sock.OK {
			return r.failf(l, "state assertion on fd %d: %s", r.lastFD, e)
		}
		got := strings.ReplaceAll(st.String(), "-", "_")
		if (got == sh.Assert.State) == sh.Assert.Negated {
			op := "=="
			if sh.Assert.Negated {
				op = "!="
			}
			return r.failf(l, "state is %s, expected %s %s", got, op, sh.Assert.State)
		}
		return true
	case legacySysctl(sh), r.sysctl(sh):
		return true
	case sh.Kind == script.Code:
		r.res.Skipped["python"]++
	default:
		kind := "shell"
		if w := strings.Fields(sh.Text); len(w) > 0 {
			kind = w[0]
		}
		r.res.Skipped[kind]++
	}
	return true
}

// inject sends a '<' line's segment into the stack.
func (r *run) inject(l *script.Line, pk *script.Packet) bool {
	start, _, _ := r.when(l.Time)
	r.advance(start, false)
	if len(r.queue) > 0 {
		q := r.queue[0]
		return r.failf(l, "sent %s at %s s, expected nothing before this segment", r.format(r.actual(&q, nil)), secs(q.at))
	}
	seg := r.inbound(pk)
	r.tracef("inject %s", r.format(pk))
	r.capture(r.remote, r.local, &seg)
	r.st.Input(&seg, r.remote)
	r.collect()
	r.retry()
	r.last = max(start, r.last)
	return r.res.Failure == nil
}

// expect matches a '>' line with the next segment sent.
func (r *run) expect(l *script.Line, pk *script.Packet) bool {
	start, end, any := r.when(l.Time)
	limit := end + r.tol
	if any {
		limit = r.now + 3600*fsm.Second
	}
	r.advance(limit, true)
	if len(r.queue) == 0 {
		return r.failf(l, "sent nothing by %s s, expected %s", secs(r.now), r.format(pk))
	}
	q := r.queue[0]
	r.queue = r.queue[1:]
	if q.seg.Flags&segment.SYN != 0 {
		r.iss = q.seg.Seq - pk.Seq
	}
	if ts, _, ok := q.seg.Options.Timestamps(); ok && !r.tsKnown {
		want := uint32(0)
		if o := findOpt(pk, segment.KindTimestamps); o != nil {
			want = o.TSVal
		}
		r.tsOff, r.tsKnown = ts-want, true
	}
	got := r.actual(&q, pk)
	if !r.match(got, pk) {
		return r.failf(l, "sent %s, expected %s", r.format(got), r.format(pk))
	}
	if !any && (q.at < start-r.tol || q.at > end+r.tol) {
		return r.failf(l, "sent %s at %s s, expected at %s s (tolerance %d us)", r.format(got), secs(q.at), secs(start), r.tol/fsm.Microsecond)
	}
	r.last = q.at
	return true
}

// flagMask is the flags packetdrill's notation can write.
const flagMask = segment.SYN | segment.FIN | segment.RST | segment.PSH | segment.ACK | segment.URG | segment.ECE | segment.CWR

// match compares a sent segment, in script terms, with a '>' line.
func (r *run) match(got, want *script.Packet) bool {
	if got.Flags != want.Flags || got.Seq != want.Seq || got.Len != want.Len {
		return false
	}
	if want.Flags&segment.ACK != 0 && got.Ack != want.Ack {
		return false
	}
	if !r.opts.Strict {
		return true
	}
	if want.HasWin && got.Win != want.Win || want.HasUrg && got.Urg != want.Urg {
		return false
	}
	switch want.OptForm {
	case script.OptAny:
		return true
	case script.OptNone:
		return len(got.Options) == 0
	}
	if len(got.Options) != len(want.Options) {
		return false
	}
	for i := range want.Options {
		g, w := &got.Options[i], &want.Options[i]
		if g.Kind != w.Kind || g.Value != w.Value || g.TSEcr != w.TSEcr || len(g.SACK) != len(w.SACK) {
			return false
		}
		for j := range w.SACK {
			if g.SACK[j] != w.SACK[j] {
				return false
			}
		}
	}
	return true
}

// findOpt returns pk's first option of a kind, or nil.
func findOpt(pk *script.Packet, k segment.OptionKind) *script.TCPOption {
	for i := range pk.Options {
		if pk.Options[i].Kind == k {
			return &pk.Options[i]
		}
	}
	return nil
}

// format prints a packet in packetdrill notation, without direction.
func (r *run) format(pk *script.Packet) string {
	l := script.Line{Event: pk}
	s := string(l.AppendText(nil))
	return strings.TrimLeft(s[1:], " ")
}

// actual converts a sent segment to script terms: seq and SACK blocks
// relative to the endpoint's ISN, TS val relative to the script's clock.
// When want is given, fields it omits are omitted too, so the two print
// alike.
func (r *run) actual(q *sent, want *script.Packet) *script.Packet {
	g := &q.seg
	pk := &script.Packet{
		Dir: script.Outbound, Flags: g.Flags & flagMask, Seq: g.Seq - r.iss, Len: seq.Size(q.plen),
		HasAck: g.Flags&segment.ACK != 0, Ack: g.Ack, HasWin: true, Win: g.Window,
		HasUrg: g.Flags&segment.URG != 0, Urg: g.Urgent,
	}
	if want != nil && !r.opts.Strict {
		pk.HasWin, pk.HasUrg = want.HasWin, want.HasUrg && pk.HasUrg
	}
	o := &g.Options
	for opt, next := o.Next(0); next >= 0; opt, next = o.Next(next) {
		t := script.TCPOption{Kind: opt.Kind}
		switch opt.Kind {
		case segment.KindEOL:
			pk.Options = append(pk.Options, t)
			for _, b := range opt.Data {
				if b != 0 {
					break
				}
				pk.Options = append(pk.Options, t)
			}
			continue
		case segment.KindMSS:
			v, _ := o.MSS()
			t.Value = uint32(v)
		case segment.KindWScale:
			v, _ := o.WScaleRaw()
			t.Value = uint32(v)
		case segment.KindTimestamps:
			v, e, _ := o.Timestamps()
			t.TSVal, t.TSEcr = v-r.tsOff, e
		case segment.KindSACK:
			for _, b := range o.SACK() {
				t.SACK = append(t.SACK, segment.SACKBlock{Left: b.Left - r.iss, Right: b.Right - r.iss})
			}
		case segment.KindNOP, segment.KindSACKPermitted:
		default:
			t.Name = opt.Kind.String()
		}
		pk.Options = append(pk.Options, t)
	}
	if len(pk.Options) > 0 {
		pk.OptForm = script.OptList
	}
	if want != nil && !r.opts.Strict {
		pk.OptForm, pk.Options = script.OptNone, nil
		if want.OptForm != script.OptNone {
			pk.OptForm = script.OptAny
		}
	}
	return pk
}

// inbound builds the segment a '<' line injects.
func (r *run) inbound(pk *script.Packet) segment.Segment {
	g := segment.Segment{
		SrcPort: r.rport, DstPort: r.lport, Seq: pk.Seq, Flags: pk.Flags,
		Window: pk.Win, Urgent: pk.Urg,
	}
	if g.DstPort == 0 {
		g.DstPort = BindPort
	}
	if pk.HasAck {
		g.Ack = pk.Ack + r.iss
	}
	for _, o := range pk.Options {
		switch o.Kind {
		case segment.KindNOP:
			_ = g.Options.AddNOP()
		case segment.KindEOL:
			_ = g.Options.AddEOL()
		case segment.KindMSS:
			_ = g.Options.AddMSS(uint16(o.Value))
		case segment.KindWScale:
			_ = g.Options.AddWScale(uint8(o.Value))
		case segment.KindSACKPermitted:
			_ = g.Options.AddSACKPermitted()
		case segment.KindTimestamps:
			ecr := o.TSEcr
			if ecr != 0 {
				ecr += r.tsOff
			}
			_ = g.Options.AddTimestamps(o.TSVal, ecr)
		case segment.KindSACK:
			blocks := make([]segment.SACKBlock, len(o.SACK))
			for i, b := range o.SACK {
				blocks[i] = segment.SACKBlock{Left: b.Left + r.iss, Right: b.Right + r.iss}
			}
			_ = g.Options.AddSACK(blocks)
		default:
			_ = g.Options.AddOpaque(o.Kind, nil)
		}
	}
	if pk.Len > 0 {
		g.Payload = make([]byte, pk.Len)
	}
	return g
}
