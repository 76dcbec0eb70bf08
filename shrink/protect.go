package shrink

import (
	"fmt"
	"runtime"
	"strings"
)

// maxFrames is how many frames of tcpcheck's code identify a panic.
const maxFrames = 3

// panicFailure describes the panic in progress: its value and the top
// frames of tcpcheck's code between the panic and the shrinker's predicate
// wrapper, the first frame of this package's own (non-test) code. Every
// predicate wrapper calls it from a deferred function that recovers:
//
//	defer func() {
//		if r := recover(); r != nil {
//			f = panicFailure(r)
//		}
//	}()
func panicFailure(r any) Failure {
	var pcs [64]uintptr
	n := runtime.Callers(3, pcs[:]) // skip Callers, panicFailure, the deferred function
	frames := runtime.CallersFrames(pcs[:n])
	var top, any []string
	for {
		fr, more := frames.Next()
		if ownFrame(fr) {
			break
		}
		if strings.HasPrefix(fr.Function, "runtime.") {
			if !more {
				break
			}
			continue
		}
		if len(any) < maxFrames {
			any = append(any, fr.Function)
		}
		if strings.HasPrefix(fr.Function, "tcpcheck/") && len(top) < maxFrames {
			top = append(top, fr.Function)
		}
		if !more {
			break
		}
	}
	if len(top) == 0 {
		top = any
	}
	return Failure{Kind: Panic, Frames: top, Message: fmt.Sprint(r)}
}

// ownFrame reports a frame of the shrinker's own code, where the code
// under test was called from (its tests do not count: test-only
// predicates live there).
func ownFrame(fr runtime.Frame) bool {
	return strings.HasPrefix(fr.Function, "tcpcheck/shrink.") && !strings.HasSuffix(fr.File, "_test.go")
}
