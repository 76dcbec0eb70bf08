package properties

import (
	"tcpcheck/observe"
	"tcpcheck/seq"
)

// Tests written for the fuzzer's instrumentation, where every integer
// comparison is a call and a bool test is not.

// leq is a.LessThanEq(b) in one comparison instead of two: a = b or
// int32(a-b) < 0 (RFC 1982 §3.2) is a-b = 0 or a-b >= 2^31 in uint32,
// which is a-b-1 >= 2^31-1, 0 wrapping to 2^32-1.
func leq(a, b seq.Num) bool { return uint32(a-b)-1 >= 1<<31-1 }

// Kind tests as tables, indexed by any Kind: no comparisons.
var (
	isInput  = kindTable(observe.Input)
	isOutput = kindTable(observe.Output)
	isChange = kindTable(observe.Change)
	isCall   = kindTable(observe.Call)
	isTick   = kindTable(observe.Tick)
	isNotify = kindTable(observe.Notify)
)

func kindTable(k observe.Kind) (t [256]bool) {
	t[k] = true
	return t
}
