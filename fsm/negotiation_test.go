package fsm_test

import (
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
)

// Option negotiation on the handshake (RFC 9293 §3.7.1, RFC 7323 §2-3,
// RFC 2018 §2, RFC 6691): an option is used only if both SYNs carry it,
// the peer's MSS defaults to 536, the effective MSS leaves room for the
// options every segment carries, and a window shift above 14 counts as 14.

// synOptions describes the options of a SYN or SYN-ACK, for messages.
type synOptions struct {
	mss        uint16
	hasMSS     bool
	sack       bool
	ts         bool
	wscale     uint8
	hasWScale  bool
	tsVal, ecr uint32
}

func optionsOf(s *segment.Segment) synOptions {
	var o synOptions
	o.mss, o.hasMSS = s.Options.MSS()
	o.sack = s.Options.SACKPermitted()
	o.tsVal, o.ecr, o.ts = s.Options.Timestamps()
	o.wscale, o.hasWScale = s.Options.WScale()
	return o
}

// expectSegmentSizes fails unless r sent data segments of exactly these
// payload lengths, back to back from seq, without options unless ts.
func expectSegmentSizes(t *testing.T, r fsm.Result, sq uint32, ts bool, sizes ...int) {
	t.Helper()
	if len(r.Out) != len(sizes) {
		t.Fatalf("sent %s, want %d segments of %v bytes", describeOut(r.Out), len(sizes), sizes)
	}
	for i, n := range sizes {
		s := &r.Out[i]
		if uint32(s.Seq) != sq || len(s.Payload) != n {
			t.Fatalf("segment %d: %s, want <SEQ=%d> with %d bytes (all: %s)", i, describeSeg(s), sq, n, describeOut(r.Out))
		}
		if _, _, has := s.Options.Timestamps(); has != ts || (!ts && s.Options.Len() != 0) {
			t.Fatalf("segment %d: options <%s>, want timestamps %v and nothing else", i, s.Options.AppendText(nil), ts)
		}
		sq += uint32(n)
	}
}

// A peer whose SYN carries no option at all (passive open): the SYN-ACK
// offers only our MSS (RFC 7323 §2.2: "a TCP MAY send the Window Scale
// option in a <SYN,ACK> segment only if it has received a Window Scale
// option"; §3.2 the same for timestamps; RFC 2018 §2 for SACK-permitted),
// the peer's MSS is taken as 536 ("If an MSS Option is not received at
// connection setup, TCP implementations MUST assume a default send MSS of
// 536"), and no segment carries options.
func TestNegotiationPeerOffersNothingPassive(t *testing.T) {
	ep, p := inState(t, fsm.Listen, fsm.Config{})
	r := send(t, ep, p.next(SYN, ""))
	p.take(r)
	expect(t, r, synAckSeg(1000, 5001))
	if got, want := optionsOf(&r.Out[0]), (synOptions{mss: 1460, hasMSS: true}); got != want {
		t.Fatalf("SYN-ACK options %+v, want only MSS 1460", got)
	}
	if w := r.Out[0].Window; w != 65535 {
		t.Fatalf("SYN-ACK window %d, want 65535 (64 KiB buffer, never scaled in a SYN)", w)
	}

	expectNothing(t, send(t, ep, p.next(ACK, "")))
	expectState(t, ep, fsm.Established)
	if ep.PeerMSS() != 536 || ep.Timestamps() || ep.SACKPermitted() {
		t.Fatalf("peer MSS %d, timestamps %v, SACK %v; want 536, false, false",
			ep.PeerMSS(), ep.Timestamps(), ep.SACKPermitted())
	}
	if _, _, ok := ep.WindowScale(); ok {
		t.Fatalf("window scaling in use though the peer did not offer it")
	}
	_, r = ep.Send(0, make([]byte, 2000))
	expectSegmentSizes(t, r, 1001, false, 536, 536, 536, 392)
	if w := r.Out[0].Window; w != 65535 {
		t.Fatalf("window field %d, want 65535: a 64 KiB window capped, not scaled", w)
	}
}

// An active open whose SYN offers everything and a SYN-ACK that offers
// nothing: the endpoint falls back to no scaling, no timestamps, no SACK
// and a send MSS of 536.
func TestNegotiationActiveFallback(t *testing.T) {
	ep := fsm.New(fsm.Config{ISN: fixedISN(1000)})
	r := ep.Connect(0, epTuple)
	expect(t, r, synSeg(1000))
	got := optionsOf(&r.Out[0])
	want := synOptions{mss: 1460, hasMSS: true, sack: true, ts: true, wscale: 1, hasWScale: true}
	if got != want {
		t.Fatalf("SYN options %+v, want %+v (MSS 1460, SACK-permitted, timestamps, window scale 1 for a 64 KiB buffer)", got, want)
	}
	if w := r.Out[0].Window; w != 65535 {
		t.Fatalf("SYN window %d, want 65535", w)
	}
	p := newPeer(peerISS)
	p.take(r)
	r = send(t, ep, p.next(SYN|ACK, ""))
	expect(t, r, ackSeg(1001, 5001))
	if r.Out[0].Options.Len() != 0 || r.Out[0].Window != 65535 {
		t.Fatalf("ACK options <%s>, window %d; want none and 65535 unscaled",
			r.Out[0].Options.AppendText(nil), r.Out[0].Window)
	}
	if ep.PeerMSS() != 536 || ep.Timestamps() || ep.SACKPermitted() {
		t.Fatalf("peer MSS %d, timestamps %v, SACK %v; want 536, false, false",
			ep.PeerMSS(), ep.Timestamps(), ep.SACKPermitted())
	}
	if snd, rcv, ok := ep.WindowScale(); ok || snd != 0 || rcv != 0 {
		t.Fatalf("window scale %d/%d in use=%v, want none", snd, rcv, ok)
	}
	_, r = ep.Send(0, make([]byte, 1000))
	expectSegmentSizes(t, r, 1001, false, 536, 464)
}

// Both sides offer everything; the peer's MSS is 1000. Timestamps take 12
// bytes of every segment (RFC 6691 §2: the MSS does not count options), so
// segments carry 988 bytes, each with a timestamps option echoing the
// peer's last TSval.
func TestNegotiationEffectiveMSSWithTimestamps(t *testing.T) {
	ep, p := build(t, fsm.Config{}, fixture{state: fsm.Established, peer: func(p *peer) {
		p.offerAll()
		p.syn.Reset()
		_ = p.syn.AddMSS(1000)
		_ = p.syn.AddSACKPermitted()
		_ = p.syn.AddTimestamps(p.tsVal, 0)
		_ = p.syn.AddNOP()
		_ = p.syn.AddWScale(7)
	}})
	if ep.PeerMSS() != 1000 || !ep.Timestamps() || !ep.SACKPermitted() {
		t.Fatalf("peer MSS %d, timestamps %v, SACK %v; want 1000, true, true",
			ep.PeerMSS(), ep.Timestamps(), ep.SACKPermitted())
	}
	if snd, rcv, ok := ep.WindowScale(); !ok || snd != 7 || rcv != 1 {
		t.Fatalf("window scale %d/%d ok=%v, want 7 (the peer's) / 1 (ours)", snd, rcv, ok)
	}
	_, r := ep.Send(0, make([]byte, 2000))
	expectSegmentSizes(t, r, 1001, true, 988, 988, 24)
	for i := range r.Out {
		if _, ecr, _ := r.Out[i].Options.Timestamps(); ecr != p.tsVal-1 {
			t.Fatalf("segment %d echoes TSecr %d, want the peer's last TSval %d", i, ecr, p.tsVal-1)
		}
	}
}

// The peer's MSS is an upper bound only: above our own MSS (which stands
// for the largest segment our side can send, MMS_S in §3.7.1) our own
// wins; below it, the peer's.
func TestNegotiationMSSBounds(t *testing.T) {
	for _, c := range []struct {
		peerMSS uint16
		sizes   []int
	}{
		{9000, []int{1460, 1460, 80}},
		{1200, []int{1200, 1200, 600}},
	} {
		ep, _ := build(t, fsm.Config{}, fixture{state: fsm.Established, peer: func(p *peer) {
			p.wnd = 65535
			_ = p.syn.AddMSS(c.peerMSS)
		}})
		_, r := ep.Send(0, make([]byte, 3000))
		expectSegmentSizes(t, r, 1001, false, c.sizes...)
	}
}

// RFC 7323 §2.3: "If a Window Scale option is received with a shift.cnt
// value larger than 14, the TCP SHOULD log the error but MUST use 14
// instead of the specified value." The SYN's own window is never scaled.
func TestNegotiationWindowScaleAbove14(t *testing.T) {
	for _, how := range []opening{passive, active} {
		ep, p := build(t, fsm.Config{}, fixture{state: fsm.Established, open: how, peer: func(p *peer) {
			p.wnd = 3
			_ = p.syn.AddNOP()
			_ = p.syn.AddWScale(15)
		}})
		if snd, _, ok := ep.WindowScale(); !ok || snd != 14 {
			t.Fatalf("%v: peer's shift %d ok=%v, want 14", how, snd, ok)
		}
		// A window field in a SYN is never scaled (§2.2), so after an
		// active open SND.WND is the SYN-ACK's 3; the ACK that completes a
		// passive open is scaled already.
		wantWnd := uint32(3 << 14)
		if how == active {
			wantWnd = 3
		}
		if ep.SndWnd() != wantWnd {
			t.Fatalf("%v: SND.WND %d after the handshake, want %d", how, ep.SndWnd(), wantWnd)
		}
		send(t, ep, p.next(ACK, ""))
		if ep.SndWnd() != 3<<14 {
			t.Fatalf("%v: SND.WND %d after a window field of 3, want 3<<14 = %d", how, ep.SndWnd(), 3<<14)
		}
	}
}

// With Config.WScale = -1 the endpoint does not offer window scaling, so
// neither side scales even if the peer offered it (RFC 7323 §2.2).
func TestNegotiationWindowScaleDeclined(t *testing.T) {
	ep, p := inState(t, fsm.Listen, fsm.Config{WScale: -1})
	_ = p.syn.AddNOP()
	_ = p.syn.AddWScale(7)
	p.wnd = 100
	r := send(t, ep, p.next(SYN, ""))
	p.take(r)
	if o := optionsOf(&r.Out[0]); o.hasWScale {
		t.Fatalf("SYN-ACK offers window scale %d, want none", o.wscale)
	}
	expectNothing(t, send(t, ep, p.next(ACK, "")))
	if _, _, ok := ep.WindowScale(); ok || ep.SndWnd() != 100 {
		t.Fatalf("window scaling ok=%v, SND.WND %d; want off and 100", ok, ep.SndWnd())
	}
}

// NoSACK and NoTimestamp decline what the peer offers: the SYN-ACK leaves
// the option out and it is not used; without timestamps the full MSS
// carries data.
func TestNegotiationDeclineSACKAndTimestamps(t *testing.T) {
	ep, p := inState(t, fsm.Listen, fsm.Config{NoSACK: true, NoTimestamp: true})
	p.offerAll()
	r := send(t, ep, p.next(SYN, ""))
	p.take(r)
	if o := optionsOf(&r.Out[0]); o.sack || o.ts || !o.hasWScale || o.mss != 1460 {
		t.Fatalf("SYN-ACK options %+v, want MSS 1460 and window scale only", o)
	}
	p.ts = false
	expectNothing(t, send(t, ep, p.next(ACK, "")))
	if ep.SACKPermitted() || ep.Timestamps() {
		t.Fatalf("SACK %v, timestamps %v; want both off", ep.SACKPermitted(), ep.Timestamps())
	}
	_, r = ep.Send(0, make([]byte, 1500))
	expectSegmentSizes(t, r, 1001, false, 1460, 40)
}

// Config.NoOptions (BSD's TCP_NOOPT) sends a SYN with no options at all, so
// the peer assumes an MSS of 536 (RFC 9293 §3.7.1), and nothing is
// negotiated even when the peer's SYN-ACK offers options.
func TestNegotiationNoOptions(t *testing.T) {
	ep := fsm.New(fsm.Config{NoOptions: true})
	r := ep.Connect(0, tupA)
	if len(r.Out) != 1 || r.Out[0].Options.Len() != 0 {
		t.Fatalf("SYN with NoOptions carries %d option bytes, want 0", r.Out[0].Options.Len())
	}
	synAck := segment.Segment{SrcPort: 80, DstPort: 40000, Seq: 5000, Ack: r.Out[0].Seq + 1,
		Flags: segment.SYN | segment.ACK, Window: 65535}
	_ = synAck.Options.AddMSS(1460)
	_ = synAck.Options.AddSACKPermitted()
	_ = synAck.Options.AddTimestamps(7, 0)
	_ = synAck.Options.AddNOP()
	_ = synAck.Options.AddWScale(7)
	ep.Input(0, &synAck)
	_, _, ws := ep.WindowScale()
	if ep.State() != fsm.Established || ep.Timestamps() || ep.SACKPermitted() || ws {
		t.Fatalf("state %v, TS %v, SACK %v, wscale %v: want ESTABLISHED with nothing negotiated",
			ep.State(), ep.Timestamps(), ep.SACKPermitted(), ws)
	}
}

// ECN negotiation (RFC 3168 §6.1.1). Active side: with ECNRequest the SYN
// is an "ECN-setup SYN packet" (ECE and CWR set); it is retransmitted as
// one ECNSynRetries times and then with both cleared (§6.1.1.1: "MAY resend
// the SYN and any subsequent SYN retransmissions with CWR and ECE
// cleared"). ECNAccept and ECNOff send plain SYNs.
func TestECNSetupSYN(t *testing.T) {
	const E, W = segment.ECE, segment.CWR
	for _, tc := range []struct {
		mode    fsm.ECNMode
		retries int
		want    [3]segment.Flags // the SYN and two retransmissions
	}{
		{fsm.ECNRequest, 0, [3]segment.Flags{SYN | E | W, SYN, SYN}},
		{fsm.ECNRequest, 1, [3]segment.Flags{SYN | E | W, SYN | E | W, SYN}},
		{fsm.ECNAccept, 1, [3]segment.Flags{SYN, SYN, SYN}},
		{fsm.ECNOff, 1, [3]segment.Flags{SYN, SYN, SYN}},
	} {
		r := newRig(t, fsm.Config{ECN: tc.mode, ECNSynRetries: tc.retries})
		r.connect()
		var got [3]segment.Flags
		got[0] = r.one().Flags
		for i := 1; i < 3; i++ {
			r.tick(r.res.Deadline)
			got[i] = r.one().Flags
		}
		if got != tc.want {
			t.Errorf("mode %d, ECNSynRetries %d: SYN flags %v, want %v", tc.mode, tc.retries, got, tc.want)
		}
	}
}

// Only an "ECN-setup SYN-ACK packet" (ECE set, CWR clear) answering our
// ECN-setup SYN makes ECN agreed; "a SYN-ACK packet with both the ECE and
// CWR flags set" or without ECE does not. The handshake's ACK carries
// neither bit.
func TestECNSynAckAgreement(t *testing.T) {
	const E, W = segment.ECE, segment.CWR
	for _, tc := range []struct {
		name   string
		mode   fsm.ECNMode
		synAck segment.Flags
		ecn    bool
	}{
		{"ECN-setup SYN-ACK", fsm.ECNRequest, E, true},
		{"ECE and CWR", fsm.ECNRequest, E | W, false},
		{"no ECN bits", fsm.ECNRequest, 0, false},
		{"ECE without having asked", fsm.ECNAccept, E, false},
	} {
		r := newRig(t, fsm.Config{ECN: tc.mode})
		r.connect()
		r.input(r.mk(SYN|ACK|tc.synAck, rigPeerISS, rigISS.Add(1), nil))
		r.wantState(fsm.Established)
		if a := r.one(); a.Flags != ACK || r.e.ECN() != tc.ecn {
			t.Errorf("%s: sent %v, ECN %v; want a plain ACK, ECN %v", tc.name, &a, r.e.ECN(), tc.ecn)
		}
	}
}

// Passive side: an ECN-setup SYN draws an ECN-setup SYN-ACK (ECE alone),
// also when retransmitted, unless ECN is off; a SYN with only one of the
// bits is not an ECN-setup SYN and draws a plain SYN-ACK ("If a host has
// received an ECN-setup SYN packet, then it MAY send an ECN-setup SYN-ACK
// packet. Otherwise, it MUST NOT").
func TestECNSetupSynAck(t *testing.T) {
	const E, W = segment.ECE, segment.CWR
	for _, tc := range []struct {
		name   string
		mode   fsm.ECNMode
		syn    segment.Flags
		synAck segment.Flags
	}{
		{"accept, ECN-setup SYN", fsm.ECNAccept, E | W, SYN | ACK | E},
		{"request, ECN-setup SYN", fsm.ECNRequest, E | W, SYN | ACK | E},
		{"off, ECN-setup SYN", fsm.ECNOff, E | W, SYN | ACK},
		{"accept, ECE only", fsm.ECNAccept, E, SYN | ACK},
		{"accept, CWR only", fsm.ECNAccept, W, SYN | ACK},
		{"accept, plain SYN", fsm.ECNAccept, 0, SYN | ACK},
	} {
		r := newRig(t, fsm.Config{ECN: tc.mode})
		r.listen()
		r.input(r.mk(SYN|tc.syn, rigPeerISS, 0, nil))
		sa := r.one()
		r.tick(r.res.Deadline)
		again := r.one()
		r.input(r.mk(ACK, rigPeerISS.Add(1), rigISS.Add(1), nil))
		r.wantState(fsm.Established)
		if sa.Flags != tc.synAck || again.Flags != tc.synAck || r.e.ECN() != (tc.synAck&E != 0) {
			t.Errorf("%s: SYN-ACK %v, retransmitted %v, ECN %v; want flags %v", tc.name, sa.Flags, again.Flags, r.e.ECN(), tc.synAck)
		}
	}
}
