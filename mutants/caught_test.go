package mutants_test

import (
	"errors"
	"fmt"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/mutants"
	"tcpcheck/observe"
	"tcpcheck/properties"
	"tcpcheck/segment"
	"tcpcheck/sim"
)

// Each mutant has a known-bad run: the check named by CaughtBy flags it (or,
// for a crash, it panics), while the reference endpoint passes the same run,
// so what is flagged is the bug.
func TestEachMutantFailsItsRun(t *testing.T) {
	runs := map[string]func(build func(fsm.Config) observe.Endpoint) string{
		"RSTAnywhere":   openWorld(blindReset(1 << 31)),
		"RSTWrap":       openWorld(blindReset(1<<32 - 100)),
		"ShortTimeWait": openWorld(activeCloseThenWait()),
		"SkipThirdStep": openWorld(properties.Scenario{ISN: 1, PeerISN: 1000, Passive: true, Steps: []properties.Step{synStep()}}),
		"AckBack":       openWorld(unacknowledgedData()),
		"URGPanic":      openWorld(finURG()),
		"Stutter":       exchange,
	}
	for _, m := range mutants.All() {
		t.Run(m.Name, func(t *testing.T) {
			run, ok := runs[m.Name]
			if !ok {
				t.Fatalf("no known-bad run for %s", m.Name)
			}
			if got := run(nil); got != "" {
				t.Fatalf("the reference endpoint fails the run: %s", got)
			}
			want := m.CaughtBy
			if want == "" {
				want = "panic"
			}
			if got := run(m.Build); got != want {
				t.Fatalf("caught by %q, want %q", got, want)
			}
		})
	}
}

// openWorld returns a run of sc with every monitor: the name of the monitor
// that fired, "panic" if the endpoint panicked, or "".
func openWorld(sc properties.Scenario) func(func(fsm.Config) observe.Endpoint) string {
	return func(build func(fsm.Config) observe.Endpoint) (caught string) {
		defer func() {
			if r := recover(); r != nil {
				caught = "panic"
			}
		}()
		w := properties.OpenWorld{Build: build}
		if v := w.Run(&sc); v != nil {
			return v.Monitor
		}
		return ""
	}
}

// exchange runs the simulator's handshake, 1000 bytes each way and close,
// build making b, and returns the first simulator property broken.
func exchange(build func(fsm.Config) observe.Endpoint) string {
	cfg := sim.Exchange(fsm.Config{}, fsm.Config{}, 1000)
	cfg.Endpoints[1].Build = build
	s := sim.New(cfg)
	err := s.Run()
	for _, check := range []func() error{s.StreamIntegrity, s.StreamComplete} {
		if err == nil {
			err = check()
		}
	}
	var v *sim.Violation
	if errors.As(err, &v) {
		return string(v.Property)
	}
	if err != nil {
		return fmt.Sprint(err)
	}
	return ""
}

func at(a properties.Anchor, d int32) properties.Anchored {
	return properties.Anchored{Anchor: a, Delta: d}
}

func segStep(f segment.Flags, sq, ack properties.Anchored) properties.Step {
	return properties.Step{Kind: properties.StepSegment, Flags: f, Seq: sq, Ack: ack, Window: 65535}
}

func synStep() properties.Step {
	return segStep(segment.SYN, at(properties.AtPeerISN, 0), properties.Anchored{})
}

// established is a passive open completed by the peer's ACK.
func established(peerISN uint32) properties.Scenario {
	return properties.Scenario{ISN: 7, PeerISN: peerISN, Passive: true, Steps: []properties.Step{
		synStep(),
		segStep(segment.ACK, at(properties.AtRcvNxt, 0), at(properties.AtSndNxt, 0)),
	}}
}

// blindReset sends an RST 200 past RCV.NXT in ESTABLISHED: in the window,
// so RFC 5961 §3.2 asks for a challenge ACK. With the peer's ISN 100 below
// 2^32 the number is past the wrap.
func blindReset(peerISN uint32) properties.Scenario {
	sc := established(peerISN)
	sc.Steps = append(sc.Steps, segStep(segment.RST|segment.ACK, at(properties.AtRcvNxt, 200), at(properties.AtSndNxt, 0)))
	return sc
}

// activeCloseThenWait opens actively, closes first, takes the peer's
// FIN-ACK into TIME-WAIT and lets 3 s pass (MSL is 1 s).
func activeCloseThenWait() properties.Scenario {
	return properties.Scenario{ISN: 7, PeerISN: 1000, Steps: []properties.Step{
		segStep(segment.SYN|segment.ACK, at(properties.AtPeerISN, 0), at(properties.AtSndNxt, 0)),
		{Kind: properties.StepCall, Op: observe.OpClose},
		segStep(segment.FIN|segment.ACK, at(properties.AtRcvNxt, 0), at(properties.AtSndNxt, 0)),
		{Kind: properties.StepWait, Wait: 3 * fsm.Second},
	}}
}

// unacknowledgedData opens actively, sends 100 bytes the peer never
// acknowledges, and lets the retransmission timer fire.
func unacknowledgedData() properties.Scenario {
	return properties.Scenario{ISN: 7, PeerISN: 1000, Steps: []properties.Step{
		segStep(segment.SYN|segment.ACK, at(properties.AtPeerISN, 0), at(properties.AtSndNxt, 0)),
		{Kind: properties.StepCall, Op: observe.OpSend, N: 100},
		{Kind: properties.StepWait, Wait: 1500 * fsm.Millisecond},
	}}
}

// finURG sends FIN with URG in ESTABLISHED.
func finURG() properties.Scenario {
	sc := established(1000)
	sc.Steps = append(sc.Steps, segStep(segment.FIN|segment.URG|segment.ACK, at(properties.AtRcvNxt, 0), at(properties.AtSndNxt, 0)))
	return sc
}
