package sim

import (
	"os"
	"testing"

	"tcpcheck/fsm"

	"tcpcheck/segment"
)

// TestMain makes every run of this package's tests check that the decoded
// form kept for a packet (packet.keep) is exactly what decoding its bytes
// gives.
func TestMain(m *testing.M) {
	checkKnown = func(p *packet) {
		d := &knownSeg
		if err := d.Decode(p.wire); err != nil {
			panic("kept a segment whose bytes do not decode: " + err.Error())
		}
		if !d.Equal(&p.seg) || d.Options != p.seg.Options || cap(d.Payload) != cap(p.seg.Payload) ||
			len(d.Payload) > 0 && &d.Payload[0] != &p.seg.Payload[0] {
			panic("kept segment " + p.seg.String() + " differs from its bytes decoded, " + d.String())
		}
		knownChecked++
	}
	os.Exit(m.Run())
}

var (
	knownChecked int
	knownSeg     segment.Segment // not a local: the check must not allocate
)

// TestKnownChecked makes sure the check of TestMain ran.
func TestKnownChecked(t *testing.T) {
	before := knownChecked
	s := New(Exchange(fsm.Config{}, fsm.Config{}, 5000))
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	if knownChecked == before {
		t.Fatal("no delivered packet had its decoded form kept")
	}
}
