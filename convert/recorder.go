package convert

import (
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/record"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// Recorder is an observe sink (its Observe method) that writes the observed
// endpoint's own view as a packetdrill script, in the conventions runner
// replays (package record): '<' lines for the segments it received, '>'
// lines for those it sent, the application's calls as the system calls
// package sock would make and their results, absolute times, and the isn
// and config directives. runner.Run replays the script against a fresh
// reference endpoint and it passes, except after a stimulus the sockets API
// cannot express (Inexact lists them).
//
// The calls map to sockets as package sim's applications make them: an
// active open is socket, fcntl(O_NONBLOCK), connect; a passive one is
// socket, bind, listen, then accept (fd 4), fcntl and close of the listener
// once the connection is established, or close of the listener when the
// half-open connection fails. Abort is SO_LINGER {1, 0} then close. Reads
// and writes give the byte count the endpoint took, so that the replay takes
// the same.
type Recorder struct {
	cfg      fsm.Config
	lines    record.Lines
	comments []string
	isn      seq.Num
	haveISN  bool
	ipv6     bool
	sock     sockView
	call     pendingCall
	mute     bool     // the outputs of the current stimulus are commented out
	now      fsm.Time // the time of the latest event
	inexact  []string
}

// NewRecorder returns a recorder for an endpoint running with cfg (written
// as the config directive; its ISN function is not used: the ISN is learned
// from the endpoint's first SYN).
func NewRecorder(cfg fsm.Config) *Recorder {
	r := &Recorder{}
	r.Reset(cfg)
	return r
}

// Reset starts a new recording for an endpoint running with cfg.
func (r *Recorder) Reset(cfg fsm.Config) {
	*r = Recorder{cfg: cfg, sock: sockView{state: observe.Closed}}
}

// Comment adds a comment line to the script's header.
func (r *Recorder) Comment(text string) { r.comments = append(r.comments, text) }

// Inexact returns a description of each stimulus the script could not
// express (a segment without flags, a call sockets cannot make), with its
// time; the replay may differ from the recorded run after the first.
func (r *Recorder) Inexact() []string { return r.inexact }

// Observe takes the endpoint's next event.
func (r *Recorder) Observe(ev *observe.Event) {
	switch ev.Kind {
	case observe.Input, observe.Call, observe.Tick:
		r.endStimulus()
	}
	r.now = fsm.Time(ev.Time)
	switch ev.Kind {
	case observe.Input:
		r.input(ev)
	case observe.Output:
		r.output(ev)
	case observe.Change:
		r.sock.state = ev.To
		r.call.effects++
	case observe.Call:
		r.call = pendingCall{on: true, op: ev.Op, n: ev.N, err: ev.Err, pre: r.sock.state,
			at: fsm.Time(ev.Time), index: len(r.lines.Lines())}
	case observe.Notify:
		r.notify(ev)
	}
}

func (r *Recorder) input(ev *observe.Event) {
	before := r.lines.Unwritable()
	r.lines.Inbound(fsm.Time(ev.Time), ev.Seg)
	if r.lines.Unwritable() > before {
		r.mute = true
		r.addInexact(fsm.Time(ev.Time), "a segment without flags has no packetdrill notation: "+ev.Seg.String())
	}
}

func (r *Recorder) output(ev *observe.Event) {
	r.call.effects++
	if ev.Src.Is6() && !ev.Src.Is4In6() {
		r.ipv6 = true
	}
	if ev.Seg.Flags.Has(segment.SYN) && !r.haveISN {
		r.isn, r.haveISN = ev.Seg.Seq, true
	}
	if r.mute {
		r.lines.Comment("> (not in the replay) " + ev.Seg.String())
		return
	}
	r.lines.Outbound(fsm.Time(ev.Time), ev.Seg)
}

// addInexact notes a stimulus the script cannot express.
func (r *Recorder) addInexact(t fsm.Time, what string) {
	r.inexact = append(r.inexact, strconv.FormatFloat(float64(t)/float64(fsm.Second), 'f', 6, 64)+" s: "+what)
}

// endStimulus finishes the previous stimulus: its call's lines, and what
// the application does after it (accept, or closing a listener whose
// connection failed).
func (r *Recorder) endStimulus() {
	if r.call.on {
		r.finishCall()
	}
	r.call, r.mute = pendingCall{}, false
	r.afterStimulus()
}

// Script returns the recording so far: the comments, the isn directive
// (runner.DefaultISN if the endpoint sent no SYN) and the config directive,
// then the lines.
func (r *Recorder) Script() *script.Script {
	r.endStimulus()
	isn := r.isn
	if !r.haveISN {
		isn = runner.DefaultISN
	}
	s := &script.Script{Options: script.Options{IPVersion: "ipv4"}}
	if r.ipv6 {
		s.Options.IPVersion = "ipv6"
	}
	s.Lines = record.Header(isn, r.cfg, r.comments...)
	s.Lines = append(s.Lines, r.lines.Lines()...)
	return s
}
