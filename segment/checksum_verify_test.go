package segment

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// verifyTwoStep is VerifyChecksum as the sum of the segment over the
// pseudo-header's sum: the reference for the one-pass version.
func verifyTwoStep(tcp []byte, src, dst netip.Addr) bool {
	return len(tcp) >= HeaderLen && Sum(tcp, PseudoHeaderSum(src, dst, ProtocolTCP, len(tcp))) == 0xffff
}

// VerifyChecksum agrees with the two-step sum on every length from 0 to
// 1600 and beyond, over IPv4, IPv6, IPv4-mapped, mixed and zero addresses, for
// segments whose checksum is right, and for the same with one byte or the
// field changed.
func TestVerifyChecksumMatchesTwoStep(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	addrs := []netip.Addr{
		netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("198.51.100.200"),
		netip.MustParseAddr("255.255.255.255"), netip.MustParseAddr("0.0.0.0"),
		netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
		netip.MustParseAddr("::ffff:192.0.2.1"), netip.MustParseAddr("fe80::1%eth0"), {},
	}
	check := func(b []byte, src, dst netip.Addr) {
		t.Helper()
		if got, want := VerifyChecksum(b, src, dst), verifyTwoStep(b, src, dst); got != want {
			t.Fatalf("%d bytes from %v to %v: VerifyChecksum %v, two-step sum %v", len(b), src, dst, got, want)
		}
	}
	lengths := []int{70000, 65535, 9000}
	for n := range 1601 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		b := make([]byte, n)
		fill := r.IntN(3)
		for i := range b {
			switch fill {
			case 0:
				b[i] = byte(r.Uint32())
			case 1:
				b[i] = 0xff
			}
		}
		src, dst := addrs[r.IntN(len(addrs))], addrs[r.IntN(len(addrs))]
		check(b, src, dst)
		if FillChecksum(b, src, dst) == nil {
			if !VerifyChecksum(b, src, dst) {
				t.Fatalf("%d bytes from %v to %v: filled checksum not OK", n, src, dst)
			}
			check(b, src, dst)
			i := r.IntN(n)
			b[i] ^= byte(1 + r.IntN(255))
			check(b, src, dst)
			b[i] = 0
			check(b, src, dst)
			// The field as all ones or all zeros: the two forms of zero.
			b[16], b[17] = 0xff, 0xff
			check(b, src, dst)
			b[16], b[17] = 0, 0
			check(b, src, dst)
		}
	}
}

func TestVerifyChecksumAllocatesNothing(t *testing.T) {
	b := make([]byte, 1480)
	src, dst := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	_ = FillChecksum(b, src, dst)
	if n := testing.AllocsPerRun(100, func() {
		if !VerifyChecksum(b, src, dst) {
			t.Fatal("not OK")
		}
	}); n != 0 {
		t.Fatalf("VerifyChecksum allocates %v times", n)
	}
}

func BenchmarkVerifyChecksum(b *testing.B) {
	seg := make([]byte, 32+1448)
	src, dst := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	_ = FillChecksum(seg, src, dst)
	for _, n := range []int{32, len(seg)} {
		s := seg[:n]
		_ = FillChecksum(s, src, dst)
		b.Run("two-step/"+itoa(n), func(b *testing.B) {
			for b.Loop() {
				verifyTwoStep(s, src, dst)
			}
		})
		b.Run("one-pass/"+itoa(n), func(b *testing.B) {
			for b.Loop() {
				VerifyChecksum(s, src, dst)
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
