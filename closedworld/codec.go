package closedworld

import (
	"encoding/binary"

	"tcpcheck/fsm"
	"tcpcheck/observe"
)

// The byte format of a Scenario, the input of the closed-world fuzz target:
// a fixed header, then the fault bytes. Every input decodes; missing header
// bytes read as zero.
//
//	byte 0       mode: bit 0 simultaneous open, bit 1 legacy, bit 2 small
//	             buffers, bit 3 MSS 536, bit 4 no timestamps
//	bytes 1-4    a's ISN, big endian
//	bytes 5-8    b's ISN
//	bytes 9-12   a's end: send u16 (bytes = value >> 4, at most 4095)
//	             | close u8 (bits 0-1: 0 close, 1 shutdown, 2 abort,
//	             3 never; bits 2-3: 0 after receiving everything, 1 after
//	             EOF, 2 or 3 once connected) | after u8 (x 10 ms)
//	bytes 13-16  b's end, the same
//	byte 17      one-way delay, milliseconds
//	byte 18      heal time: (value + 1) x 500 ms
//	bytes 19-    faults, two per segment sent (sim.ByteFaults: top three
//	             bits of the first byte 4 drop, 5 duplicate, 6 corrupt,
//	             7 reorder, else deliver; the second adds that many ms of
//	             delay)
const (
	HeaderLen = 19
	MaxSend   = 1<<12 - 1 // the most bytes an End sends: a little more than the small buffers
	afterUnit = 10 * fsm.Millisecond
	healUnit  = 500 * fsm.Millisecond
)

var closeOps = [4]observe.Op{observe.OpClose, observe.OpShutdown, observe.OpAbort, 0}

// Decode fills sc from b. sc.Faults aliases b.
func Decode(b []byte, sc *Scenario) {
	var h [HeaderLen]byte
	copy(h[:], b)
	*sc = Scenario{
		Simultaneous: h[0]&1 != 0, Legacy: h[0]&2 != 0, SmallBuffers: h[0]&4 != 0,
		SmallMSS: h[0]&8 != 0, NoTimestamps: h[0]&16 != 0,
		ISN:   [2]uint32{binary.BigEndian.Uint32(h[1:]), binary.BigEndian.Uint32(h[5:])},
		Ends:  [2]End{decodeEnd(h[9:13]), decodeEnd(h[13:17])},
		Delay: fsm.Time(h[17]) * fsm.Millisecond,
		Heal:  (fsm.Time(h[18]) + 1) * healUnit,
	}
	if len(b) > HeaderLen {
		sc.Faults = b[HeaderLen:]
	}
}

func decodeEnd(r []byte) End {
	when := Trigger(r[2]>>2) & 3
	if when >= NumTriggers {
		when = AfterConnected
	}
	return End{
		Send:  binary.BigEndian.Uint16(r) >> 4,
		Close: closeOps[r[2]&3],
		When:  when,
		After: fsm.Time(r[3]) * afterUnit,
	}
}

// Append appends the encoding of sc to b. Decode gives sc back for every
// scenario within the format's ranges (sends up to MaxSend, delays in whole
// milliseconds up to 255, closes after multiples of 10 ms up to 2.55 s,
// heal times in multiples of 500 ms up to 128 s); values beyond are
// clamped, between rounded down.
func Append(b []byte, sc *Scenario) []byte {
	var h [HeaderLen]byte
	for i, f := range []bool{sc.Simultaneous, sc.Legacy, sc.SmallBuffers, sc.SmallMSS, sc.NoTimestamps} {
		if f {
			h[0] |= 1 << i
		}
	}
	binary.BigEndian.PutUint32(h[1:], sc.ISN[0])
	binary.BigEndian.PutUint32(h[5:], sc.ISN[1])
	appendEnd(h[9:13], &sc.Ends[0])
	appendEnd(h[13:17], &sc.Ends[1])
	h[17] = byte(clamp(sc.Delay/fsm.Millisecond, 0, 255))
	h[18] = byte(clamp(sc.Heal/healUnit-1, 0, 255))
	return append(append(b, h[:]...), sc.Faults...)
}

func appendEnd(r []byte, e *End) {
	binary.BigEndian.PutUint16(r, min(e.Send, MaxSend)<<4)
	op := byte(3)
	for i, o := range closeOps[:3] {
		if o == e.Close {
			op = byte(i)
		}
	}
	r[2] = op | byte(min(e.When, AfterConnected))<<2
	r[3] = byte(clamp(e.After/afterUnit, 0, 255))
}

func clamp(v, lo, hi fsm.Time) fsm.Time { return min(max(v, lo), hi) }
