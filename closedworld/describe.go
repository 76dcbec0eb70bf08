package closedworld

import (
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/sim"
)

// Describe summarizes a scenario on one line.
func Describe(sc *Scenario) string {
	b := []byte("a connects to b")
	if sc.Simultaneous {
		b = []byte("simultaneous open")
	}
	for i := range sc.Sides {
		b = append(append(b, "; "...), byte('a'+i))
		b = describeSide(append(b, ':'), &sc.Sides[i])
	}
	b = append(b, "; delay "...)
	b = appendDuration(b, sc.Link.Delay)
	if len(sc.Faults) > 0 {
		b = append(append(b, ", "...), strconv.Itoa(len(sc.Faults)/2)...)
		b = append(b, " fault decisions"...)
	} else {
		b = describeLink(b, &sc.Link, sc.Seed)
	}
	b = append(b, ", heal at "...)
	return string(appendDuration(b, sc.Heal))
}

func describeSide(b []byte, s *Side) []byte {
	for _, f := range []struct {
		on   bool
		name string
	}{{s.Legacy, "legacy"}, {s.NoTimestamp, "no timestamps"}, {s.WScale < 0, "no window scale"}} {
		if f.on {
			b = append(append(b, ' '), f.name...)
			b = append(b, ',')
		}
	}
	for _, f := range []struct {
		v    int
		name string
	}{{int(max(s.WScale, 0)), "window scale"}, {s.SendBuffer, "send buffer"}, {s.RecvBuffer, "receive buffer"}, {int(s.MSS), "MSS"}} {
		if f.v != 0 {
			b = append(append(append(b, ' '), f.name...), ' ')
			b = append(strconv.AppendInt(b, int64(f.v), 10), ',')
		}
	}
	b = strconv.AppendInt(append(b, " sends "...), int64(s.Send), 10)
	if s.Close == 0 {
		return append(b, ", never closes"...)
	}
	b = append(append(append(b, ", "...), opName(s.Close)...), ' ')
	b = append(b, triggerNames[min(s.When, NumTriggers-1)]...)
	if s.After > 0 {
		b = appendDuration(append(b, " + "...), s.After)
	}
	return b
}

var triggerNames = [NumTriggers]string{"after reading everything", "after EOF", "once connected"}

func opName(op observe.Op) string {
	switch op {
	case observe.OpShutdown:
		return "shuts down"
	case observe.OpAbort:
		return "aborts"
	}
	return "closes"
}

// describeLink names the link's probabilities and jitter that are set.
func describeLink(b []byte, l *sim.Link, seed uint64) []byte {
	for _, p := range []struct {
		v    float64
		name string
	}{{l.Loss, "loss"}, {l.Dup, "duplication"}, {l.Corrupt, "corruption"}, {l.Reorder, "reordering"}} {
		if p.v != 0 {
			b = append(append(append(b, ", "...), p.name...), ' ')
			b = strconv.AppendFloat(b, p.v, 'g', -1, 64)
		}
	}
	if l.Jitter != 0 {
		b = appendDuration(append(b, ", jitter "...), l.Jitter)
	}
	return strconv.AppendUint(append(b, ", seed "...), seed, 10)
}

func appendDuration(b []byte, t fsm.Time) []byte {
	return append(strconv.AppendFloat(b, float64(t)/float64(fsm.Second), 'f', -1, 64), " s"...)
}
