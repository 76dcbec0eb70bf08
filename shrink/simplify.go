package shrink

import (
	"math/bits"

	"tcpcheck/fsm"
	"tcpcheck/properties"
	"tcpcheck/segment"
)

// The simplification passes run once per round, after ddmin. Each one
// proposes simpler values for one kind of field, step by step, and keeps a
// value only when the scenario still fails the same way. Every change
// lowers a cost (fewer options and flags, shorter payloads, sequence numbers
// nearer a simple anchor, rounder times), so the rounds reach a fixpoint.
var passes = []struct {
	name string
	run  func(w *world, sc *properties.Scenario)
}{
	{"merge", mergeWaits},
	{"header", simplifyHeader},
	{"options", dropOptions},
	{"flags", clearFlags},
	{"payload", shortenPayloads},
	{"seq", simplifySeqs},
	{"ack", simplifyAcks},
	{"window", simplifyWindows},
	{"time", roundWaits},
}

// simplify runs every pass once.
func simplify(w *world, sc *properties.Scenario) {
	for _, p := range passes {
		if w.s.spent() {
			return
		}
		w.s.begin(p.name, len(sc.Steps))
		p.run(w, sc)
	}
}

// try replaces step i with st and keeps it if the scenario still fails.
func try(w *world, sc *properties.Scenario, i int, st properties.Step) bool {
	old := sc.Steps[i]
	if old == st {
		return false
	}
	sc.Steps[i] = st
	if w.fails(sc, sc.Steps) {
		return true
	}
	sc.Steps[i] = old
	return false
}

// mergeWaits replaces two waits in a row by one as long as both: a time
// gap is one line of the script.
func mergeWaits(w *world, sc *properties.Scenario) {
	for i := 0; i+1 < len(sc.Steps); {
		a, b := sc.Steps[i], sc.Steps[i+1]
		if a.Kind != properties.StepWait || b.Kind != properties.StepWait {
			i++
			continue
		}
		merged := append(append([]properties.Step(nil), sc.Steps[:i]...), sc.Steps[i+1:]...)
		merged[i].Wait = a.Wait + b.Wait
		if w.fails(sc, merged) {
			sc.Steps = merged
			w.s.shrunk(len(sc.Steps))
			continue
		}
		i++
	}
}

// simplifyHeader moves the ISNs to 0 and turns RFC 793 mode off.
func simplifyHeader(w *world, sc *properties.Scenario) {
	for _, f := range []func(*properties.Scenario){
		func(c *properties.Scenario) { c.ISN = 0 },
		func(c *properties.Scenario) { c.PeerISN = 0 },
		func(c *properties.Scenario) { c.Legacy = false },
	} {
		c := *sc
		f(&c)
		if c.ISN == sc.ISN && c.PeerISN == sc.PeerISN && c.Legacy == sc.Legacy {
			continue
		}
		if w.fails(&c, c.Steps) {
			*sc = c
		}
	}
}

// dropOptions removes the options of injected SYNs: all of them, else one
// at a time; then the window shift (which also sets the MSS offered).
func dropOptions(w *world, sc *properties.Scenario) {
	for i := range sc.Steps {
		st := sc.Steps[i]
		if st.Kind != properties.StepSegment {
			continue
		}
		if st.Opts != 0 {
			none := st
			none.Opts, none.WScale = 0, 0
			if !try(w, sc, i, none) {
				for bit := uint8(1); bit != 0 && bit <= st.Opts; bit <<= 1 {
					if cur := sc.Steps[i]; cur.Opts&bit != 0 {
						cur.Opts &^= bit
						try(w, sc, i, cur)
					}
				}
			}
		}
		if cur := sc.Steps[i]; cur.WScale != 0 {
			cur.WScale = 0
			try(w, sc, i, cur)
		}
	}
}

// flagOrder is the order in which flags are cleared: the reserved and ECN
// bits, URG and PSH first, the bits that decide what a segment is last.
var flagOrder = []segment.Flags{segment.Reserved3, segment.Reserved2, segment.Reserved1, segment.AE,
	segment.CWR, segment.ECE, segment.URG, segment.PSH, segment.ACK, segment.FIN, segment.RST, segment.SYN}

// clearFlags clears every flag whose absence keeps the failure.
func clearFlags(w *world, sc *properties.Scenario) {
	for i := range sc.Steps {
		for _, f := range flagOrder {
			if cur := sc.Steps[i]; cur.Kind == properties.StepSegment && cur.Flags&f != 0 {
				cur.Flags &^= f
				try(w, sc, i, cur)
			}
		}
	}
}

// shortenPayloads tries 0 and 1 bytes, then halves, for injected text and
// for the byte counts of send and receive calls.
func shortenPayloads(w *world, sc *properties.Scenario) {
	for i := range sc.Steps {
		switch sc.Steps[i].Kind {
		case properties.StepSegment:
			shorten(w, sc, i, func(st *properties.Step) *uint16 { return &st.Len })
		case properties.StepCall:
			shorten(w, sc, i, func(st *properties.Step) *uint16 { return &st.N })
		}
	}
}

func shorten(w *world, sc *properties.Scenario, i int, field func(*properties.Step) *uint16) {
	for {
		cur := sc.Steps[i]
		n := *field(&cur)
		if n == 0 {
			return
		}
		accepted := false
		for _, m := range []uint16{0, 1, n / 2, n - 1} {
			if m >= n {
				continue
			}
			next := cur
			*field(&next) = m
			if try(w, sc, i, next) {
				accepted = true
				break
			}
		}
		if !accepted {
			return
		}
	}
}

// Preferred anchors, simplest first: a segment's sequence number at
// RCV.NXT (a SYN's at the peer's ISN) and its acknowledgment at SND.NXT
// (absolute zero without the ACK bit), then the window edges and the
// other points of the sequence space.
var (
	seqAnchors    = []properties.Anchor{properties.AtRcvNxt, properties.AtRcvWndEnd, properties.AtPeerISN, properties.AtSndUna, properties.AtSndNxt, properties.AtLocalISN, properties.AtZero}
	synSeqAnchors = []properties.Anchor{properties.AtPeerISN, properties.AtRcvNxt, properties.AtRcvWndEnd, properties.AtSndUna, properties.AtSndNxt, properties.AtLocalISN, properties.AtZero}
	ackAnchors    = []properties.Anchor{properties.AtSndNxt, properties.AtSndUna, properties.AtLocalISN, properties.AtRcvNxt, properties.AtRcvWndEnd, properties.AtPeerISN, properties.AtZero}
	noAckAnchors  = []properties.Anchor{properties.AtZero, properties.AtSndNxt, properties.AtSndUna, properties.AtLocalISN, properties.AtRcvNxt, properties.AtRcvWndEnd, properties.AtPeerISN}
)

// anchoredCost orders anchored numbers by simplicity: the size of the
// delta first, then the anchor's rank in prefs.
func anchoredCost(a properties.Anchored, prefs []properties.Anchor) int {
	d := int64(a.Delta)
	if d < 0 {
		d = -d
	}
	rank := len(prefs)
	for i, p := range prefs {
		if p == a.Anchor {
			rank = i
			break
		}
	}
	return bits.Len64(uint64(d))*16 + rank
}

// simpler tries anchored values cheaper than step i's current one, the
// cheapest first, and keeps the first that still fails.
func simpler(w *world, sc *properties.Scenario, i int, field func(*properties.Step) *properties.Anchored, prefs []properties.Anchor) {
	for {
		cur := sc.Steps[i]
		a := *field(&cur)
		cost := anchoredCost(a, prefs)
		var cands []properties.Anchored
		for _, p := range prefs {
			for _, d := range []int32{0, -1, 1} {
				cands = append(cands, properties.Anchored{Anchor: p, Delta: d})
			}
		}
		cands = append(cands, properties.Anchored{Anchor: a.Anchor, Delta: a.Delta / 2})
		sortByCost(cands, prefs)
		accepted := false
		for _, c := range cands {
			if anchoredCost(c, prefs) >= cost {
				break
			}
			next := cur
			*field(&next) = c
			if try(w, sc, i, next) {
				accepted = true
				break
			}
		}
		if !accepted {
			return
		}
	}
}

// sortByCost sorts by anchoredCost, stably (a few dozen values).
func sortByCost(c []properties.Anchored, prefs []properties.Anchor) {
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && anchoredCost(c[j], prefs) < anchoredCost(c[j-1], prefs); j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
}

func simplifySeqs(w *world, sc *properties.Scenario) {
	for i := range sc.Steps {
		if st := sc.Steps[i]; st.Kind == properties.StepSegment {
			prefs := seqAnchors
			if st.Flags.Has(segment.SYN) && !st.Flags.Has(segment.ACK) {
				prefs = synSeqAnchors
			}
			simpler(w, sc, i, func(s *properties.Step) *properties.Anchored { return &s.Seq }, prefs)
		}
	}
}

func simplifyAcks(w *world, sc *properties.Scenario) {
	for i := range sc.Steps {
		if st := sc.Steps[i]; st.Kind == properties.StepSegment {
			prefs := ackAnchors
			if !st.Flags.Has(segment.ACK) {
				prefs = noAckAnchors
			}
			simpler(w, sc, i, func(s *properties.Step) *properties.Anchored { return &s.Ack }, prefs)
		}
	}
}

// simplifyWindows offers the largest unscaled window, as scripts usually
// write it.
func simplifyWindows(w *world, sc *properties.Scenario) {
	for i := range sc.Steps {
		if cur := sc.Steps[i]; cur.Kind == properties.StepSegment && cur.Window != 65535 {
			cur.Window = 65535
			try(w, sc, i, cur)
		}
	}
}

// waitUnits are the roundings tried, coarsest first.
var waitUnits = []fsm.Time{fsm.Second, 100 * fsm.Millisecond, 10 * fsm.Millisecond, fsm.Millisecond}

// waitCost orders waits: rounder first (whole seconds, then tenths...),
// then shorter.
func waitCost(d fsm.Time) fsm.Time {
	class := fsm.Time(len(waitUnits))
	for i, u := range waitUnits {
		if d%u == 0 {
			class = fsm.Time(i)
			break
		}
	}
	return class<<50 + d
}

// roundWaits rounds each wait to the coarsest unit, down or up, and
// halves it, keeping what still fails.
func roundWaits(w *world, sc *properties.Scenario) {
	for i := range sc.Steps {
		for sc.Steps[i].Kind == properties.StepWait {
			cur := sc.Steps[i]
			d := cur.Wait
			accepted := false
			var cands []fsm.Time
			for _, u := range waitUnits {
				cands = append(cands, d/u*u, (d+u-1)/u*u)
			}
			cands = append(cands, d/2)
			for _, c := range cands {
				if c <= 0 || waitCost(c) >= waitCost(d) {
					continue
				}
				next := cur
				next.Wait = c
				if try(w, sc, i, next) {
					accepted = true
					break
				}
			}
			if !accepted {
				break
			}
		}
	}
}
