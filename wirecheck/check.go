package wirecheck

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"time"

	"tcpcheck/capture"
	"tcpcheck/properties"
)

// ErrNoTCP is returned (wrapped) for a capture without a TCP segment.
var ErrNoTCP = errors.New("no TCP segments")

// Options tune Check.
type Options struct {
	// Config is given to the monitors; nil means properties.DefaultConfig.
	Config *properties.Config
}

// Report is what Check found in one capture file.
type Report struct {
	File     string
	Start    time.Time // the capture time of the first frame
	Frames   int       // frames read
	NotIP    int       // frames carrying something other than IP
	NotTCP   int       // IP packets carrying something other than TCP
	Segments int       // TCP segments decoded
	Conns    []*Conn
	// Findings are about frames that belong to no connection: frames whose
	// link header or TCP header does not decode.
	Findings []Finding
}

// Verdict is the worst verdict of the report's connections and findings.
func (r *Report) Verdict() Verdict {
	v := verdictOf(r.Findings)
	for _, c := range r.Conns {
		v = max(v, c.Verdict())
	}
	return v
}

// Count returns the number of RFC violations and of capture problems.
func (r *Report) Count() (rfc, capture int) {
	count := func(fs []Finding) {
		for _, f := range fs {
			if f.Class == RFC {
				rfc++
			} else {
				capture++
			}
		}
	}
	count(r.Findings)
	for _, c := range r.Conns {
		count(c.Findings)
	}
	return rfc, capture
}

// CheckFile opens the capture at path and checks it.
func CheckFile(path string, opt *Options) (*Report, error) {
	r, err := capture.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return Check(r, opt)
}

// Check reads every frame of r and checks every TCP connection in it. On a
// read error after some frames it returns the report of the frames read
// and the error.
func Check(r *capture.Reader, opt *Options) (*Report, error) {
	cfg := properties.DefaultConfig()
	if opt != nil && opt.Config != nil {
		cfg = *opt.Config
	}
	fs, err := read(r)
	rep := &Report{File: r.Name(), Start: fs.start, Frames: fs.total, NotIP: fs.notIP, NotTCP: fs.notTCP,
		Segments: len(fs.pkts), Findings: fs.findings}
	rep.Conns = split(fs.pkts)
	applies := Applicability()
	for _, c := range rep.Conns {
		c.analyse()
		c.runMonitors(cfg, applies)
	}
	rep.attach(fs.bad)
	for _, c := range rep.Conns {
		c.Findings = append(c.Findings, problemFindings(c.problems)...)
		sortFindings(c.Findings)
	}
	sortFindings(rep.Findings)
	if err == nil && len(fs.pkts) == 0 && len(fs.bad) == 0 {
		err = fmt.Errorf("%s: %w in %d frames (%d not IP, %d IP but not TCP)", r.Name(), ErrNoTCP,
			fs.total, fs.notIP, fs.notTCP)
	}
	return rep, err
}

// attach gives each undecodable frame to the connection of its 4-tuple
// whose frames surround it, else to the report.
func (r *Report) attach(bad []badFrame) {
	for _, b := range bad {
		var best *Conn
		if b.src.IsValid() {
			for _, c := range r.Conns {
				if (c.Ends == [2]netip.AddrPort{b.src, b.dst} || c.Ends == [2]netip.AddrPort{b.dst, b.src}) &&
					(best == nil || c.Frames[0] < b.finding.Frame) {
					best = c
				}
			}
		}
		if best == nil {
			r.Findings = append(r.Findings, b.finding)
			continue
		}
		f := b.finding
		f.Endpoint = 0
		if best.Ends[1] == b.src {
			f.Endpoint = 1
		}
		best.Findings = append(best.Findings, f)
	}
}

// problemFindings returns the findings of the capture problems, without
// repeating one already reported for the same frame and kind.
func problemFindings(ps []problem) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, p := range ps {
		k := fmt.Sprint(p.Frame, p.Kind, p.Message)
		if !seen[k] {
			seen[k] = true
			out = append(out, p.Finding)
		}
	}
	return out
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Frame < fs[j].Frame })
}
