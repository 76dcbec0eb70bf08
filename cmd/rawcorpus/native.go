package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"math"
	"strconv"
	"strings"
)

// nativeHeader is the first line of every native corpus file.
const nativeHeader = "go test fuzz v1"

// posError is a malformed input: file, line and column (native files) or
// byte offset (raw files, line 0).
type posError struct {
	file      string
	line, col int
	off       int
	msg       string
}

func (e *posError) Error() string {
	if e.line == 0 {
		return fmt.Sprintf("%s: byte offset %d: %s", e.file, e.off, e.msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.file, e.line, e.col, e.msg)
}

// parseNative reads a native corpus file: the header line, then one value
// per non-blank line.
func parseNative(file string, data []byte) ([]value, error) {
	lines := strings.Split(string(data), "\n")
	if strings.TrimRight(lines[0], "\r") != nativeHeader {
		return nil, &posError{file: file, line: 1, col: 1, msg: fmt.Sprintf("not a native corpus file (want %q)", nativeHeader)}
	}
	var vs []value
	for i, line := range lines[1:] {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		v, err := parseValue(line)
		if err != nil {
			err.file, err.line = file, i+2
			return nil, err
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return nil, &posError{file: file, line: len(lines), col: 1, msg: "no values after the header"}
	}
	return vs, nil
}

// parseValue reads one line such as []byte("a") or int8(-3). The error's
// file and line are left to the caller.
func parseValue(line string) (value, *posError) {
	fset := token.NewFileSet()
	expr, err := parser.ParseExprFrom(fset, "", line, 0)
	if err != nil {
		col := 1
		if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
			col = list[0].Pos.Column
		}
		return value{}, &posError{col: col, msg: "not a Go expression: " + firstError(err)}
	}
	col := func(n ast.Node) int { return fset.Position(n.Pos()).Column }
	call, ok := expr.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return value{}, &posError{col: col(expr), msg: "want a conversion such as []byte(\"...\") or int(5)"}
	}
	k, frombits, ok := callType(call.Fun)
	if !ok {
		return value{}, &posError{col: col(call.Fun), msg: "unsupported type " + exprString(line, fset, call.Fun)}
	}
	v, msg := evalArg(k, frombits, call.Args[0])
	if msg != "" {
		return value{}, &posError{col: col(call.Args[0]), msg: msg}
	}
	return v, nil
}

// callType names the kind a conversion produces; frombits is set for
// math.Float32frombits and math.Float64frombits.
func callType(fun ast.Expr) (k kind, frombits, ok bool) {
	switch f := fun.(type) {
	case *ast.ArrayType:
		if id, isID := f.Elt.(*ast.Ident); isID && f.Len == nil && (id.Name == "byte" || id.Name == "uint8") {
			return kBytes, false, true
		}
	case *ast.Ident:
		k, ok := kindOf(f.Name)
		return k, false, ok
	case *ast.SelectorExpr:
		if pkg, isID := f.X.(*ast.Ident); isID && pkg.Name == "math" {
			switch f.Sel.Name {
			case "Float32frombits":
				return kFloat32, true, true
			case "Float64frombits":
				return kFloat64, true, true
			}
		}
	}
	return 0, false, false
}

// evalArg evaluates the argument of a conversion to kind k; msg is empty
// on success.
func evalArg(k kind, frombits bool, arg ast.Expr) (v value, msg string) {
	v.kind = k
	switch {
	case k == kBytes || k == kString:
		s, msg := stringLit(arg)
		v.b = []byte(s)
		return v, msg
	case k == kBool:
		id, ok := arg.(*ast.Ident)
		if !ok || (id.Name != "true" && id.Name != "false") {
			return v, "want true or false"
		}
		if id.Name == "true" {
			v.n = 1
		}
		return v, ""
	case frombits:
		n, msg := intLit(arg, kUint64)
		if msg == "" && k == kFloat32 && n > math.MaxUint32 {
			msg = "bits do not fit in 32 bits"
		}
		v.n = n
		return v, msg
	case k.integer():
		v.n, msg = intLit(arg, k)
		return v, msg
	}
	v.n, msg = floatLit(arg, k)
	return v, msg
}

// literal unwraps an optional minus sign around a basic literal.
func literal(arg ast.Expr) (lit *ast.BasicLit, neg bool) {
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		arg, neg = u.X, true
	}
	lit, _ = arg.(*ast.BasicLit)
	return lit, neg
}

func stringLit(arg ast.Expr) (string, string) {
	lit, neg := literal(arg)
	if lit == nil || neg || lit.Kind != token.STRING {
		return "", "want a string literal"
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		return "", "bad string literal"
	}
	return s, ""
}

// intLit reads an integer or character literal that fits kind k.
func intLit(arg ast.Expr, k kind) (uint64, string) {
	lit, neg := literal(arg)
	if lit == nil || (lit.Kind != token.INT && lit.Kind != token.CHAR) {
		return 0, "want an integer or character literal"
	}
	text := lit.Value
	if lit.Kind == token.CHAR {
		r, _, tail, err := strconv.UnquoteChar(text[1:len(text)-1], '\'')
		if err != nil || tail != "" {
			return 0, "bad character literal"
		}
		text = strconv.Itoa(int(r))
	}
	if neg {
		text = "-" + text
	}
	if k.signed() {
		n, err := strconv.ParseInt(text, 0, k.bits())
		if err != nil {
			return 0, fmt.Sprintf("%s does not fit in %s", text, k)
		}
		return uint64(n) & mask(k), ""
	}
	n, err := strconv.ParseUint(text, 0, k.bits())
	if err != nil {
		return 0, fmt.Sprintf("%s does not fit in %s", text, k)
	}
	return n, ""
}

// floatLit reads a float or integer literal as the bits of kind k.
func floatLit(arg ast.Expr, k kind) (uint64, string) {
	lit, neg := literal(arg)
	if lit == nil || (lit.Kind != token.FLOAT && lit.Kind != token.INT) {
		return 0, "want a number"
	}
	f, err := strconv.ParseFloat(lit.Value, k.bits())
	if err != nil {
		return 0, "bad number " + lit.Value
	}
	if neg {
		f = -f
	}
	if k == kFloat32 {
		return uint64(math.Float32bits(float32(f))), ""
	}
	return math.Float64bits(f), ""
}

// mask keeps the low bits of an integer kind.
func mask(k kind) uint64 { return math.MaxUint64 >> (64 - k.bits()) }

func firstError(err error) string {
	if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
		return list[0].Msg
	}
	return err.Error()
}

func exprString(line string, fset *token.FileSet, e ast.Expr) string {
	from, to := fset.Position(e.Pos()).Offset, fset.Position(e.End()).Offset
	return line[from:to]
}

// formatNative writes vs as a native corpus file.
func formatNative(vs []value) []byte {
	var b bytes.Buffer
	b.WriteString(nativeHeader + "\n")
	for _, v := range vs {
		b.WriteString(formatValue(v))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func formatValue(v value) string {
	switch {
	case v.kind == kBytes:
		return "[]byte(" + strconv.Quote(string(v.b)) + ")"
	case v.kind == kString:
		return "string(" + strconv.Quote(string(v.b)) + ")"
	case v.kind == kBool:
		return "bool(" + strconv.FormatBool(v.n == 1) + ")"
	case v.kind == kUint8:
		return "byte(" + strconv.QuoteRune(rune(v.n)) + ")"
	case v.kind.signed():
		shift := 64 - v.kind.bits()
		return fmt.Sprintf("%s(%d)", v.kind, int64(v.n<<shift)>>shift)
	case v.kind.integer():
		return fmt.Sprintf("%s(%d)", v.kind, v.n)
	}
	return formatFloat(v)
}

// formatFloat writes finite floats as literals and the rest (NaN, the
// infinities, negative zero) as their bits.
func formatFloat(v value) string {
	f := math.Float64frombits(v.n)
	fn := "math.Float64frombits"
	if v.kind == kFloat32 {
		f = float64(math.Float32frombits(uint32(v.n)))
		fn = "math.Float32frombits"
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Signbit(f) && f == 0 {
		return fmt.Sprintf("%s(0x%x)", fn, v.n)
	}
	return fmt.Sprintf("%s(%s)", v.kind, strconv.FormatFloat(f, 'g', -1, v.kind.bits()))
}
