package runner

import (
	"errors"
	"strconv"
	"strings"

	"tcpcheck/fsm"
	"tcpcheck/script"
)

// ConfigKey is the key of the directive that sets fields of the stack's
// fsm.Config for the whole script, "// tcpcheck: config MSL_us=1000000
// SynRetries=3 Legacy": space-separated NAME=VALUE words (integers; times
// in microseconds, their names ending in _us) and flag names, named after
// the fields of fsm.Config. A recorded trace thus replays with the
// configuration it was recorded under. FormatConfig writes the value,
// ParseConfig reads it.
const ConfigKey = "config"

// intField is an integer field of fsm.Config as the config directive
// names it.
type intField struct {
	name string
	get  func(*fsm.Config) int64
	set  func(*fsm.Config, int64) bool // false when v does not fit
}

// flagField is a boolean field of fsm.Config.
type flagField struct {
	name string
	ptr  func(*fsm.Config) *bool
}

func timeField(name string, p func(*fsm.Config) *fsm.Time) intField {
	return intField{name,
		func(c *fsm.Config) int64 { return int64(*p(c) / fsm.Microsecond) },
		func(c *fsm.Config, v int64) bool { *p(c) = fsm.Time(v) * fsm.Microsecond; return v >= 0 && v < 1<<40 }}
}

func countField(name string, p func(*fsm.Config) *int, lo int64) intField {
	return intField{name,
		func(c *fsm.Config) int64 { return int64(*p(c)) },
		func(c *fsm.Config, v int64) bool { *p(c) = int(v); return v >= lo && v < 1<<31 }}
}

// intFields are the integer fields, in the order FormatConfig writes them.
var intFields = []intField{
	{"MSS", func(c *fsm.Config) int64 { return int64(c.MSS) },
		func(c *fsm.Config, v int64) bool { c.MSS = uint16(v); return v >= 0 && v <= 0xffff }},
	countField("SendBuffer", func(c *fsm.Config) *int { return &c.SendBuffer }, 0),
	countField("RecvBuffer", func(c *fsm.Config) *int { return &c.RecvBuffer }, 0),
	{"WScale", func(c *fsm.Config) int64 { return int64(c.WScale) },
		func(c *fsm.Config, v int64) bool { c.WScale = int8(v); return v >= -1 && v <= 14 }},
	timeField("MSL_us", func(c *fsm.Config) *fsm.Time { return &c.MSL }),
	timeField("RTOInitial_us", func(c *fsm.Config) *fsm.Time { return &c.RTOInitial }),
	timeField("RTOMin_us", func(c *fsm.Config) *fsm.Time { return &c.RTOMin }),
	timeField("RTOMax_us", func(c *fsm.Config) *fsm.Time { return &c.RTOMax }),
	countField("SynRetries", func(c *fsm.Config) *int { return &c.SynRetries }, 0),
	countField("Retries", func(c *fsm.Config) *int { return &c.Retries }, 0),
	countField("MaxBurst", func(c *fsm.Config) *int { return &c.MaxBurst }, 0),
	countField("ChallengeACKLimit", func(c *fsm.Config) *int { return &c.ChallengeACKLimit }, -1),
	timeField("ConnectTimeout_us", func(c *fsm.Config) *fsm.Time { return &c.ConnectTimeout }),
	timeField("KeepAlive_us", func(c *fsm.Config) *fsm.Time { return &c.KeepAlive }),
	timeField("KeepAliveInterval_us", func(c *fsm.Config) *fsm.Time { return &c.KeepAliveInterval }),
	countField("KeepAliveProbes", func(c *fsm.Config) *int { return &c.KeepAliveProbes }, 0),
	{"ECN", func(c *fsm.Config) int64 { return int64(c.ECN) },
		func(c *fsm.Config, v int64) bool { c.ECN = fsm.ECNMode(v); return v >= 0 && v <= int64(fsm.ECNRequest) }},
	countField("ECNSynRetries", func(c *fsm.Config) *int { return &c.ECNSynRetries }, 0),
}

// flagFields are the boolean fields, written after the integers.
var flagFields = []flagField{
	{"NoSACK", func(c *fsm.Config) *bool { return &c.NoSACK }},
	{"NoTimestamp", func(c *fsm.Config) *bool { return &c.NoTimestamp }},
	{"NoOptions", func(c *fsm.Config) *bool { return &c.NoOptions }},
	{"Legacy", func(c *fsm.Config) *bool { return &c.Legacy }},
	{"TimeWaitRST", func(c *fsm.Config) *bool { return &c.TimeWaitRST }},
}

// FormatConfig writes the fields of cfg that are set and differ from fsm's
// defaults as a config directive's value; "" when there are none.
func FormatConfig(cfg fsm.Config) string {
	var b []byte
	d := fsm.DefaultConfig()
	for _, f := range intFields {
		if v := f.get(&cfg); v != 0 && v != f.get(&d) {
			b = strconv.AppendInt(append(append(b, ' '), f.name+"="...), v, 10)
		}
	}
	for _, f := range flagFields {
		if *f.ptr(&cfg) {
			b = append(append(b, ' '), f.name...)
		}
	}
	return strings.TrimPrefix(string(b), " ")
}

// ParseConfig applies a config directive's value to cfg. The error names
// the first word it could not use.
func ParseConfig(value string, cfg *fsm.Config) error {
	for _, w := range strings.Fields(value) {
		if err := applyWord(w, cfg); err != nil {
			return err
		}
	}
	return nil
}

func applyWord(w string, cfg *fsm.Config) error {
	name, val, isInt := strings.Cut(w, "=")
	if !isInt {
		for _, f := range flagFields {
			if f.name == name {
				*f.ptr(cfg) = true
				return nil
			}
		}
		return errors.New("unknown config flag " + strconv.Quote(w))
	}
	for _, f := range intFields {
		if f.name != name {
			continue
		}
		v, err := strconv.ParseInt(val, 0, 64)
		if err != nil || !f.set(cfg, v) {
			return errors.New("bad value in config " + strconv.Quote(w))
		}
		return nil
	}
	return errors.New("unknown config field " + strconv.Quote(name))
}

// configDirectives applies every config directive of s to cfg; the failure
// names the directive that did not parse.
func configDirectives(s *script.Script, cfg *fsm.Config) *Failure {
	for i := range s.Lines {
		d, ok := s.Lines[i].Event.(*script.Directive)
		if !ok || d.Key != ConfigKey {
			continue
		}
		if err := ParseConfig(d.Value, cfg); err != nil {
			return &Failure{Pos: s.Lines[i].Pos, Msg: err.Error()}
		}
	}
	return nil
}
