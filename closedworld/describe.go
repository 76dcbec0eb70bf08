package closedworld

import (
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// Describe summarizes a scenario on one line.
func Describe(sc *Scenario) string {
	b := []byte("a connects to b")
	if sc.Simultaneous {
		b = []byte("simultaneous open")
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{sc.Legacy, "legacy"}, {sc.SmallBuffers, "4000-byte buffers"}, {sc.SmallMSS, "MSS 536"}, {sc.NoTimestamps, "no timestamps"}} {
		if f.on {
			b = append(append(b, ", "...), f.name...)
		}
	}
	for i := range sc.Ends {
		b = append(b, "; "...)
		b = describeEnd(b, string(rune('a'+i)), &sc.Ends[i])
	}
	b = append(b, "; delay "...)
	b = appendDuration(b, sc.Delay)
	b = append(b, ", heal at "...)
	b = appendDuration(b, sc.Heal)
	b = append(append(b, ", "...), strconv.Itoa(len(sc.Faults)/2)...)
	b = append(b, " fault decisions"...)
	return string(b)
}

var triggerNames = [NumTriggers]string{"after reading everything", "after EOF", "once connected"}

func describeEnd(b []byte, name string, e *End) []byte {
	b = append(b, name...)
	b = append(b, " sends "...)
	b = strconv.AppendInt(b, int64(e.Send), 10)
	if e.Close == 0 {
		return append(b, ", never closes"...)
	}
	b = append(append(append(b, ", "...), opName(e.Close)...), ' ')
	b = append(b, triggerNames[min(e.When, NumTriggers-1)]...)
	if e.After > 0 {
		b = append(b, " + "...)
		b = appendDuration(b, e.After)
	}
	return b
}

func opName(op observe.Op) string {
	switch op {
	case observe.OpShutdown:
		return "shuts down"
	case observe.OpAbort:
		return "aborts"
	}
	return "closes"
}

func appendDuration(b []byte, t fsm.Time) []byte {
	return append(strconv.AppendFloat(b, float64(t)/float64(fsm.Second), 'f', -1, 64), " s"...)
}
