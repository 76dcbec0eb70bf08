package main

import (
	"fmt"
	"strings"
)

// kind is the Go type of one fuzz argument.
type kind uint8

const (
	kBytes kind = iota
	kString
	kBool
	kInt
	kInt8
	kInt16
	kInt32
	kInt64
	kUint
	kUint8
	kUint16
	kUint32
	kUint64
	kFloat32
	kFloat64
	numKinds
)

var kindNames = [numKinds]string{
	kBytes: "[]byte", kString: "string", kBool: "bool",
	kInt: "int", kInt8: "int8", kInt16: "int16", kInt32: "int32", kInt64: "int64",
	kUint: "uint", kUint8: "uint8", kUint16: "uint16", kUint32: "uint32", kUint64: "uint64",
	kFloat32: "float32", kFloat64: "float64",
}

func (k kind) String() string { return kindNames[k] }

// bits is the width of an integer or float kind (int and uint are 64-bit).
func (k kind) bits() int {
	switch k {
	case kInt8, kUint8:
		return 8
	case kInt16, kUint16:
		return 16
	case kInt32, kUint32, kFloat32:
		return 32
	}
	return 64
}

func (k kind) signed() bool { return k >= kInt && k <= kInt64 }

func (k kind) integer() bool { return k >= kInt && k <= kUint64 }

// kindOf maps a type name to its kind; byte and rune are the aliases Go
// writes.
func kindOf(name string) (kind, bool) {
	switch name {
	case "byte":
		return kUint8, true
	case "rune":
		return kInt32, true
	}
	for k, n := range kindNames {
		if n == name {
			return kind(k), true
		}
	}
	return 0, false
}

// parseTypes reads a -types list such as "[]byte,bool".
func parseTypes(list string) ([]kind, error) {
	var ks []kind
	for _, name := range strings.Split(list, ",") {
		k, ok := kindOf(strings.TrimSpace(name))
		if !ok {
			return nil, fmt.Errorf("-types: unknown type %q", name)
		}
		ks = append(ks, k)
	}
	return ks, nil
}

// value is one fuzz argument. Integers are held two's complement,
// truncated to their width; bools as 0 or 1; floats as their IEEE bits.
type value struct {
	kind kind
	b    []byte // []byte and string
	n    uint64 // every other kind
}

// kinds lists the kinds of vs.
func kinds(vs []value) []kind {
	ks := make([]kind, len(vs))
	for i, v := range vs {
		ks[i] = v.kind
	}
	return ks
}

// typeList is the -types spelling of ks.
func typeList(ks []kind) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.String()
	}
	return strings.Join(names, ",")
}
