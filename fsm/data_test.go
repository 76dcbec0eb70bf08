package fsm_test

import (
	"bytes"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// This file tests the data path of an established connection against a
// scripted peer (rig, in retransmit_test.go): segmentation, delivery,
// windows, zero-window probing, buffers, EOF, Close and Abort, keep-alive
// and the errors of user calls.

// rigBytes returns n bytes that differ from their neighbours.
func rigBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + i>>8)
	}
	return b
}

// sentData checks that the last call's segments carry consecutive bytes of
// want starting at offset off of the stream (ISS+1 is offset 0), and
// returns the offset after them and the payload sizes.
func (r *rig) sentData(want []byte, off int) (int, []int) {
	r.t.Helper()
	var sizes []int
	for i := range r.out {
		s := &r.out[i]
		if s.Flags&(segment.SYN|segment.RST|segment.FIN) != 0 || s.Flags&segment.ACK == 0 {
			r.t.Fatalf("data segment with flags %v", s.Flags)
		}
		if s.Seq != rigISS.Add(seq.Size(1+off)) {
			r.t.Fatalf("segment %d at seq %d, want %d", i, s.Seq, rigISS.Add(seq.Size(1+off)))
		}
		if !bytes.Equal(s.Payload, want[off:off+len(s.Payload)]) {
			r.t.Fatalf("segment %d carries the wrong bytes", i)
		}
		off += len(s.Payload)
		sizes = append(sizes, len(s.Payload))
	}
	return off, sizes
}

// withinWindow checks the sender's rule (RFC 9293 §3.8.6.2.1): nothing
// beyond SND.UNA+SND.WND, except a one-byte probe of a zero window.
func (r *rig) withinWindow() {
	r.t.Helper()
	edge := r.e.SndUna().Add(seq.Size(r.e.SndWnd()))
	for i := range r.out {
		s := &r.out[i]
		end := s.Seq.Add(seq.Size(len(s.Payload)))
		if len(s.Payload) > 0 && end.GreaterThan(edge) && !(r.e.SndWnd() == 0 && len(s.Payload) == 1 && s.Seq == r.e.SndUna()) {
			r.t.Fatalf("segment [%d, %d) beyond SND.UNA+SND.WND = %d", s.Seq, end, edge)
		}
	}
}

func TestDataSegmentsByEffectiveMSS(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ourMSS  uint16
		peerMSS uint16 // 0: no MSS option
		ts      bool
		want    int
	}{
		{"peer 1000", 0, 1000, false, 1000},
		{"peer 1000 with timestamps", 0, 1000, true, 988}, // RFC 7323 §3.2: 12 option bytes on every segment
		{"no MSS option: 536", 0, 0, false, 536},          // RFC 9293 §3.7.1
		{"no MSS option with timestamps", 0, 0, true, 524},
		{"our MSS smaller", 536, 1460, false, 536},
		{"peer 1460", 0, 1460, true, 1448},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, fsm.Config{MSS: tc.ourMSS})
			r.peer.mss, r.peer.ts = tc.peerMSS, tc.ts
			r.established()
			if r.e.Timestamps() != tc.ts {
				t.Fatalf("timestamps negotiated: %v", r.e.Timestamps())
			}
			msg := rigBytes(5000)
			if n, _ := r.send(msg); n != len(msg) {
				t.Fatalf("Send took %d", n)
			}
			end, sizes := r.sentData(msg, 0)
			if end != len(msg) {
				t.Fatalf("sent %d of %d bytes (window 65535)", end, len(msg))
			}
			for i, n := range sizes {
				last := i == len(sizes)-1
				if n > tc.want || (!last && n != tc.want) {
					t.Fatalf("segment sizes %v, want %d each", sizes, tc.want)
				}
				s := &r.out[i]
				if (s.Flags&segment.PSH != 0) != last {
					t.Fatalf("PSH on segment %d of %d", i, len(sizes))
				}
				if _, _, ok := s.Options.Timestamps(); ok != tc.ts {
					t.Fatalf("timestamps option on a data segment: %v", ok)
				}
			}
		})
	}
}

func TestDataInOrderDelivery(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.ts = true
	r.established()
	msg := rigBytes(3000)
	for i, part := range [][]byte{msg[:1000], msg[1000:1448], msg[1448:]} {
		res := r.data(part)
		a := r.one()
		if a.Ack != r.peerNxt || a.Flags != segment.ACK || len(a.Payload) != 0 {
			t.Fatalf("segment %d acknowledged by %v, want ACK %d", i, &a, r.peerNxt)
		}
		if res.Events&fsm.EvReadable == 0 {
			t.Fatalf("segment %d: no readable event", i)
		}
	}
	if r.e.Readable() != len(msg) || r.e.RcvNxt() != r.peerNxt {
		t.Fatalf("readable %d, RCV.NXT %d", r.e.Readable(), r.e.RcvNxt())
	}
	got := make([]byte, 4096)
	n, res := r.recv(got)
	if n != len(msg) || !bytes.Equal(got[:n], msg) || res.Err != fsm.OK {
		t.Fatalf("Recv: %d bytes, %v", n, res.Err)
	}
}

// Documented choice (doc.go): no reassembly queue. A segment beyond
// RCV.NXT is dropped and answered at once with a duplicate ACK.
func TestDataOutOfOrderDroppedWithDuplicateAck(t *testing.T) {
	r := newRig(t, fsm.Config{}).established()
	msg := rigBytes(300)
	r.data(msg[:100])
	r.one()
	res := r.input(r.mk(segment.ACK, r.peerNxt.Add(100), r.e.SndUna(), msg[200:]))
	a := r.one()
	if a.Ack != r.peerNxt || a.Seq != r.e.SndNxt() || len(a.Payload) != 0 {
		t.Fatalf("out-of-order segment answered by %v, want a duplicate ACK %d", &a, r.peerNxt)
	}
	if res.Events&fsm.EvReadable != 0 || r.e.Readable() != 100 {
		t.Fatalf("out-of-order bytes were delivered: readable %d", r.e.Readable())
	}
	r.data(msg[100:200])
	r.data(msg[200:]) // the peer must retransmit the dropped one
	got := make([]byte, 400)
	if n, _ := r.recv(got); n != 300 || !bytes.Equal(got[:n], msg) {
		t.Fatalf("Recv %d bytes", n)
	}
}

func TestDataDuplicateAndOverlapTrimmed(t *testing.T) {
	r := newRig(t, fsm.Config{}).established()
	msg := rigBytes(400)
	start := r.peerNxt
	r.data(msg[:100])
	// An exact duplicate is not acceptable (RFC 9293 §3.10.7.4 first):
	// ACK and drop.
	res := r.input(r.mk(segment.ACK, start, r.e.SndUna(), msg[:100]))
	if a := r.one(); a.Ack != start.Add(100) || res.Events&fsm.EvReadable != 0 {
		t.Fatalf("duplicate answered by %v, events %v", &a, res.Events)
	}
	// Overlap: [50, 200) delivers only [100, 200).
	res = r.input(r.mk(segment.ACK, start.Add(50), r.e.SndUna(), msg[50:200]))
	if a := r.one(); a.Ack != start.Add(200) || res.Events&fsm.EvReadable == 0 {
		t.Fatalf("overlap answered by %v, events %v", &a, res.Events)
	}
	// Overlap with a FIN: [150, 400) + FIN.
	res = r.input(r.mk(segment.ACK|segment.FIN, start.Add(150), r.e.SndUna(), msg[150:]))
	if a := r.one(); a.Ack != start.Add(401) || res.Events&fsm.EvPeerClosed == 0 {
		t.Fatalf("overlapping FIN answered by %v, events %v", &a, res.Events)
	}
	r.wantState(fsm.CloseWait)
	got := make([]byte, 1000)
	if n, _ := r.recv(got); n != 400 || !bytes.Equal(got[:n], msg) {
		t.Fatalf("Recv %d bytes, want the 400 bytes once each", n)
	}
	if n, res := r.recv(got); n != 0 || res.Err != fsm.OK {
		t.Fatalf("Recv after the FIN: %d, %v, want EOF", n, res.Err)
	}
}

// Bytes beyond the receive window are cut off, and a FIN after them is not
// processed.
func TestDataBeyondWindowTrimmed(t *testing.T) {
	r := newRig(t, fsm.Config{RecvBuffer: 1000}).established()
	msg := rigBytes(1500)
	start := r.peerNxt
	res := r.input(r.mk(segment.ACK|segment.FIN, start, r.e.SndUna(), msg))
	a := r.one()
	if a.Ack != start.Add(1000) || a.Window != 0 || res.Events&fsm.EvPeerClosed != 0 {
		t.Fatalf("answered by %v, events %v; want ACK %d window 0 and no FIN", &a, res.Events, start.Add(1000))
	}
	r.wantState(fsm.Established)
	// A segment entirely beyond a zero window is not acceptable.
	r.input(r.mk(segment.ACK, start.Add(1000), r.e.SndUna(), msg[1000:]))
	if a := r.one(); a.Ack != start.Add(1000) || r.e.Readable() != 1000 {
		t.Fatalf("zero window: %v, readable %d", &a, r.e.Readable())
	}
}

// RFC 7323 §2: the window field carries RCV.WND >> Rcv.Wind.Shift once
// both sides offered window scaling, rounded up to a whole unit, and is
// never scaled in a SYN. RcvWnd is the window so advertised.
func TestDataReceiveWindowScaling(t *testing.T) {
	const buf = 1 << 20 // shift 5: 2^20 >> 5 = 32768
	for _, tc := range []struct {
		name        string
		peerWScale  int
		ourWScale   int8 // Config.WScale
		synShift    int  // the shift our SYN offers, -1 none
		ackWin      uint16
		afterThousd uint16 // (buf-1000) / 2^shift, rounded up
		rcvWnd      uint32 // afterThousd << shift
	}{
		{"both offer", 7, 0, 5, 32768, 32737, 32737 << 5},
		{"peer does not offer", -1, 0, 5, 65535, 65535, 65535},
		{"explicit shift 8", 2, 8, 8, 4096, 4093, 4093 << 8},
		{"we do not offer", 3, -1, -1, 65535, 65535, 65535},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, fsm.Config{RecvBuffer: buf, WScale: tc.ourWScale})
			r.peer.wscale = tc.peerWScale
			r.connect()
			syn := r.one()
			ws, ok := syn.Options.WScale()
			if syn.Window != 65535 || ok != (tc.synShift >= 0) || (ok && int(ws) != tc.synShift) {
				t.Fatalf("SYN: window %d, wscale %d %v", syn.Window, ws, ok)
			}
			r.peerNxt = rigPeerISS.Add(1)
			r.input(r.mk(segment.SYN|segment.ACK, rigPeerISS, rigISS.Add(1), nil))
			if a := r.one(); a.Window != tc.ackWin {
				t.Fatalf("ACK window %d, want %d", a.Window, tc.ackWin)
			}
			r.data(rigBytes(1000))
			if a := r.one(); a.Window != tc.afterThousd {
				t.Fatalf("window after 1000 bytes: %d, want %d", a.Window, tc.afterThousd)
			}
			if r.e.RcvWnd() != tc.rcvWnd {
				t.Fatalf("RcvWnd %d, want %d", r.e.RcvWnd(), tc.rcvWnd)
			}
		})
	}
}

// The SYN-ACK of a passive open: window never scaled, window scale option
// only when the peer's SYN carried one.
func TestDataSynAckWindowNotScaled(t *testing.T) {
	for _, peerWS := range []int{-1, 0, 9} {
		r := newRig(t, fsm.Config{RecvBuffer: 1 << 20})
		r.peer.wscale = peerWS
		sa := r.synReceived()
		ws, ok := sa.Options.WScale()
		if sa.Window != 65535 || ok != (peerWS >= 0) || (ok && ws != 5) {
			t.Fatalf("peer wscale %d: SYN-ACK window %d, wscale %d %v", peerWS, sa.Window, ws, ok)
		}
		r.ack(rigISS.Add(1))
		r.data([]byte("x"))
		a := r.one()
		want := uint16(65535)
		if peerWS >= 0 {
			want = (1<<20 - 1 + 31) >> 5 // rounded up
		}
		if a.Window != want {
			t.Fatalf("peer wscale %d: window %d, want %d", peerWS, a.Window, want)
		}
	}
}

// The peer's window field is shifted by the shift it announced, except in
// its SYN-ACK; a shift above 14 counts as 14 (RFC 7323 §2.3).
func TestDataSendWindowScaling(t *testing.T) {
	for _, tc := range []struct {
		shift  int
		ourWS  int8
		field  uint16
		scaled uint32
	}{
		{3, 0, 1000, 8000},
		{14, 0, 4, 65536},
		{15, 0, 1, 16384},
		{0, 0, 1000, 1000},
		{-1, 0, 1000, 1000},
		{5, -1, 1000, 1000}, // we did not offer: no scaling either way
	} {
		r := newRig(t, fsm.Config{WScale: tc.ourWS})
		r.peer.wscale, r.peer.window = tc.shift, tc.field
		r.established()
		if r.e.SndWnd() != uint32(tc.field) {
			t.Fatalf("shift %d: SND.WND %d after the SYN-ACK, want the unscaled %d", tc.shift, r.e.SndWnd(), tc.field)
		}
		r.ack(rigISS.Add(1))
		if r.e.SndWnd() != tc.scaled {
			t.Fatalf("shift %d: SND.WND %d, want %d", tc.shift, r.e.SndWnd(), tc.scaled)
		}
	}
}

func TestDataSenderRespectsPeerWindow(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.mss, r.peer.window = 1000, 2500
	r.established()
	msg := rigBytes(10000)
	n, _ := r.send(msg)
	if n != len(msg) {
		t.Fatalf("Send took %d", n)
	}
	r.withinWindow()
	off, sizes := r.sentData(msg, 0)
	if off != 2500 || len(sizes) != 3 {
		t.Fatalf("sent %v into a 2500-byte window", sizes)
	}
	// Each ACK slides the window: only what it opens goes out.
	acked := 0
	for _, step := range []struct {
		ack    int
		window uint16
		want   int
	}{
		{1000, 2500, 1000}, // edge 3500
		{1000, 3000, 500},  // window update only: edge 4000
		{3500, 500, 0},     // edge stays 4000
		{4000, 1200, 1200}, // edge 5200
		{5200, 0, 0},
	} {
		r.now += 10 * fsm.Millisecond
		r.peer.window = step.window
		r.ack(rigISS.Add(seq.Size(1 + step.ack)))
		acked = step.ack
		r.withinWindow()
		var got int
		off, sizes = r.sentData(msg, off)
		for _, s := range sizes {
			got += s
		}
		if got != step.want {
			t.Fatalf("ACK %d window %d: sent %v, want %d bytes", step.ack, step.window, sizes, step.want)
		}
	}
	if r.e.SndUna() != rigISS.Add(seq.Size(1+acked)) || r.e.SndNxt() != r.e.SndUna() {
		t.Fatalf("una %d nxt %d", r.e.SndUna(), r.e.SndNxt())
	}
	// A zero window with data waiting: the persist timer runs.
	r.wantDeadline(r.now + r.e.RTO())
}

// RFC 9293 §3.8.6.1: a zero window is probed with one byte after the RTO,
// with exponential backoff; the connection stays open as long as the
// probes are answered (RFC 1122 §4.2.2.17), and data resumes from SND.UNA
// when the window opens.
func TestDataZeroWindowProbe(t *testing.T) {
	r := newRig(t, fsm.Config{Retries: 3, RTOMax: 8 * fsm.Second})
	r.peer.mss, r.peer.window = 1000, 1000
	r.established()
	msg := rigBytes(3000)
	r.send(msg)
	off, _ := r.sentData(msg, 0)
	r.peer.window = 0
	r.ack(rigISS.Add(1001))
	r.none()
	una := r.e.SndUna()
	rto := r.e.RTO()
	at := r.now + rto
	r.wantDeadline(at)
	for i := range 10 { // more probes than Retries
		r.tick(at - 1)
		r.none()
		r.tick(at)
		p := r.one()
		if p.Seq != una || len(p.Payload) != 1 || p.Payload[0] != msg[off] {
			t.Fatalf("probe %d: %v, want one byte at SND.UNA %d", i, &p, una)
		}
		rto = min(2*rto, 8*fsm.Second)
		at += rto
		r.wantDeadline(at)
		r.now += 50 * fsm.Millisecond
		r.ack(una) // the peer still has no room
		r.none()
		r.wantState(fsm.Established)
		r.wantDeadline(at)
	}
	// The window opens: everything from SND.UNA goes out.
	r.peer.window = 4000
	r.ack(una)
	r.withinWindow()
	if len(r.out) == 0 || r.out[0].Seq != una {
		t.Fatalf("after the window update: %d segments%s; want data from SND.UNA %d", len(r.out), r.dump(), una)
	}
	if end, _ := r.sentData(msg, off); end != len(msg) {
		t.Fatalf("after the window update sent up to %d of %d", end, len(msg))
	}
	r.ack(r.e.SndNxt())
	r.wantDeadline(fsm.Never)
	if r.e.Unacked() != 0 {
		t.Fatalf("%d bytes unacknowledged", r.e.Unacked())
	}
}

// A probe the peer accepts moves SND.UNA on by one; probing continues with
// the next byte.
func TestDataZeroWindowProbeAccepted(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.window = 0
	r.established()
	msg := rigBytes(10)
	r.send(msg)
	r.none()
	for i := range 3 {
		r.tick(r.res.Deadline)
		p := r.one()
		if p.Seq != rigISS.Add(seq.Size(1+i)) || len(p.Payload) != 1 || p.Payload[0] != msg[i] {
			t.Fatalf("probe %d: %v", i, &p)
		}
		r.now += 10 * fsm.Millisecond
		r.ack(p.Seq.Add(1)) // taken, window still 0
		r.none()
		if r.res.Deadline == fsm.Never {
			t.Fatalf("no persist timer after probe %d", i)
		}
	}
	r.peer.window = 100
	r.ack(r.e.SndUna())
	if end, _ := r.sentData(msg, 3); end != 10 {
		t.Fatalf("sent up to %d after the window opened", end)
	}
}

// A window update before the persist timer fires resumes at once.
func TestDataWindowUpdateResumes(t *testing.T) {
	r := newRig(t, fsm.Config{})
	r.peer.window = 0
	r.established()
	msg := rigBytes(2000)
	r.send(msg)
	r.none()
	r.wantDeadline(r.now + r.e.RTO())
	r.now += 100 * fsm.Millisecond
	r.peer.window = 65535
	r.ack(rigISS.Add(1))
	if end, _ := r.sentData(msg, 0); end != len(msg) {
		t.Fatalf("sent %d after the window update", end)
	}
}

func TestDataSendBufferFull(t *testing.T) {
	r := newRig(t, fsm.Config{SendBuffer: 4096})
	r.peer.mss, r.peer.window = 1000, 1000
	r.established()
	msg := rigBytes(10000)
	n, res := r.send(msg)
	if n != 4096 || res.Err != fsm.OK {
		t.Fatalf("Send into a 4096-byte buffer: %d, %v", n, res.Err)
	}
	r.sentData(msg, 0)
	n, res = r.send(msg[4096:])
	if n != 0 || res.Err != fsm.ErrWouldBlock || len(res.Out) != 0 {
		t.Fatalf("Send into a full buffer: %d, %v", n, res.Err)
	}
	if n, res := r.send(nil); n != 0 || res.Err != fsm.OK {
		t.Fatalf("empty Send: %d, %v", n, res.Err)
	}
	res = r.ack(rigISS.Add(1001))
	if res.Events&fsm.EvWritable == 0 {
		t.Fatalf("no writable event when the ACK freed room")
	}
	n, _ = r.send(msg[4096:])
	if n != 1000 {
		t.Fatalf("Send after 1000 bytes were acknowledged took %d", n)
	}
	if r.e.Unacked() != 4096 {
		t.Fatalf("unacked %d", r.e.Unacked())
	}
}

func TestDataRecvWouldBlockAndEOF(t *testing.T) {
	r := newRig(t, fsm.Config{}).established()
	buf := make([]byte, 3)
	if n, res := r.recv(buf); n != 0 || res.Err != fsm.ErrWouldBlock || len(res.Out) != 0 {
		t.Fatalf("Recv with nothing: %d, %v", n, res.Err)
	}
	r.data([]byte("hello"))
	res := r.fin()
	if res.Events&fsm.EvPeerClosed == 0 {
		t.Fatalf("no peer-closed event")
	}
	r.wantState(fsm.CloseWait)
	var got []byte
	for {
		n, res := r.recv(buf)
		if res.Err != fsm.OK {
			t.Fatalf("Recv: %v", res.Err)
		}
		if n == 0 {
			break
		}
		got = append(got, buf[:n]...)
	}
	if string(got) != "hello" {
		t.Fatalf("read %q", got)
	}
	for range 2 { // EOF repeats
		if n, res := r.recv(buf); n != 0 || res.Err != fsm.OK {
			t.Fatalf("Recv at EOF: %d, %v", n, res.Err)
		}
	}
	// Data and FIN in one segment.
	r = newRig(t, fsm.Config{}).established()
	r.input(r.mk(segment.ACK|segment.FIN|segment.PSH, r.peerNxt, r.e.SndUna(), []byte("bye")))
	if a := r.one(); a.Ack != r.peerNxt.Add(4) {
		t.Fatalf("data+FIN acknowledged by %v", &a)
	}
	if n, _ := r.recv(buf); n != 3 {
		t.Fatalf("read %d", n)
	}
	if n, res := r.recv(buf); n != 0 || res.Err != fsm.OK {
		t.Fatalf("Recv at EOF: %d, %v", n, res.Err)
	}
}

// RFC 9293 §3.8.6.2.2: reading sends a window update once the window grows
// from below min(MSS, buffer/2) to at least that.
func TestDataWindowUpdateAfterRecv(t *testing.T) {
	r := newRig(t, fsm.Config{RecvBuffer: 4096}).established()
	msg := rigBytes(4096)
	for off := 0; off < len(msg); off += 1000 {
		r.data(msg[off:min(off+1000, len(msg))])
	}
	if a := r.one(); a.Window != 0 {
		t.Fatalf("full buffer advertised %d", a.Window)
	}
	buf := make([]byte, 4096)
	r.recv(buf[:100])
	r.none() // 100 bytes: silly window, no update
	r.recv(buf[100:2100])
	if a := r.one(); a.Window != 2100 || a.Ack != r.peerNxt {
		t.Fatalf("window update %v, want window 2100", &a)
	}
	r.recv(buf[2100:])
	r.none()
	if !bytes.Equal(buf, msg) {
		t.Fatalf("wrong bytes")
	}
}

func TestDataSendAfterShutdownBrokenPipe(t *testing.T) {
	r := newRig(t, fsm.Config{}).established()
	r.keep(r.e.Shutdown(r.now))
	r.one()
	if n, res := r.send([]byte("late")); n != 0 || res.Err != fsm.ErrBrokenPipe || len(res.Out) != 0 {
		t.Fatalf("Send after Shutdown: %d, %v", n, res.Err)
	}
	// Receiving still works in FIN-WAIT-1 and FIN-WAIT-2.
	r.ack(r.e.SndNxt())
	r.wantState(fsm.FinWait2)
	r.data([]byte("still"))
	if r.e.Readable() != 5 {
		t.Fatalf("readable %d in FIN-WAIT-2", r.e.Readable())
	}
	// Sending in CLOSE-WAIT is fine; after Close it is not.
	r = newRig(t, fsm.Config{}).established()
	r.fin()
	if n, res := r.send([]byte("reply")); n != 5 || res.Err != fsm.OK || len(res.Out) != 1 {
		t.Fatalf("Send in CLOSE-WAIT: %d, %v", n, res.Err)
	}
	r.keep(r.e.Close(r.now))
	r.wantState(fsm.LastAck)
	if n, res := r.send([]byte("x")); n != 0 || res.Err != fsm.ErrBrokenPipe {
		t.Fatalf("Send in LAST-ACK: %d, %v", n, res.Err)
	}
}

// Documented choice (user.go): Close with unread bytes is an abort, as RFC
// 2525 §2.17 recommends: <SEQ=SND.NXT><CTL=RST>.
func TestDataCloseWithUnreadDataResets(t *testing.T) {
	r := newRig(t, fsm.Config{}).established()
	r.send([]byte("in flight"))
	r.data([]byte("unread"))
	res := r.keep(r.e.Close(r.now))
	rst := r.one()
	if rst.Flags != segment.RST || rst.Seq != r.e.SndNxt() || rst.Seq != rigISS.Add(10) {
		t.Fatalf("Close with unread data sent %v, want RST at SND.NXT %d", &rst, rigISS.Add(10))
	}
	if res.Events&fsm.EvClosed == 0 {
		t.Fatalf("events %v", res.Events)
	}
	r.wantState(fsm.Closed)
	r.wantDeadline(fsm.Never)
	// Without unread bytes Close is an orderly FIN.
	r = newRig(t, fsm.Config{}).established()
	r.data([]byte("read"))
	r.recv(make([]byte, 10))
	r.keep(r.e.Close(r.now))
	if f := r.one(); f.Flags != segment.ACK|segment.FIN {
		t.Fatalf("Close sent %v, want FIN", &f)
	}
}

// RFC 9293 §3.10.5 ABORT: <SEQ=SND.NXT><CTL=RST> from SYN-RECEIVED,
// ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 and CLOSE-WAIT; nothing from
// LISTEN, SYN-SENT, CLOSING, LAST-ACK and TIME-WAIT.
func TestDataAbort(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(r *rig)
		rst   bool
	}{
		{"LISTEN", func(r *rig) { r.listen() }, false},
		{"SYN-SENT", func(r *rig) { r.connect() }, false},
		{"SYN-RECEIVED", func(r *rig) { r.synReceived() }, true},
		{"ESTABLISHED", func(r *rig) { r.established().send(rigBytes(700)) }, true},
		{"FIN-WAIT-1", func(r *rig) { r.established().keep(r.e.Shutdown(r.now)) }, true},
		{"FIN-WAIT-2", func(r *rig) {
			r.established().keep(r.e.Shutdown(r.now))
			r.ack(r.e.SndNxt())
		}, true},
		{"CLOSE-WAIT", func(r *rig) { r.established().fin() }, true},
		{"LAST-ACK", func(r *rig) {
			r.established().fin()
			r.keep(r.e.Close(r.now))
		}, false},
		{"CLOSING", func(r *rig) {
			r.established().keep(r.e.Shutdown(r.now))
			r.fin()
		}, false},
		{"TIME-WAIT", func(r *rig) {
			r.established().keep(r.e.Shutdown(r.now))
			r.ack(r.e.SndNxt())
			r.fin()
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, fsm.Config{})
			tc.setup(r)
			if got := r.e.State().String(); got != tc.name {
				t.Fatalf("setup reached %s", got)
			}
			nxt := r.e.SndNxt()
			res := r.keep(r.e.Abort(r.now))
			if tc.rst {
				s := r.one()
				if s.Flags != segment.RST || s.Seq != nxt || s.Options.Len() != 0 || len(s.Payload) != 0 {
					t.Fatalf("Abort sent %v, want <SEQ=SND.NXT %d><CTL=RST>", &s, nxt)
				}
			} else {
				r.none()
			}
			if res.Err != fsm.OK || res.Events&fsm.EvClosed == 0 {
				t.Fatalf("Abort: %v, events %v", res.Err, res.Events)
			}
			r.wantState(fsm.Closed)
			r.wantDeadline(fsm.Never)
		})
	}
}

// RFC 9293 §3.8.4: after KeepAlive idle, probes <SEQ=SND.NXT-1> every
// KeepAliveInterval; an answer restarts the idle time, KeepAliveProbes
// unanswered ones end the connection with ETIMEDOUT.
func TestDataKeepAlive(t *testing.T) {
	const s = fsm.Second
	if r := newRig(t, fsm.Config{}).established(); r.res.Deadline != fsm.Never {
		t.Fatalf("keep-alive off by default, yet deadline %v", r.res.Deadline)
	}
	r := newRig(t, fsm.Config{KeepAlive: 10 * s, KeepAliveInterval: s, KeepAliveProbes: 3})
	r.established()
	r.wantDeadline(10 * s)
	r.now = 4 * s
	r.data([]byte("activity")) // idle time restarts
	r.wantDeadline(14 * s)
	r.tick(14*s - 1)
	r.none()
	r.tick(14 * s)
	p := r.one()
	if p.Seq != r.e.SndNxt().Sub(1) || len(p.Payload) != 0 || p.Flags != segment.ACK || p.Ack != r.e.RcvNxt() {
		t.Fatalf("keep-alive probe %v, want <SEQ=SND.NXT-1><ACK>", &p)
	}
	r.wantDeadline(15 * s)
	r.now = 14*s + 500*fsm.Millisecond
	r.ack(r.e.SndNxt()) // the peer's answer
	r.none()
	r.wantDeadline(24*s + 500*fsm.Millisecond)
	for i, at := range []fsm.Time{24*s + 500*fsm.Millisecond, 25*s + 500*fsm.Millisecond, 26*s + 500*fsm.Millisecond} {
		r.tick(at)
		if p := r.one(); p.Seq != r.e.SndNxt().Sub(1) {
			t.Fatalf("probe %d: %v", i, &p)
		}
		r.wantState(fsm.Established)
	}
	res := r.tick(27*s + 500*fsm.Millisecond)
	if res.Err != fsm.ErrTimedOut || res.Events&(fsm.EvError|fsm.EvClosed) != fsm.EvError|fsm.EvClosed {
		t.Fatalf("after 3 unanswered probes: %v, events %v", res.Err, res.Events)
	}
	r.wantState(fsm.Closed)
	r.wantDeadline(fsm.Never)
}

// Two endpoints: the probe is outside the receiver's window, so the
// receiver answers it with an ACK, which keeps the connection alive.
func TestDataKeepAliveAnsweredByPeer(t *testing.T) {
	cfg := fsm.Config{KeepAlive: 5 * fsm.Second, KeepAliveInterval: fsm.Second, KeepAliveProbes: 2}
	p := newPair(cfg)
	p.deliver(t, p.b, p.b.Listen(0, tupB))
	p.deliver(t, p.a, p.a.Connect(0, tupA))
	for i := 1; i <= 10; i++ {
		p.now = fsm.Time(i) * 5 * fsm.Second
		p.deliver(t, p.a, p.a.Tick(p.now))
		p.deliver(t, p.b, p.b.Tick(p.now))
	}
	if p.a.State() != fsm.Established || p.b.State() != fsm.Established {
		t.Fatalf("after 50 s of answered keep-alives: %v %v", p.a.State(), p.b.State())
	}
}

func TestDataUserErrors(t *testing.T) {
	buf := make([]byte, 10)
	for _, tc := range []struct {
		name  string
		setup func(r *rig)
		call  func(r *rig) fsm.Result
		want  fsm.Reason
	}{
		{"Connect in SYN-SENT", (*rig).connectOnly, (*rig).connect, fsm.ErrInProgress},
		{"Connect in SYN-RECEIVED", func(r *rig) { r.synReceived() }, (*rig).connect, fsm.ErrInProgress},
		{"Connect in ESTABLISHED", func(r *rig) { r.established() }, (*rig).connect, fsm.ErrAlreadyConnected},
		{"Connect in LISTEN", func(r *rig) { r.listen() }, (*rig).connect, fsm.ErrInvalid},
		{"Listen in LISTEN", func(r *rig) { r.listen() }, (*rig).listen, fsm.ErrInvalid},
		{"Listen in ESTABLISHED", func(r *rig) { r.established() }, (*rig).listen, fsm.ErrAlreadyConnected},
		{"Send in CLOSED", nil, func(r *rig) fsm.Result { _, res := r.send(buf); return res }, fsm.ErrNotConnected},
		{"Send in LISTEN", func(r *rig) { r.listen() }, func(r *rig) fsm.Result { _, res := r.send(buf); return res }, fsm.ErrNotConnected},
		{"Recv in CLOSED", nil, func(r *rig) fsm.Result { _, res := r.recv(buf); return res }, fsm.ErrNotConnected},
		{"Recv in SYN-SENT", (*rig).connectOnly, func(r *rig) fsm.Result { _, res := r.recv(buf); return res }, fsm.ErrWouldBlock},
		{"Shutdown in CLOSED", nil, func(r *rig) fsm.Result { return r.keep(r.e.Shutdown(r.now)) }, fsm.ErrNotConnected},
		{"Close in CLOSED", nil, func(r *rig) fsm.Result { return r.keep(r.e.Close(r.now)) }, fsm.ErrNotConnected},
		{"Abort in CLOSED", nil, func(r *rig) fsm.Result { return r.keep(r.e.Abort(r.now)) }, fsm.ErrNotConnected},
		{"Shutdown twice", func(r *rig) { r.established().keep(r.e.Shutdown(r.now)) },
			func(r *rig) fsm.Result { return r.keep(r.e.Shutdown(r.now)) }, fsm.ErrClosing},
		{"Close twice", func(r *rig) { r.established().keep(r.e.Close(r.now)) },
			func(r *rig) fsm.Result { return r.keep(r.e.Close(r.now)) }, fsm.OK},
		{"Send after reset", func(r *rig) { r.established().input(r.mk(segment.RST, r.peerNxt, 0, nil)) },
			func(r *rig) fsm.Result { _, res := r.send(buf); return res }, fsm.ErrReset},
		{"Recv after reset", func(r *rig) { r.established().input(r.mk(segment.RST, r.peerNxt, 0, nil)) },
			func(r *rig) fsm.Result { _, res := r.recv(buf); return res }, fsm.ErrReset},
		{"Send after refusal", func(r *rig) {
			r.connect()
			r.input(r.mk(segment.RST|segment.ACK, 0, rigISS.Add(1), nil))
		}, func(r *rig) fsm.Result { _, res := r.send(buf); return res }, fsm.ErrRefused},
		{"Send after timeout", func(r *rig) {
			r.connect()
			for range 7 {
				r.tick(r.res.Deadline)
			}
		}, func(r *rig) fsm.Result { _, res := r.send(buf); return res }, fsm.ErrTimedOut},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, fsm.Config{})
			if tc.setup != nil {
				tc.setup(r)
			}
			st, dl := r.e.State(), r.e.Tick(r.now).Deadline
			res := tc.call(r)
			if res.Err != tc.want {
				t.Fatalf("got %v, want %v", res.Err, tc.want)
			}
			if tc.want != fsm.OK {
				r.none()
				if r.e.State() != st || res.Deadline != dl || res.Events != 0 {
					t.Fatalf("a failed call changed the connection: %v -> %v, deadline %v -> %v, events %v",
						st, r.e.State(), dl, res.Deadline, res.Events)
				}
			}
		})
	}
}

func (r *rig) connectOnly() { r.connect() }

// RFC 9293 §3.8.4 (MUST-26): keep-alives only when no sent data is
// outstanding; while data waits for an ACK the retransmission timer
// watches the peer, and Retries, not KeepAliveProbes, decides.
func TestDataKeepAliveNotWhileDataOutstanding(t *testing.T) {
	const s = fsm.Second
	r := newRig(t, fsm.Config{KeepAlive: 2 * s, KeepAliveInterval: s, KeepAliveProbes: 2, Retries: 3})
	r.established()
	r.send([]byte("unanswered"))
	r.one()
	for r.e.State() == fsm.Established {
		at := r.res.Deadline
		if at > 100*s {
			t.Fatalf("no timer")
		}
		res := r.tick(at)
		for _, p := range r.out {
			if len(p.Payload) == 0 && p.Flags&segment.FIN == 0 {
				t.Fatalf("at %v: keep-alive probe %v with data outstanding", at, &p)
			}
		}
		if res.Err == fsm.ErrTimedOut && at != 15*s {
			t.Fatalf("timed out at %v, want 15 s = 1+2+4+8 after three retransmissions", at)
		}
	}
	if r.e.Err() != fsm.ErrTimedOut || r.now != 15*s {
		t.Fatalf("ended at %v with %v, want timed out at 15 s", r.now, r.e.Err())
	}
	// Once the data is acknowledged, idle time counts again.
	r = newRig(t, fsm.Config{KeepAlive: 2 * s, KeepAliveInterval: s, KeepAliveProbes: 2})
	r.established()
	r.send([]byte("answered"))
	r.now = 500 * fsm.Millisecond
	r.ack(r.e.SndNxt())
	r.wantDeadline(2*s + 500*fsm.Millisecond)
	r.tick(r.res.Deadline)
	if p := r.one(); len(p.Payload) != 0 || p.Seq != r.e.SndNxt().Sub(1) {
		t.Fatalf("keep-alive probe %v", &p)
	}
}
