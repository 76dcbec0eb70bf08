package shrink

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"tcpcheck/convert"
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/runner"
	"tcpcheck/script"
)

// Repro is a shrunk failure ready for a bug report: the minimal script,
// which Script gives with its header, and the trace that the ladder
// diagram and the pcap show.
type Repro struct {
	Failure Failure
	Stats   Stats
	Source  string // what was shrunk: "script crash.pkt", "simulation seed 7", ...
	Trace   *Trace
	// Body is the minimal script without the header comments: its
	// directives (isn, config, violation) and lines.
	Body *script.Script
	// Notes are further header lines: what the replay cannot express, the
	// line at which a mismatch fails.
	Notes []string
	// Input is, for a raw input (Bytes), the minimal input, and Check the
	// Go function (package-qualified) that fails on it.
	Input []byte
	Check string
	// Unit is what Stats counts: "stimuli" (the default), "lines", "faults"
	// or "bytes".
	Unit string
}

// ScenarioRepro records the shrunk scenario of res on the endpoint build
// makes (nil: the reference endpoint) and writes it as a script whose '>'
// lines are what the endpoint sent.
func ScenarioRepro(res *ScenarioResult, build func(fsm.Config) observe.Endpoint, source string) *Repro {
	t := RecordScenario(&res.Scenario, build)
	r := &Repro{Failure: res.Failure, Stats: res.Stats, Source: source, Trace: t, Body: t.rec.Script()}
	for _, what := range t.rec.Inexact() {
		r.Notes = append(r.Notes, "not replayed exactly: "+what)
	}
	if f := &r.Failure; f.Kind == Violation {
		r.Body.Lines = insertDirective(r.Body.Lines, convert.ViolationKey, f.Monitor)
		at := strconv.FormatFloat(float64(f.Event.Time)/1e9, 'f', 6, 64)
		r.Body.Lines = append(r.Body.Lines, script.Line{Event: &script.Comment{
			Text: " ^ " + f.Monitor + " broken at " + at + " s, by the last stimulus above or what it sent"}})
	}
	return r
}

// ScriptRepro is the repro of a script that fails when replayed (a
// mismatch or a panic): the script itself, with an isn directive if it had
// none and, for a mismatch, an xfail directive ("tcpcheck: xfail", which
// corpus/'s tests read as an expected failure), recorded with runner.Run.
func ScriptRepro(res *ScriptResult, opts runner.Options, source string) *Repro {
	body := &script.Script{Options: res.Script.Options, Lines: append([]script.Line(nil), res.Script.Lines...)}
	if _, ok := runner.ScriptISN(body); !ok {
		isn := runner.DefaultISN
		if opts.Config != nil && opts.Config.ISN != nil {
			isn = opts.Config.ISN(0, fsm.Tuple{})
		}
		body.Lines = insertDirective(body.Lines, runner.ISNKey, "0x"+strconv.FormatUint(uint64(isn), 16))
	}
	r := &Repro{Failure: res.Failure, Stats: res.Stats, Source: source, Body: body, Trace: RecordScript(body, opts), Unit: "lines"}
	if res.Failed >= 0 && res.Failure.Kind == Mismatch {
		r.Notes = append(r.Notes, "the replay fails at the last line: "+res.Failure.Line+", "+res.Failure.Class)
		// corpus/'s tests expect such a script to fail until the endpoint
		// does what its last line says.
		r.Body.Lines = insertDirective(r.Body.Lines, "xfail", "the endpoint differs at the last line: "+res.Failure.Class)
	}
	return r
}

// insertDirective puts a directive after the leading comments and
// directives.
func insertDirective(lines []script.Line, key, value string) []script.Line {
	i := 0
	for i < len(lines) && lines[i].Time.Kind == script.NoTime {
		i++
	}
	d := script.Line{Event: &script.Directive{Key: key, Value: value}}
	return append(lines[:i:i], append([]script.Line{d}, lines[i:]...)...)
}

// Hash is a short hash of the script body, for file and test names: the
// same repro gets the same name.
func (r *Repro) Hash() string {
	sum := sha256.Sum256(r.Body.AppendText(nil))
	return hex.EncodeToString(sum[:4])
}

// Name is the repro's base name: the failure's name and the hash.
func (r *Repro) Name() string { return r.Failure.Name() + "-" + r.Hash() }

// Script returns the minimal script with its header comments: the
// failure, what was shrunk and by how much, the endpoint's opening and
// configuration, and the command that replays it from file (the path it is
// written to; "FILE" when empty).
func (r *Repro) Script(file string) *script.Script {
	if file == "" {
		file = "FILE"
	}
	var hdr []string
	f := &r.Failure
	hdr = append(hdr, "tcpcheck shrink: "+f.String())
	unit := r.Unit
	if unit == "" {
		unit = "stimuli"
	}
	hdr = append(hdr, "shrunk from "+r.Source+": "+strconv.Itoa(r.Stats.Original)+" "+unit+" to "+
		strconv.Itoa(r.Stats.Minimal)+" ("+strconv.Itoa(r.Stats.Calls)+" runs)")
	if r.Stats.Exhausted {
		hdr = append(hdr, "the shrink ran out of budget: smaller may exist")
	}
	hdr = append(hdr, "endpoint: "+r.endpointNote())
	hdr = append(hdr, r.Notes...)
	hdr = append(hdr, "replay: go run ./cmd/tcpcheck run "+file)
	out := &script.Script{Options: r.Body.Options}
	for _, h := range hdr {
		out.Lines = append(out.Lines, script.Line{Event: &script.Comment{Text: " " + h}})
	}
	out.Lines = append(out.Lines, r.Body.Lines...)
	return out
}

// endpointNote describes how the endpoint was opened and configured.
func (r *Repro) endpointNote() string {
	t := r.Trace
	open := "active open"
	if t.Passive {
		open = "passive open"
	}
	cfg := runner.FormatConfig(t.Config)
	if cfg == "" {
		cfg = "fsm defaults"
	}
	return open + ", ISN " + strconv.FormatUint(uint64(t.ISN), 10) + " (0x" + strconv.FormatUint(uint64(t.ISN), 16) +
		", isn directive), configuration: " + cfg
}

// sanitize keeps letters, digits, '-' and '_' of s, for file names.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}
