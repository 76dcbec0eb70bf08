package script

// Options are the header options of a script, written "--name=value" on a
// line of their own, as on packetdrill's command line. The four tcpcheck
// uses are typed; every other option is kept in Ignored, in source order.
// When a known option is given twice the last one wins.
type Options struct {
	IPVersion      string  // ipv4, ipv6 or ipv4-mapped-ipv6; "" when absent
	ToleranceUsecs Setting // --tolerance_usecs: timing slack in microseconds
	MSS            Setting // --mss
	MTU            Setting // --mtu
	Ignored        []Option
}

// Setting is the value of a numeric header option and whether it was given.
type Setting struct {
	Value int64
	Set   bool
}

// Option is one header option as written: --Name=Value, or --Name when
// Value is empty.
type Option struct {
	Pos         Pos
	Name, Value string
}

// IP versions --ip_version accepts.
var ipVersions = map[string]bool{"ipv4": true, "ipv6": true, "ipv4-mapped-ipv6": true}

// Warnings reports the ignored options, one "file:line:col: option --name
// ignored" message each.
func (o *Options) Warnings() []string {
	var w []string
	for _, opt := range o.Ignored {
		w = append(w, opt.Pos.String()+": option --"+opt.Name+" ignored")
	}
	return w
}

// setting returns the typed Setting for a known numeric option name, or nil.
func (o *Options) setting(name string) *Setting {
	switch name {
	case "tolerance_usecs":
		return &o.ToleranceUsecs
	case "mss":
		return &o.MSS
	case "mtu":
		return &o.MTU
	}
	return nil
}
