package properties

import (
	"testing"

	"tcpcheck/observe"
)

// openWith is an active open whose SYN-ACK offers window win: ISS iss,
// IRS 5000. ourWS and peerWS, when not negative, put a window scale option
// on our SYN and on the SYN-ACK.
func openWith(t testing.TB, iss uint32, win uint16, ourWS, peerWS int) *trace {
	tr := (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
		out(t, "S", iss, 0, 0)
	if ourWS >= 0 {
		tr.segWScale(uint8(ourWS))
	}
	tr.at(10).in(t, "S.", 5000, iss+1, 0).segWin(win)
	if peerWS >= 0 {
		tr.segWScale(uint8(peerWS))
	}
	return tr.change(observe.SynSent, observe.Established).out(t, ".", iss+1, 5001, 0)
}

func TestSendWithinWindowPassesWindowUse(t *testing.T) {
	for name, tr := range map[string]*trace{
		// The SYN-ACK's window, then a larger one.
		"window": openWith(t, 1000, 100, -1, -1).at(20).out(t, "P.", 1001, 5001, 100).
			at(30).in(t, ".", 5001, 1101, 0).segWin(200).out(t, "P.", 1101, 5001, 200),
		// RFC 7323 §2.2: the SYN-ACK's window is never scaled; later ones
		// are, by the peer's shift, when both SYNs carried the option.
		"window scale": openWith(t, 1000, 1000, 3, 2).at(20).out(t, "P.", 1001, 5001, 1000).
			at(30).in(t, ".", 5001, 2001, 0).segWin(500).out(t, "P.", 2001, 5001, 2000),
		// A zero window: one octet may probe it, again and again.
		"zero-window probe": openWith(t, 1000, 0, -1, -1).at(20).out(t, "P.", 1001, 5001, 1).
			at(1020).in(t, ".", 5001, 1001, 0).segWin(0).
			at(2020).out(t, "P.", 1001, 5001, 1).
			at(2030).in(t, ".", 5001, 1001, 0).segWin(10).out(t, "P.", 1001, 5001, 10),
		// An ACK older than SND.UNA, or with SND.WL1/SND.WL2 older than the
		// last update, does not shrink the window.
		"old segments": openWith(t, 1000, 1000, -1, -1).at(20).out(t, "P.", 1001, 5001, 100).
			at(30).in(t, ".", 5001, 1101, 0).segWin(1000).
			at(31).in(t, ".", 5001, 1051, 0).segWin(10).
			out(t, "P.", 1101, 5001, 1000),
		// PAWS drops an ACK whose timestamp is older than TS.Recent (shown
		// by the TSecr sent): its zero window does not count.
		"PAWS": (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).change(observe.Closed, observe.SynSent).
			out(t, "S", 1000, 0, 0).segTS(1, 0).
			at(10).in(t, "S.", 5000, 1001, 0).segTS(100, 1).segWin(1000).
			change(observe.SynSent, observe.Established).out(t, ".", 1001, 5001, 0).segTS(10, 100).
			at(20).in(t, ".", 5001, 1001, 0).segTS(50, 10).segWin(0).
			out(t, "P.", 1001, 5001, 1000).segTS(20, 100),
		// ISS 2^32-51: the window of 100 ends at 50, across the wrap.
		"across the wrap": openWith(t, 1<<32-51, 100, -1, -1).at(20).out(t, "P.", 1<<32-50, 5001, 100),
		// Figure 7: the window of the peer's SYN-ACK is not scaled.
		"simultaneous open": (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
			change(observe.Closed, observe.SynSent).out(t, "S", 1000, 0, 0).segWScale(3).
			in(t, "S", 5000, 0, 0).segWScale(2).segWin(1000).change(observe.SynSent, observe.SynReceived).
			out(t, "S.", 1000, 5001, 0).segWScale(3).
			in(t, "S.", 5000, 1001, 0).segWin(100).change(observe.SynReceived, observe.Established).
			out(t, "P.", 1001, 5001, 100),
	} {
		t.Run(name, func(t *testing.T) { mustPass(t, tr, new(SendWithinWindow), DefaultConfig()) })
	}
}

func TestSendWithinWindowFlagsBeyondWindow(t *testing.T) {
	tr := openWith(t, 1000, 100, -1, -1).at(20).out(t, "P.", 1001, 5001, 101)
	mustFlag(t, tr, new(SendWithinWindow), DefaultConfig(), tr.lastIndex(),
		"sent 1001..1102, beyond SND.UNA 1001 + SND.WND 100")

	// The window shrinks by an update with the same SEG.SEQ and SEG.ACK.
	tr = openWith(t, 1000, 1000, -1, -1).at(20).out(t, "P.", 1001, 5001, 100).
		at(30).in(t, ".", 5001, 1101, 0).segWin(50).out(t, "P.", 1101, 5001, 51)
	mustFlag(t, tr, new(SendWithinWindow), DefaultConfig(), tr.lastIndex(),
		"sent 1101..1152, beyond SND.UNA 1101 + SND.WND 50")

	// A zero-window probe is one octet.
	tr = openWith(t, 1000, 0, -1, -1).at(20).out(t, "P.", 1001, 5001, 2)
	mustFlag(t, tr, new(SendWithinWindow), DefaultConfig(), tr.lastIndex(),
		"sent 1001..1003, beyond SND.UNA 1001 + SND.WND 0")
}

func TestSendWithinWindowFlagsAcrossTheWrap(t *testing.T) {
	tr := openWith(t, 1<<32-51, 100, -1, -1).at(20).out(t, "P.", 1<<32-50, 5001, 101)
	mustFlag(t, tr, new(SendWithinWindow), DefaultConfig(), tr.lastIndex(),
		"sent 4294967246..51, beyond SND.UNA 4294967246 + SND.WND 100")
}

func TestSendWithinWindowFlagsWindowScaleMisuse(t *testing.T) {
	// The SYN-ACK's window taken as scaled.
	tr := openWith(t, 1000, 1000, 3, 2).at(20).out(t, "P.", 1001, 5001, 1001)
	mustFlag(t, tr, new(SendWithinWindow), DefaultConfig(), tr.lastIndex(),
		"sent 1001..2002, beyond SND.UNA 1001 + SND.WND 1000")

	// Only the peer offered window scaling: its windows are not scaled.
	tr = openWith(t, 1000, 1000, -1, 2).at(20).in(t, ".", 5001, 1001, 0).segWin(500).
		out(t, "P.", 1001, 5001, 600)
	mustFlag(t, tr, new(SendWithinWindow), DefaultConfig(), tr.lastIndex(),
		"sent 1001..1601, beyond SND.UNA 1001 + SND.WND 500")

	// Figure 7: the peer's SYN-ACK scaled as if it were an ACK.
	tr = (&trace{}).call(observe.OpConnect, 0, observe.ErrNone).
		change(observe.Closed, observe.SynSent).out(t, "S", 1000, 0, 0).segWScale(3).
		in(t, "S", 5000, 0, 0).segWScale(2).segWin(1000).change(observe.SynSent, observe.SynReceived).
		out(t, "S.", 1000, 5001, 0).segWScale(3).
		in(t, "S.", 5000, 1001, 0).segWin(100).change(observe.SynReceived, observe.Established).
		out(t, "P.", 1001, 5001, 400)
	mustFlag(t, tr, new(SendWithinWindow), DefaultConfig(), tr.lastIndex(),
		"sent 1001..1401, beyond SND.UNA 1001 + SND.WND 100")
}

func TestSendWithinWindowSuspendsWhenUnsureAndResumes(t *testing.T) {
	// The endpoint has not acknowledged the peer's 100 octets: RCV.NXT is
	// 5001 or 5101, so whether it took the ACK at 5050 (window 0) cannot
	// be known. Nothing is checked until an update every state takes.
	tr := openWith(t, 1000, 1000, -1, -1).at(20).in(t, "P.", 5001, 1001, 100).
		in(t, ".", 5050, 1001, 0).segWin(0).
		out(t, "P.", 1001, 5101, 500)
	mustPass(t, tr, new(SendWithinWindow), DefaultConfig())
	tr.at(30).in(t, ".", 5101, 1501, 0).segWin(10).out(t, "P.", 1501, 5101, 11)
	mustFlag(t, tr, new(SendWithinWindow), DefaultConfig(), tr.lastIndex(),
		"sent 1501..1512, beyond SND.UNA 1501 + SND.WND 10")
}
