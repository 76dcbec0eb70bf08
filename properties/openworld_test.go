package properties

import (
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/prop"
	"pgregory.net/rapid"
)

func transcript(sc *Scenario) string { return Transcript(sc) }

// TestOpenWorldRapid lets an adversarial peer inject arbitrary segments,
// calls and time jumps into the reference endpoint; no monitor may fire.
func TestOpenWorldRapid(t *testing.T) {
	var w OpenWorld
	rapid.Check(t, func(rt *rapid.T) {
		sc := Scenarios(40).Draw(rt, "scenario")
		if v := w.Run(&sc); v != nil {
			rt.Fatalf("%s\n%s", v, transcript(&sc))
		}
	})
}

// TestOpenWorldGopter is TestOpenWorldRapid with gopter.
func TestOpenWorldGopter(t *testing.T) {
	var w OpenWorld
	params := gopter.DefaultTestParameters()
	params.MinSuccessfulTests = 200
	if *deep {
		params.MinSuccessfulTests = 20000
	}
	props := gopter.NewProperties(params)
	props.Property("no monitor fires in the open world", prop.ForAll(func(sc Scenario) string {
		if v := w.Run(&sc); v != nil {
			return v.String() + "\n" + transcript(&sc)
		}
		return ""
	}, GopterScenarios(40)))
	props.TestingRun(t)
}

func TestOpenWorldRunAllocatesNothing(t *testing.T) {
	var w OpenWorld
	sc := Scenario{ISN: 1<<32 - 1, PeerISN: 5, Passive: true, Steps: []Step{
		{Kind: StepSegment, Flags: synFlags(), Seq: Anchored{AtPeerISN, 0}, Window: 65535, Opts: 15, WScale: 7},
		{Kind: StepSegment, Flags: ackFlags(), Seq: Anchored{AtRcvNxt, 0}, Ack: Anchored{AtSndNxt, 0}, Window: 65535},
		{Kind: StepSegment, Flags: ackFlags(), Seq: Anchored{AtRcvNxt, 0}, Ack: Anchored{AtSndNxt, 0}, Window: 65535, Len: 100},
		{Kind: StepCall, Op: 4 /* recv */, N: 200},
		{Kind: StepWait, Wait: 3e9},
	}}
	w.Run(&sc)
	allocs := testing.AllocsPerRun(50, func() { w.Run(&sc) })
	if allocs != 0 {
		t.Fatalf("%v allocations per run", allocs)
	}
	if v := w.Violation(); v != nil {
		t.Fatal(v)
	}
}
