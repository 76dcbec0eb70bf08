package wirecheck

import (
	"strconv"
	"strings"
)

// artifacts reports, for each sender, the frames cut short by the snap
// length and the segments with a bad checksum, each kind as one finding.
// Neither makes the connection's sequence numbers doubtful: only monitors
// that judge the bytes sent (Rule.Checksums) are affected, at those frames.
func (c *Conn) artifacts(d *[2]direction) {
	allBad := func(s int) bool { return len(d[s].bad) > 0 && len(d[s].bad) == d[s].total }
	for s := range d {
		ds := &d[s]
		from := " from " + c.Ends[s].String()
		if len(ds.cut) > 0 {
			c.Findings = append(c.Findings, Finding{Class: Capture, Kind: KindTruncated, Endpoint: s,
				Frame: ds.cut[0], Message: count(len(ds.cut), "segment") + from +
					" cut short by the snap length (frames " + frameList(ds.cut) +
					"): headers complete, payload not all captured"})
		}
		if len(ds.bad) == 0 {
			continue
		}
		var why string
		switch {
		case c.Ends[0].Addr() == c.Ends[1].Addr():
			why = "checksum offload on a loopback capture"
		case allBad(s) && allBad(1-s):
			why = "every verifiable segment in both directions is bad: the capture was rewritten (addresses changed) or damaged"
		case allBad(s) && len(d[1-s].bad) == 0:
			why = "typical of checksum offload on " + c.Ends[s].Addr().String() + ", where the capture was taken (or damage)"
		default:
			why = "damaged or rewritten after the sender, or offloaded in part"
		}
		c.Findings = append(c.Findings, Finding{Class: Capture, Kind: KindChecksum, Endpoint: s, Frame: ds.bad[0],
			Message: strconv.Itoa(len(ds.bad)) + " of " + count(ds.total, "segment") + from +
				" with a verifiable checksum have a bad one (frames " + frameList(ds.bad) + "): " + why +
				"; checksums are not judged on these frames"})
	}
}

// frameList formats frame numbers, the first eight of them.
func frameList(frames []int) string {
	var fr []string
	for i, f := range frames {
		if i == 8 {
			fr = append(fr, "...")
			break
		}
		fr = append(fr, strconv.Itoa(f))
	}
	return strings.Join(fr, ", ")
}

// count formats "1 segment", "2 segments".
func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
