package closedworld

import (
	"bytes"
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// Every byte string decodes, and what it decodes to is within the format's
// ranges: Append writes it back to bytes that decode to the same scenario
// and append to themselves.
func TestCodecRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOfN(rapid.Byte(), 0, HeaderLen+16).Draw(t, "bytes")
		var sc, again Scenario
		Decode(b, &sc)
		enc := Append(nil, &sc)
		Decode(enc, &again)
		if !reflect.DeepEqual(normal(sc), normal(again)) {
			t.Fatalf("%x decodes to %+v, appended %x decodes to %+v", b, sc, enc, again)
		}
		if got := Append(nil, &again); !bytes.Equal(got, enc) {
			t.Fatalf("appended %x, then %x", enc, got)
		}
	})
}

// normal makes empty fault slices alike, for comparisons.
func normal(sc Scenario) Scenario {
	if len(sc.Faults) == 0 {
		sc.Faults = nil
	}
	return sc
}

// Decode fills every field the format has, for both sides, and clamps
// what is out of range.
func TestDecodeFields(t *testing.T) {
	b := []byte{
		modeSimultaneous | modeLegacy | modeSmallBuffers | modeSmallMSS | modeNoTimestamps,
		0xff, 0xff, 0xff, 0xf0, 0x80, 0, 0, 0, // ISNs
		0x02, 0x00, 2 | 1<<2, 3, // a: 16 bytes, abort after EOF, 30 ms
		0xff, 0xff, 3 | 3<<2, 0, // b: 2047 bytes, never closes; trigger 3 reads as once connected
		10, 1, // 10 ms delay, heal at 1 s
		4 << 5, 0,
	}
	var sc Scenario
	Decode(b, &sc)
	want := Scenario{Simultaneous: true, Heal: 1e9, Faults: []byte{4 << 5, 0},
		Sides: [2]Side{
			{ISN: 0xfffffff0, Legacy: true, NoTimestamp: true, SendBuffer: SmallBuffer, RecvBuffer: SmallBuffer, MSS: SmallMSS,
				Send: 16, Close: closeOps[2], When: AfterEOF, After: 30e6},
			{ISN: 1 << 31, Legacy: true, NoTimestamp: true, SendBuffer: SmallBuffer, RecvBuffer: SmallBuffer, MSS: SmallMSS,
				Send: MaxSend, When: AfterConnected},
		}}
	want.Link.Delay = 10e6
	if !reflect.DeepEqual(sc, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", sc, want)
	}
	for _, in := range [][]byte{nil, {0xff}, bytes.Repeat([]byte{0xff}, 40)} {
		Decode(in, &sc)
		if sc.Heal < healUnit || sc.Sides[0].Send > MaxSend || sc.Sides[1].When >= NumTriggers {
			t.Errorf("Decode(%x) = %+v", in, sc)
		}
	}
}

// Append clamps what the format cannot hold and leaves out what it has no
// room for.
func TestAppendClamps(t *testing.T) {
	sc := Scenario{Seed: 9, Heal: 1000e9, Sides: [2]Side{{Send: 20000, After: 10e9, WScale: 7}, {RecvBuffer: 300}}}
	sc.Link.Delay, sc.Link.Loss = 2e9, 0.5
	var got Scenario
	Decode(Append(nil, &sc), &got)
	if got.Sides[0].Send != MaxSend || got.Sides[0].After != 255*afterUnit || got.Heal != 256*healUnit ||
		got.Link.Delay != 255e6 || got.Link.Loss != 0 || got.Seed != 0 || got.Sides[0].WScale != 0 || got.Sides[1].RecvBuffer != 0 {
		t.Fatalf("got %+v", got)
	}
}
