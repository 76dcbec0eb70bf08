package record

import (
	"net/netip"
	"strconv"

	"tcpcheck/fsm"
	"tcpcheck/runner"
	"tcpcheck/script"
	"tcpcheck/seq"
)

// Header returns the lines a recorded script starts with: each comment,
// then the directives runner applies, "tcpcheck: isn" with isn and, when
// cfg differs from fsm's defaults, "tcpcheck: config" (runner.FormatConfig).
func Header(isn seq.Num, cfg fsm.Config, comments ...string) []script.Line {
	var out []script.Line
	for _, c := range comments {
		out = append(out, script.Line{Event: &script.Comment{Text: " " + c}})
	}
	out = append(out, script.Line{Event: &script.Directive{Key: runner.ISNKey, Value: "0x" + strconv.FormatUint(uint64(isn), 16)}})
	if c := runner.FormatConfig(cfg); c != "" {
		out = append(out, script.Line{Event: &script.Directive{Key: runner.ConfigKey, Value: c}})
	}
	return out
}

// IPVersion is the --ip_version header value of a script whose endpoint
// has address a.
func IPVersion(a netip.Addr) string {
	if a.Is4() {
		return "ipv4"
	}
	return "ipv6"
}
