package coverage

import (
	"errors"
	"fmt"

	"tcpcheck/convert"
	"tcpcheck/script"
)

// EndpointTargets are the fuzz targets whose inputs drive the endpoint, and
// so count for state coverage. The codec and parser targets do not.
var EndpointTargets = []string{"FuzzRun", "FuzzOpenWorld", "FuzzOpenWorldRapid", "FuzzClosedWorld", "FuzzClosedWorldRapid"}

// IsEndpointTarget reports whether name is one of EndpointTargets.
func IsEndpointTarget(name string) bool {
	for _, t := range EndpointTargets {
		if t == name {
			return true
		}
	}
	return false
}

// ErrNoReplay is returned for an input that cannot be replayed: a target
// that is not an endpoint target, or one whose inputs need ToScript when
// it is not set.
var ErrNoReplay = errors.New("no way to replay this target's inputs")

// Input replays one stored input of target: FuzzOpenWorld's bytes decode to
// an open-world scenario (properties.DecodeScenario), FuzzClosedWorld's to
// a closed-world one (closedworld.Decode), FuzzRun's are a script's text,
// and the other endpoint targets' go through ToScript. An input that is not
// a script the open world can play (convert.ScenarioFromScript) is an
// error, and nothing of it is counted.
func (r *Replayer) Input(target string, data []byte) error {
	switch {
	case target == "FuzzOpenWorld":
		r.OpenWorldBytes(data)
		return nil
	case target == "FuzzClosedWorld" && r.sinkOK:
		return r.ClosedWorldBytes(data)
	case target == "FuzzRun":
		s, err := script.Parse(target, data)
		if err != nil {
			return err
		}
		return r.Script(s)
	case !IsEndpointTarget(target) || r.ToScript == nil:
		return fmt.Errorf("%s: %w", target, ErrNoReplay)
	}
	s, err := r.ToScript(target, data)
	if err != nil {
		return err
	}
	return r.Script(s)
}

// Script replays the stimuli of s (convert.ScenarioFromScript) in the open
// world.
func (r *Replayer) Script(s *script.Script) error {
	sc, err := convert.ScenarioFromScript(s)
	if err != nil {
		return err
	}
	r.OpenWorld(&sc)
	return nil
}
