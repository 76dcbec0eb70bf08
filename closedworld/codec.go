package closedworld

import (
	"encoding/binary"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/sim"
)

// The byte format of a Scenario, the input of the closed-world fuzz target:
// a fixed header, then the fault bytes. Every input decodes; missing header
// bytes read as zero. The header holds one configuration for both sides.
//
//	byte 0       mode: bit 0 simultaneous open, bit 1 legacy, bit 2 small
//	             buffers (SmallBuffer), bit 3 MSS SmallMSS, bit 4 no
//	             timestamps
//	bytes 1-4    a's ISN, big endian
//	bytes 5-8    b's ISN
//	bytes 9-12   a's application: send u16 (bytes = value >> 5, at most
//	             2047) | close u8 (bits 0-1: 0 close, 1 shutdown, 2 abort,
//	             3 never; bits 2-3: 0 after receiving everything, 1 after
//	             EOF, 2 or 3 once connected) | after u8 (x 10 ms)
//	bytes 13-16  b's application, the same
//	byte 17      one-way delay, milliseconds
//	byte 18      heal time: (value + 1) x 500 ms
//	bytes 19-    faults, two per segment sent (sim.ByteFaults: top three
//	             bits of the first byte 4 drop, 5 duplicate, 6 corrupt,
//	             7 reorder, else deliver; the second adds that many ms of
//	             delay)
const (
	HeaderLen = 19
	MaxSend   = 1<<11 - 1 // the most bytes a side sends in the format: a little more than the small buffers
	afterUnit = 10 * fsm.Millisecond
	healUnit  = 500 * fsm.Millisecond
)

// The bits of the mode byte.
const (
	modeSimultaneous = 1 << iota
	modeLegacy
	modeSmallBuffers
	modeSmallMSS
	modeNoTimestamps
)

var closeOps = [4]observe.Op{observe.OpClose, observe.OpShutdown, observe.OpAbort, 0}

// Decode fills sc from b. sc.Faults aliases b.
func Decode(b []byte, sc *Scenario) {
	var h [HeaderLen]byte
	copy(h[:], b)
	*sc = Scenario{
		Simultaneous: h[0]&modeSimultaneous != 0,
		Link:         sim.Link{Delay: fsm.Time(h[17]) * fsm.Millisecond},
		Heal:         (fsm.Time(h[18]) + 1) * healUnit,
	}
	for i := range sc.Sides {
		s := &sc.Sides[i]
		decodeMode(h[0], s)
		s.ISN = binary.BigEndian.Uint32(h[1+4*i:])
		decodeApp(h[9+4*i:13+4*i], s)
	}
	if len(b) > HeaderLen {
		sc.Faults = b[HeaderLen:]
	}
}

func decodeMode(m byte, s *Side) {
	s.Legacy, s.NoTimestamp = m&modeLegacy != 0, m&modeNoTimestamps != 0
	if m&modeSmallBuffers != 0 {
		s.SendBuffer, s.RecvBuffer = SmallBuffer, SmallBuffer
	}
	if m&modeSmallMSS != 0 {
		s.MSS = SmallMSS
	}
}

func decodeApp(r []byte, s *Side) {
	when := Trigger(r[2]>>2) & 3
	if when >= NumTriggers {
		when = AfterConnected
	}
	s.Send = binary.BigEndian.Uint16(r) >> 5
	s.Close = closeOps[r[2]&3]
	s.When = when
	s.After = fsm.Time(r[3]) * afterUnit
}

// Append appends the encoding of sc to b. Decode gives sc back for every
// scenario within the format's ranges: both sides configured alike, with
// fsm's default or the small buffers and MSS, fsm's default window scale,
// sends up to MaxSend, closes after multiples of 10 ms up to 2.55 s, a
// link without probabilities whose delay is whole milliseconds up to 255,
// heal times in multiples of 500 ms up to 128 s, and seed 0. The
// configuration written is a's; values beyond the ranges are clamped,
// between them rounded down; what the format cannot hold (b's
// configuration where it differs, window scales, the link's probabilities
// and jitter, the seed) is left out.
func Append(b []byte, sc *Scenario) []byte {
	var h [HeaderLen]byte
	h[0] = encodeMode(sc)
	for i := range sc.Sides {
		binary.BigEndian.PutUint32(h[1+4*i:], sc.Sides[i].ISN)
		appendApp(h[9+4*i:13+4*i], &sc.Sides[i])
	}
	h[17] = byte(clamp(sc.Link.Delay/fsm.Millisecond, 0, 255))
	h[18] = byte(clamp(sc.Heal/healUnit-1, 0, 255))
	return append(append(b, h[:]...), sc.Faults...)
}

func encodeMode(sc *Scenario) byte {
	a := &sc.Sides[0]
	var m byte
	for _, f := range []struct {
		on  bool
		bit byte
	}{
		{sc.Simultaneous, modeSimultaneous}, {a.Legacy, modeLegacy},
		{a.SendBuffer == SmallBuffer && a.RecvBuffer == SmallBuffer, modeSmallBuffers},
		{a.MSS == SmallMSS, modeSmallMSS}, {a.NoTimestamp, modeNoTimestamps},
	} {
		if f.on {
			m |= f.bit
		}
	}
	return m
}

func appendApp(r []byte, s *Side) {
	binary.BigEndian.PutUint16(r, min(s.Send, MaxSend)<<5)
	op := byte(3)
	for i, o := range closeOps[:3] {
		if o == s.Close {
			op = byte(i)
		}
	}
	r[2] = op | byte(min(s.When, AfterConnected))<<2
	r[3] = byte(clamp(s.After/afterUnit, 0, 255))
}

func clamp(v, lo, hi fsm.Time) fsm.Time { return min(max(v, lo), hi) }
