package shrink

import (
	"bufio"
	"io"
	"time"

	"tcpcheck/capture"
	"tcpcheck/observe"
)

// PcapEpoch is the wall-clock time of virtual time 0 in the pcaps written
// here, as in "tcpcheck run -pcap".
var PcapEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// WritePcap writes every segment the trace injected and sent as a raw-IP
// pcap (capture.Writer: valid IPv4 and TCP checksums), stamped PcapEpoch
// plus the virtual time.
func (t *Trace) WritePcap(w io.Writer) error {
	b := bufio.NewWriter(w)
	cw, err := capture.NewWriter(b)
	if err != nil {
		return err
	}
	for i := range t.Events {
		ev := &t.Events[i]
		at := PcapEpoch.Add(time.Duration(ev.Time))
		switch ev.Kind {
		case observe.Input:
			err = cw.WriteSegment(at, t.Remote, t.Local, ev.Seg)
		case observe.Output:
			err = cw.WriteSegment(at, t.Local, t.Remote, ev.Seg)
		}
		if err != nil {
			return err
		}
	}
	return b.Flush()
}
