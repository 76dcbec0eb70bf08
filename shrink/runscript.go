package shrink

import (
	"net/netip"
	"time"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
)

// The tested stack's address in each --ip_version, as runner gives it.
var stackAddrs = map[string]netip.Addr{
	"":                 netip.MustParseAddr("192.168.0.1"),
	"ipv4":             netip.MustParseAddr("192.168.0.1"),
	"ipv6":             netip.MustParseAddr("fd3d:fa7b:d17d::1"),
	"ipv4-mapped-ipv6": netip.MustParseAddr("::ffff:192.168.0.1"),
}

// RunScript replays s with runner.Run and returns how it fails: a panic,
// a mismatch (with the index in s.Lines of the line that failed, -1 for
// the end of the script), or Kind NoFailure.
func RunScript(s *script.Script, opts runner.Options) (f Failure, at int) {
	defer func() {
		if r := recover(); r != nil {
			f, at = panicFailure(r), -1
		}
	}()
	res := runner.Run(s, opts)
	if res.Passed {
		return Failure{}, -1
	}
	at = lineAt(s, res.Failure.Pos)
	var l *script.Line
	if at >= 0 {
		l = &s.Lines[at]
	}
	return fromRunner(l, res.Failure), at
}

// lineAt returns the index of the line at p, -1 when none is.
func lineAt(s *script.Script, p script.Pos) int {
	for i := range s.Lines {
		if s.Lines[i].Pos == p {
			return i
		}
	}
	return -1
}

// RecordScript replays s with runner.Run and records what the wire and the
// states show: the segments injected and sent, and the state changes of
// the stack's sockets. When the run fails, the last event is marked and
// Failure says how. opts.Capture and the OnTransition hook of opts.Config
// are the recorder's.
func RecordScript(s *script.Script, opts runner.Options) *Trace {
	t := &Trace{Marked: -1, ISN: runner.DefaultISN}
	if isn, ok := runner.ScriptISN(s); ok {
		t.ISN = isn
	}
	cfg := fsm.Config{}
	if opts.Config != nil {
		cfg = *opts.Config
	}
	t.Config = cfg
	for i := range s.Lines {
		switch ev := s.Lines[i].Event.(type) {
		case *script.Directive:
			if ev.Key == runner.ConfigKey {
				_ = runner.ParseConfig(ev.Value, &t.Config) // a bad one fails the run, below
			}
		case *script.Syscall:
			t.Passive = t.Passive || ev.Name == "listen" || ev.Name == "accept"
		}
	}
	cfg.OnTransition = t.change
	opts.Config = &cfg
	local := stackAddrs[s.Options.IPVersion]
	opts.Capture = func(at time.Duration, src, dst netip.AddrPort, seg *segment.Segment) {
		t.segment(at, src, dst, seg, dst.Addr() == local)
	}
	t.Failure, _ = RunScript(s, opts)
	if t.Failure.Kind != NoFailure && len(t.Events) > 0 {
		t.Marked = len(t.Events) - 1
	}
	return t
}

// change records a state change of one of the stack's sockets; a
// listener's pool of sockets entering LISTEN together makes one row.
func (t *Trace) change(now fsm.Time, from, to fsm.State) {
	ev := observe.Event{Kind: observe.Change, Time: int64(now), From: observe.FromFSM(from), To: observe.FromFSM(to)}
	if n := len(t.Events); n > 0 && t.Events[n-1].Kind == observe.Change && t.Events[n-1].From == ev.From && t.Events[n-1].To == ev.To {
		return
	}
	t.Events = append(t.Events, ev)
}

// segment records a segment injected into the stack (in) or sent by it.
func (t *Trace) segment(at time.Duration, src, dst netip.AddrPort, seg *segment.Segment, in bool) {
	ev := observe.Event{Kind: observe.Output, Time: int64(at), Src: src.Addr(), Dst: dst.Addr(), Seg: seg}
	t.Local, t.Remote = src, dst
	if in {
		ev.Kind = observe.Input
		t.Local, t.Remote = dst, src
	}
	t.add(&ev)
}
