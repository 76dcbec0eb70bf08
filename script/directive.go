package script

import (
	"strings"
	"unicode"
)

// directivePrefix starts a tcpcheck directive in a line comment.
const directivePrefix = "tcpcheck:"

// parseDirective recognises "tcpcheck: key value" in the text of a line
// comment. The key is the first word after the prefix; a comment with the
// prefix and no key is an ordinary comment.
func parseDirective(text string) (*Directive, bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeftFunc(text, unicode.IsSpace), directivePrefix)
	if !ok {
		return nil, false
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return nil, false
	}
	key, value := rest, ""
	if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
		key, value = rest[:i], strings.TrimSpace(rest[i:])
	}
	return &Directive{Key: key, Value: value}, true
}
