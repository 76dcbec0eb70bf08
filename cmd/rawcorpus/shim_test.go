//go:build fuzzshim

package main

import (
	"math"
	"reflect"
	"testing"

	shim "github.com/AdamKorcz/go-118-fuzz-build/testing"
	"pgregory.net/rapid"
)

// This file runs with go test -tags fuzzshim (make libfuzzer does;
// the tag libfuzzer itself would switch the runtime to libFuzzer hooks): it
// checks the go118 framing against go-118-fuzz-build's own testing.F,
// the code that hands a libFuzzer input to a native target.

var reflectTypes = [numKinds]reflect.Type{
	kBytes: reflect.TypeOf([]byte(nil)), kString: reflect.TypeOf(""), kBool: reflect.TypeOf(false),
	kInt: reflect.TypeOf(0), kInt8: reflect.TypeOf(int8(0)), kInt16: reflect.TypeOf(int16(0)),
	kInt32: reflect.TypeOf(int32(0)), kInt64: reflect.TypeOf(int64(0)),
	kUint: reflect.TypeOf(uint(0)), kUint8: reflect.TypeOf(uint8(0)), kUint16: reflect.TypeOf(uint16(0)),
	kUint32: reflect.TypeOf(uint32(0)), kUint64: reflect.TypeOf(uint64(0)),
	kFloat32: reflect.TypeOf(float32(0)), kFloat64: reflect.TypeOf(float64(0)),
}

// shimRead returns the arguments go-118-fuzz-build's testing.F passes to a
// fuzz function of the given types, or ok false when it does not call it.
func shimRead(ks []kind, raw []byte) (vs []value, ok bool) {
	in := []reflect.Type{reflect.TypeOf(&shim.T{})}
	for _, k := range ks {
		in = append(in, reflectTypes[k])
	}
	fn := reflect.MakeFunc(reflect.FuncOf(in, nil, false), func(args []reflect.Value) []reflect.Value {
		ok = true
		for i, k := range ks {
			vs = append(vs, fromReflect(k, args[i+1]))
		}
		return nil
	})
	f := &shim.F{Data: raw, T: shim.NewT()}
	f.Fuzz(fn.Interface())
	return vs, ok
}

func fromReflect(k kind, a reflect.Value) value {
	v := value{kind: k}
	switch {
	case k == kBytes:
		v.b = append([]byte{}, a.Bytes()...)
	case k == kString:
		v.b = []byte(a.String())
	case k == kBool:
		if a.Bool() {
			v.n = 1
		}
	case k.signed():
		v.n = uint64(a.Int()) & mask(k)
	case k.integer():
		v.n = a.Uint()
	case k == kFloat32:
		v.n = uint64(math.Float32bits(a.Interface().(float32)))
	default:
		v.n = math.Float64bits(a.Interface().(float64))
	}
	return v
}

// TestShimReadsLikeDecode: on any bytes, decode skips exactly the inputs
// the shim does not pass on, and reads the same values from the rest.
func TestShimReadsLikeDecode(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ks := kinds(genValues(t))
		raw := rapid.SliceOfN(rapid.Byte(), 0, 64).Draw(t, "raw")
		want, called := shimRead(ks, raw)
		got, err := decode(frameGo118, ks, raw)
		if called != (err == nil) || called && !sameValues(got, want) {
			t.Fatalf("types %s, input %x: shim %v (called %v), decode %v, %v", typeList(ks), raw, want, called, got, err)
		}
	})
}

// TestShimReadsEncoded: what encode writes, the shim reads back.
func TestShimReadsEncoded(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		vs := genValues(t)
		raw, err := encode(frameGo118, vs)
		if err != nil {
			return
		}
		got, called := shimRead(kinds(vs), raw)
		if !called || !sameValues(got, vs) {
			t.Fatalf("%v -> %x -> shim %v (called %v)", vs, raw, got, called)
		}
	})
}
