package script

import "strings"

// ShellKind says how a shell line is written.
type ShellKind uint8

// Shell kinds.
const (
	Backtick ShellKind = iota // `command`: run by the shell
	Code                      // %{ code }%: run by packetdrill's Python hook
)

// Shell is a command line. Text is what lies between the delimiters, raw.
// Assert is set when the command asserts the connection's TCP state, in one
// of the two forms tcpcheck recognises:
//
//	%{ assert tcpi_state == TCPI_ESTABLISHED }%
//	`sockstat -46 | grep 3 | grep ESTABLISHED`
type Shell struct {
	Kind   ShellKind
	Text   string
	Assert *StateAssert
}

// StateAssert is a recognised assertion on the TCP state. State is the RFC
// 9293 state name in packetdrill's TCPI_ spelling without the prefix
// (ESTABLISHED, SYN_RECEIVED, FIN_WAIT_1, ...); Negated means the state
// must not be that one (!= or grep -v).
type StateAssert struct {
	State   string
	Negated bool
}

// stateNames maps the spellings of TCP states in tcp_info and sockstat
// output to the canonical names.
var stateNames = map[string]string{
	"CLOSED": "CLOSED", "CLOSE": "CLOSED", "LISTEN": "LISTEN",
	"SYN_SENT": "SYN_SENT", "SYN_RECEIVED": "SYN_RECEIVED", "SYN_RECV": "SYN_RECEIVED",
	"SYN_RCVD": "SYN_RECEIVED", "ESTABLISHED": "ESTABLISHED",
	"FIN_WAIT_1": "FIN_WAIT_1", "FIN_WAIT1": "FIN_WAIT_1",
	"FIN_WAIT_2": "FIN_WAIT_2", "FIN_WAIT2": "FIN_WAIT_2",
	"CLOSE_WAIT": "CLOSE_WAIT", "CLOSING": "CLOSING", "LAST_ACK": "LAST_ACK",
	"TIME_WAIT": "TIME_WAIT",
}

// detectAssert recognises a state assertion in a shell command's text.
func detectAssert(kind ShellKind, text string) *StateAssert {
	if kind == Code {
		return codeAssert(strings.Fields(text))
	}
	return sockstatAssert(text)
}

// codeAssert recognises "assert tcpi_state == TCPI_X" (or !=), as words.
func codeAssert(w []string) *StateAssert {
	if len(w) != 4 || w[0] != "assert" || w[1] != "tcpi_state" || (w[2] != "==" && w[2] != "!=") {
		return nil
	}
	name, ok := strings.CutPrefix(w[3], "TCPI_")
	if st := stateNames[name]; ok && st != "" {
		return &StateAssert{State: st, Negated: w[2] == "!="}
	}
	return nil
}

// sockstatAssert recognises a sockstat pipeline whose last stage is a grep
// for a state name: "sockstat ... | grep ... STATE", optionally grep -v.
func sockstatAssert(text string) *StateAssert {
	stages := strings.Split(text, "|")
	if len(stages) < 2 || !hasWord(stages[0], "sockstat") {
		return nil
	}
	w := strings.Fields(stages[len(stages)-1])
	if len(w) < 2 || w[0] != "grep" {
		return nil
	}
	st := stateNames[strings.Trim(w[len(w)-1], `'"`)]
	if st == "" {
		return nil
	}
	return &StateAssert{State: st, Negated: hasWord(strings.Join(w[1:len(w)-1], " "), "-v")}
}

// hasWord reports whether s has w as one of its white-space separated words.
func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}
