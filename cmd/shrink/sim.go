package main

import (
	"flag"
	"strconv"
	"time"

	"tcpcheck/shrink"
	"tcpcheck/sim"
)

// simFlags describe the closed-world run of -sim SEED.
type simFlags struct {
	seed                        string
	bytes                       int
	loss, dup, reorder, corrupt float64
	delay, jitter, heal         time.Duration
}

func (f *simFlags) register(fl *flag.FlagSet) {
	d := shrink.DefaultLink
	fl.StringVar(&f.seed, "sim", "", "shrink the closed-world simulation with this seed (no FILE)")
	fl.IntVar(&f.bytes, "bytes", 20000, "-sim: bytes each endpoint writes")
	fl.Float64Var(&f.loss, "loss", d.Loss, "-sim: probability that a segment is lost")
	fl.Float64Var(&f.dup, "dup", d.Dup, "-sim: probability that a segment is duplicated")
	fl.Float64Var(&f.reorder, "reorder", d.Reorder, "-sim: probability that a segment is held back")
	fl.Float64Var(&f.corrupt, "corrupt", d.Corrupt, "-sim: probability that a segment is corrupted")
	fl.DurationVar(&f.delay, "delay", time.Duration(d.Delay), "-sim: one-way delay")
	fl.DurationVar(&f.jitter, "jitter", time.Duration(d.Jitter), "-sim: extra delay, up to this")
	fl.DurationVar(&f.heal, "heal", 5*time.Second, "-sim: faults stop for segments sent from then on")
}

// input checks the flags and returns the simulation.
func (f *simFlags) input() (shrink.SimInput, error) {
	seed, err := strconv.ParseUint(f.seed, 0, 64)
	if err != nil {
		return shrink.SimInput{}, bad("-sim %q: want an unsigned integer seed", f.seed)
	}
	for _, p := range []float64{f.loss, f.dup, f.reorder, f.corrupt} {
		if p < 0 || p > 1 {
			return shrink.SimInput{}, bad("-loss, -dup, -reorder and -corrupt are probabilities, from 0 to 1")
		}
	}
	if f.bytes <= 0 || f.delay < 0 || f.jitter < 0 || f.heal <= 0 {
		return shrink.SimInput{}, bad("-bytes and -heal must be positive, -delay and -jitter not negative")
	}
	return shrink.SimInput{
		Seed:  seed,
		Bytes: f.bytes,
		Link: sim.Link{Loss: f.loss, Dup: f.dup, Reorder: f.reorder, Corrupt: f.corrupt,
			Delay: sim.Time(f.delay), Jitter: sim.Time(f.jitter)},
		Heal: sim.Time(f.heal),
	}, nil
}

// loadSim runs and shrinks the simulation of -sim.
func loadSim(c *config, opt shrink.Options) (*shrink.Repro, error) {
	in, err := c.sim.input()
	if err != nil {
		return nil, err
	}
	in.Build[0] = opt.Build
	return shrink.ShrinkSim(in, opt)
}
