//go:build tools

// Package tools pins the builders of tcpcheck's scale-out fuzzing: the
// libFuzzer builder for native targets and go-fuzz with its builder. They
// live in this module of their own because their build dependencies
// (golang.org/x/tools) are no part of tcpcheck. The scripts of this
// directory build them into bin/ (install_tools in common.sh). This file is
// never compiled.
package tools

import (
	_ "github.com/AdamKorcz/go-118-fuzz-build"
	_ "github.com/dvyukov/go-fuzz/go-fuzz"
	_ "github.com/dvyukov/go-fuzz/go-fuzz-build"
)
