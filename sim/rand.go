package sim

// Rand is the simulator's pseudo-random generator: SplitMix64 (Steele, Lea
// and Flood, "Fast splittable pseudorandom number generators", OOPSLA
// 2014). It is seeded explicitly and never touches math/rand's global
// state, so a seed alone reproduces a run. The zero value is the generator
// seeded with 0.
type Rand struct{ state uint64 }

// golden is 2^64 divided by the golden ratio, SplitMix64's increment.
const golden = 0x9e3779b97f4a7c15

// Seed restarts the sequence from seed.
func (r *Rand) Seed(seed uint64) { r.state = seed }

// Uint64 returns the next 64 pseudo-random bits.
func (r *Rand) Uint64() uint64 {
	r.state += golden
	return mix64(r.state)
}

// Float64 returns a number in [0, 1) with 53 random bits.
func (r *Rand) Float64() float64 { return float64(r.Uint64()>>11) / (1 << 53) }

// Chance reports true with probability p. It always consumes one draw, so
// the draws that follow do not depend on p.
func (r *Rand) Chance(p float64) bool {
	x := r.Float64()
	return p > 0 && (p >= 1 || x < p)
}

// Below returns a number in [0, n), or 0 when n is 0; it consumes one draw.
func (r *Rand) Below(n uint64) uint64 {
	x := r.Uint64()
	if n == 0 {
		return 0
	}
	return x % n
}

// mix64 is SplitMix64's output function, a bijective 64-bit mixer.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
