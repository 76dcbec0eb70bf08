package properties

import (
	"encoding/binary"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
)

// The byte encoding of a Scenario, the input format of the open-world fuzz
// target: fixed-width records, so that a mutation changes one field of one
// step and every input decodes to some scenario.
//
//	header (10 bytes): ISN u32 | peer ISN u32 | mode (bit 0 passive, bit 1 legacy) | reserved
//	step (16 bytes):   kind | 15 bytes of fields
//
// kind 0-199 is a segment: flags u8 | anchors (seq low 4 bits, ack high 4)
// | seq delta i32 | ack delta i32 | window u16 | length u8 (x8 above 200)
// | options u8 | window shift u8. Kind 200-227 is a call: op u8 | n u16.
// Kind 228-255 is a wait: milliseconds u32 (at most 600 s). Numbers are big
// endian; a short last record is ignored.
const (
	ScenarioHeaderLen = 10
	StepLen           = 16
	// MaxSteps bounds a decoded scenario.
	MaxSteps = 64
	maxWait  = 600 * fsm.Second
)

// DecodeScenario fills sc from b, reusing sc.Steps.
func DecodeScenario(b []byte, sc *Scenario) {
	steps := sc.Steps[:0]
	*sc = Scenario{}
	if len(b) >= ScenarioHeaderLen {
		sc.ISN = binary.BigEndian.Uint32(b)
		sc.PeerISN = binary.BigEndian.Uint32(b[4:])
		sc.Passive, sc.Legacy = b[8]&1 != 0, b[8]&2 != 0
		b = b[ScenarioHeaderLen:]
	} else {
		b = nil
	}
	for len(b) >= StepLen && len(steps) < MaxSteps {
		steps = append(steps, decodeStep(b[:StepLen]))
		b = b[StepLen:]
	}
	sc.Steps = steps
}

func decodeStep(r []byte) Step {
	switch k := r[0]; {
	case k < 200:
		n := uint16(r[13])
		if n > 200 {
			n = 200 + (n-200)*24 // up to 1520 bytes
		}
		return Step{
			Kind:   StepSegment,
			Flags:  segment.Flags(r[1]),
			Seq:    Anchored{Anchor(r[2]&0x0f) % NumAnchors, int32(binary.BigEndian.Uint32(r[3:]))},
			Ack:    Anchored{Anchor(r[2]>>4) % NumAnchors, int32(binary.BigEndian.Uint32(r[7:]))},
			Window: binary.BigEndian.Uint16(r[11:]),
			Len:    n,
			Opts:   r[14] & 0x0f,
			WScale: r[15],
		}
	case k < 228:
		return Step{Kind: StepCall, Op: observe.Op(r[1]%7 + 1), N: binary.BigEndian.Uint16(r[2:])}
	default:
		ms := fsm.Time(binary.BigEndian.Uint32(r[1:]))
		return Step{Kind: StepWait, Wait: min(ms*fsm.Millisecond, maxWait)}
	}
}

// AppendScenario appends the encoding of sc to b; DecodeScenario gives sc
// back for every scenario within the format's ranges.
func AppendScenario(b []byte, sc *Scenario) []byte {
	var mode byte
	if sc.Passive {
		mode |= 1
	}
	if sc.Legacy {
		mode |= 2
	}
	b = binary.BigEndian.AppendUint32(b, sc.ISN)
	b = binary.BigEndian.AppendUint32(b, sc.PeerISN)
	b = append(b, mode, 0)
	for i := range sc.Steps {
		b = appendStep(b, &sc.Steps[i])
	}
	return b
}

func appendStep(b []byte, st *Step) []byte {
	var r [StepLen]byte
	switch st.Kind {
	case StepSegment:
		r[1] = byte(st.Flags)
		r[2] = byte(st.Seq.Anchor) | byte(st.Ack.Anchor)<<4
		binary.BigEndian.PutUint32(r[3:], uint32(st.Seq.Delta))
		binary.BigEndian.PutUint32(r[7:], uint32(st.Ack.Delta))
		binary.BigEndian.PutUint16(r[11:], st.Window)
		r[13] = encodeLen(st.Len)
		r[14], r[15] = st.Opts, st.WScale
	case StepCall:
		r[0], r[1] = 200, byte(st.Op-1)
		binary.BigEndian.PutUint16(r[2:], st.N)
	case StepWait:
		r[0] = 228
		binary.BigEndian.PutUint32(r[1:], uint32(st.Wait/fsm.Millisecond))
	}
	return append(b, r[:]...)
}

// encodeLen is the inverse of the length rule of decodeStep: exact up to
// 200, then in steps of 24 bytes.
func encodeLen(n uint16) byte {
	if n <= 200 {
		return byte(n)
	}
	return byte(min(200+(n-200+23)/24, 255))
}
