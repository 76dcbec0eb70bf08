package properties

import (
	"reflect"
	"testing"

	"pgregory.net/rapid"
)

// normalizeForCodec maps a scenario onto what the byte format can carry.
func normalizeForCodec(sc Scenario) Scenario {
	steps := make([]Step, len(sc.Steps))
	for i, st := range sc.Steps {
		st.Opts &= 0x0f
		if st.Kind == StepSegment && st.Len > 200 {
			st.Len = 200 + (st.Len-200+23)/24*24
		}
		steps[i] = st
	}
	sc.Steps = steps
	return sc
}

func TestScenarioCodecRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := normalizeForCodec(Scenarios(MaxSteps).Draw(t, "scenario"))
		var got Scenario
		DecodeScenario(AppendScenario(nil, &sc), &got)
		if !reflect.DeepEqual(got, sc) {
			t.Fatalf("decoded\n%+v\nwant\n%+v", got, sc)
		}
	})
}

func TestDecodeScenarioAnyBytes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")
		var sc Scenario
		DecodeScenario(b, &sc)
		if len(sc.Steps) > MaxSteps {
			t.Fatalf("%d steps", len(sc.Steps))
		}
		var w OpenWorld
		if v := w.Run(&sc); v != nil {
			t.Fatalf("%s\n%s", v, transcript(&sc))
		}
	})
}
