package closedworld

import (
	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/properties"
)

// Scenarios draws closed worlds for rapid: ISNs near the wraps, sizes
// around the MSS and the small buffers, every close and trigger, delays
// from none to a round trip of 200 ms, and up to maxFaults fault
// decisions biased to delivery.
func Scenarios(maxFaults int) *rapid.Generator[Scenario] {
	return rapid.Custom(func(t *rapid.T) Scenario {
		sc := Scenario{
			Simultaneous: rapid.Bool().Draw(t, "simultaneous"),
			Legacy:       rapid.Bool().Draw(t, "legacy"),
			SmallBuffers: rapid.Bool().Draw(t, "smallBuffers"),
			SmallMSS:     rapid.Bool().Draw(t, "smallMSS"),
			NoTimestamps: rapid.Bool().Draw(t, "noTimestamps"),
			ISN:          [2]uint32{properties.ISNs().Draw(t, "isnA"), properties.ISNs().Draw(t, "isnB")},
			Delay:        rapid.SampledFrom([]fsm.Time{0, fsm.Millisecond, 10 * fsm.Millisecond, 100 * fsm.Millisecond}).Draw(t, "delay"),
			Heal:         rapid.SampledFrom([]fsm.Time{500 * fsm.Millisecond, fsm.Second, 5 * fsm.Second, 30 * fsm.Second}).Draw(t, "heal"),
		}
		sc.Ends[0], sc.Ends[1] = ends().Draw(t, "a"), ends().Draw(t, "b")
		sc.Faults = rapid.SliceOfN(faultBytes(), 0, 2*maxFaults).Draw(t, "faults")
		return sc
	})
}

func ends() *rapid.Generator[End] {
	return rapid.Custom(func(t *rapid.T) End {
		return End{
			Send:  rapid.SampledFrom([]uint16{0, 1, 100, 536, 1460, 3000, 4000, MaxSend}).Draw(t, "send"),
			Close: rapid.SampledFrom([]observe.Op{observe.OpClose, observe.OpShutdown, observe.OpAbort, 0}).Draw(t, "close"),
			When:  Trigger(rapid.IntRange(0, int(NumTriggers)-1).Draw(t, "when")),
			After: rapid.SampledFrom([]fsm.Time{0, 10 * fsm.Millisecond, fsm.Second}).Draw(t, "after"),
		}
	})
}

// faultBytes leans toward delivery (fates 0-3) and small delays.
func faultBytes() *rapid.Generator[byte] {
	return rapid.OneOf(rapid.Byte(), rapid.ByteRange(0, 9), rapid.SampledFrom([]byte{4 << 5, 5 << 5, 6 << 5, 7 << 5}))
}
