//go:build tools

// This file pins the fuzzing build tools in go.mod: go-fuzz-dep is what
// go-fuzz-build links into gofuzz entry points, and go-118-fuzz-build turns
// native fuzz targets into libFuzzer binaries. It is never compiled.
package tools

import (
	_ "github.com/AdamKorcz/go-118-fuzz-build/testing"
	_ "github.com/dvyukov/go-fuzz/go-fuzz-dep"
)
