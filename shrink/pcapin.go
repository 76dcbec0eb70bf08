package shrink

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"tcpcheck/convert"
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/seq"
	"tcpcheck/wirecheck"
)

// PcapChoice picks one endpoint of one connection of a capture.
type PcapChoice struct {
	// Conn is the connection's number (wirecheck's, from 1); 0 with an
	// empty Tuple means the capture's only connection.
	Conn int
	// Tuple, when set, picks the connection by its endpoints instead:
	// "A:P-B:P" in either order, IPv6 addresses in brackets.
	Tuple string
	// Side is "client" (the active opener, wirecheck's side 0) or
	// "server"; empty means the server.
	Side string
}

// PcapScript reads a capture and writes one endpoint's view of one
// connection as a script that replays against the reference endpoint: the
// segments it received as '<' lines and those it sent as '>' lines, with
// their capture times, its ISN (isn directive), and the application calls
// the wire implies (connect or listen and accept; a write before each
// segment that carries new data; a shutdown before its FIN). The endpoint's
// reads are not on the wire and are left out. desc names the choice for
// reports ("trace.pcap connection 1 (client 10.0.0.1:4000 > ...), server").
func PcapScript(path string, choice PcapChoice) (s *script.Script, desc string, err error) {
	rep, err := wirecheck.CheckFile(path, nil)
	if err != nil {
		if errors.Is(err, wirecheck.ErrNoTCP) {
			return nil, "", fmt.Errorf("%w", err)
		}
		return nil, "", err
	}
	c, err := pickConn(rep, choice)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	side := 1
	switch choice.Side {
	case "client", "0":
		side = 0
	case "", "server", "1":
	default:
		return nil, "", fmt.Errorf("-side %q: want client or server", choice.Side)
	}
	if !c.Opened {
		return nil, "", fmt.Errorf("%s: connection %d: its handshake was not captured, so the endpoint cannot be replayed from its start", path, c.ID)
	}
	s = viewScript(c.Views[side], side == 0)
	desc = path + " connection " + strconv.Itoa(c.ID) + " (" + c.Ends[0].String() + " > " + c.Ends[1].String() + "), " +
		c.Name(side) + " " + c.Ends[side].String()
	return s, desc, nil
}

// pickConn finds the chosen connection.
func pickConn(rep *wirecheck.Report, ch PcapChoice) (*wirecheck.Conn, error) {
	switch {
	case ch.Tuple != "":
		a, b, ok := strings.Cut(ch.Tuple, "-")
		pa, errA := netip.ParseAddrPort(a)
		pb, errB := netip.ParseAddrPort(b)
		if !ok || errA != nil || errB != nil {
			return nil, fmt.Errorf("-tuple %q: want A:PORT-B:PORT", ch.Tuple)
		}
		for _, c := range rep.Conns {
			if c.Ends == [2]netip.AddrPort{pa, pb} || c.Ends == [2]netip.AddrPort{pb, pa} {
				return c, nil
			}
		}
		return nil, fmt.Errorf("no connection between %s and %s (%s)", pa, pb, listConns(rep))
	case ch.Conn > 0:
		for _, c := range rep.Conns {
			if c.ID == ch.Conn {
				return c, nil
			}
		}
		return nil, fmt.Errorf("no connection %d (%s)", ch.Conn, listConns(rep))
	case len(rep.Conns) == 1:
		return rep.Conns[0], nil
	}
	return nil, fmt.Errorf("%d connections: choose one with -conn N or -tuple A:P-B:P (%s)", len(rep.Conns), listConns(rep))
}

func listConns(rep *wirecheck.Report) string {
	var parts []string
	for _, c := range rep.Conns {
		parts = append(parts, "#"+strconv.Itoa(c.ID)+" "+c.Ends[0].String()+" > "+c.Ends[1].String())
	}
	return strings.Join(parts, ", ")
}

// viewScript records a wire view with the calls it implies.
func viewScript(v *wirecheck.View, client bool) *script.Script {
	rec := convert.NewRecorder(fsm.Config{})
	open := observe.OpListen
	if client {
		open = observe.OpConnect
	}
	var start int64
	if len(v.Events) > 0 {
		start = v.Events[0].Time
	}
	rec.Observe(&observe.Event{Kind: observe.Call, Time: start, Op: open})
	var app impliedApp
	for i := range v.Events {
		ev := v.Events[i]
		if ev.Kind == observe.Output {
			app.before(rec, &ev)
		}
		rec.Observe(&ev)
		if ev.Kind == observe.Change && ev.To == observe.Established {
			rec.Observe(&observe.Event{Kind: observe.Notify, Time: ev.Time, Note: observe.NoteConnected})
		}
	}
	s := rec.Script()
	// The capture point sees a segment arrive before the endpoint does: the
	// replay's timing tolerance covers the longest wait between a segment
	// received and the reply that follows it, plus the default.
	if slack := replySlack(v); slack > 0 {
		s.Options.ToleranceUsecs = script.Setting{Value: min(slack/1000, maxSlackUsecs) + runner.DefaultTolerance, Set: true}
	}
	return s
}

// maxSlackUsecs caps the timing tolerance a capture earns (1 s).
const maxSlackUsecs = 1_000_000

// impliedApp is what the application must have done for the segments the
// endpoint sent: written their new bytes, shut down before its FIN.
type impliedApp struct {
	sndMax        seq.Num // the highest sequence number sent, +1
	sent, finSent bool
}

// before records the calls that segment ev needed.
func (a *impliedApp) before(rec *convert.Recorder, ev *observe.Event) {
	g := ev.Seg
	if g.Flags.Has(segment.SYN) && !a.sent {
		a.sndMax, a.sent = g.Seq.Add(1), true
	}
	end := g.Seq.Add(seq.Size(len(g.Payload)))
	if a.sent && len(g.Payload) > 0 && a.sndMax.LessThan(end) {
		rec.Observe(&observe.Event{Kind: observe.Call, Time: ev.Time, Op: observe.OpSend, N: int(end.SizeFrom(a.sndMax))})
		a.sndMax = end
	}
	if g.Flags.Has(segment.FIN) && !a.finSent {
		rec.Observe(&observe.Event{Kind: observe.Call, Time: ev.Time, Op: observe.OpShutdown})
		a.finSent = true
	}
}

// replySlack is the longest time, in nanoseconds, between a segment the
// endpoint received and the first segment it sent after it. The inferred
// Ticks are not counted as stimuli: the first segment an endpoint sends
// gets one, and a server's SYN-ACK is its first.
func replySlack(v *wirecheck.View) int64 {
	var lastIn, slack int64
	waiting := false
	for i := range v.Events {
		switch ev := &v.Events[i]; ev.Kind {
		case observe.Input:
			lastIn, waiting = ev.Time, true
		case observe.Output:
			if waiting {
				slack = max(slack, ev.Time-lastIn)
			}
			waiting = false
		}
	}
	return slack
}
