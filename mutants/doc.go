// Package mutants holds deliberately broken endpoints, for testing
// monitors, generators and the shrinker; never use them as a stack.
//
// Contract:
//   - Each Mutant wraps the reference endpoint (package fsm) and adds one
//     bug, documented on its variable with the RFC rule it breaks. Build
//     makes one from an fsm.Config and passes Config.OnTransition on, so it
//     can stand wherever an observe.Endpoint is built (observe.NewProbeWith,
//     properties.OpenWorld.Build, sim.Node.Build, closedworld.World.Build,
//     the shrinker's Options.Build).
//   - CaughtBy names the check that owns the broken rule: a monitor of
//     package properties (properties.ByName finds it), a property of the
//     simulator (sim.Property), or "" for a crash, which only a harness
//     that recovers panics reports.
//   - Name is stable and unique; All lists every mutant in a fixed order
//     and Lookup finds one by name.
//   - A mutant behaves exactly as the reference endpoint until its bug's
//     trigger occurs, so what flags it is the bug and nothing else.
package mutants
