package fuzz

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// harnesses maps the function names of a tagged entry-point file to the
// name of the function passed as first argument to call in their body
// ("" when there is none).
func harnesses(t *testing.T, file, call string) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || !fn.Name.IsExported() {
			continue
		}
		out[fn.Name.Name] = ""
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if id, isID := funIdent(c); ok && isID && id == call && len(c.Args) > 0 {
				if arg, ok := c.Args[0].(*ast.Ident); ok {
					out[fn.Name.Name] = arg.Name
				}
			}
			return true
		})
	}
	return out
}

func funIdent(c *ast.CallExpr) (string, bool) {
	if c == nil {
		return "", false
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

// checkName is the name of an entry's Check function, "SegmentDecode".
func checkName(e Entry) string {
	full := runtime.FuncForPC(reflect.ValueOf(e.Check).Pointer()).Name()
	return full[strings.LastIndex(full, ".")+1:]
}

// TestEntryPointsCoverAll: gofuzz.go has FuzzRawX and gofuzz_libfuzzer.go
// LibFuzzX for every target FuzzX of All, each running that target's
// Check, and nothing else but the Empty baselines.
func TestEntryPointsCoverAll(t *testing.T) {
	for _, c := range []struct{ file, prefix, call string }{
		{"gofuzz.go", "FuzzRaw", "goFuzz"},
		{"gofuzz_libfuzzer.go", "LibFuzz", "libFuzz"},
	} {
		got := harnesses(t, c.file, c.call)
		want := map[string]string{c.prefix + "Empty": ""}
		for _, e := range All {
			want[c.prefix+strings.TrimPrefix(e.Name, "Fuzz")] = checkName(e)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: entry points and the Check each runs:\n got %v\nwant %v", c.file, got, want)
		}
	}
}

// TestLibFuzzNamesNoPrefix: compile_native_go_fuzzer looks a harness up
// with grep "func NAME" and wants exactly one line, so no harness name may
// start another's.
func TestLibFuzzNamesNoPrefix(t *testing.T) {
	var names []string
	for name := range harnesses(t, "gofuzz_libfuzzer.go", "libFuzz") {
		names = append(names, name)
	}
	sort.Strings(names)
	for i := 1; i < len(names); i++ {
		if strings.HasPrefix(names[i], names[i-1]) {
			t.Errorf("%s starts %s", names[i-1], names[i])
		}
	}
	if len(names) < 2 {
		t.Fatalf("only %d harnesses", len(names))
	}
}
