package properties

import (
	"math/rand/v2"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// A closed world for the connection monitors: two reference endpoints over
// a network that loses, duplicates, delays and reorders segments, with
// small buffers (zero windows, window scale rounding), window scaling and
// timestamps on or off, legacy mode, keep-alives, ISNs at the landmarks of
// the sequence space, and applications that send, read, close and abort
// at random. No connection monitor may fire on either side: the traces go
// much deeper (retransmission, zero-window probing, TIME-WAIT with a FIN
// sent again) than the hand-written ones.

// connectionMonitorsOnly are the monitors written against RFC 9293's
// connection management.
func connectionMonitorsOnly() []Monitor {
	return []Monitor{new(HandshakeBeforeEstablished), new(LegalTransition), new(MonotonicAck), new(AckOnlyReceived),
		new(SynFinConsumeOne), new(SendWithinWindow), new(TimeWait2MSL)}
}

type simPacket struct {
	at  fsm.Time
	to  int
	seg segment.Segment
}

type simSide struct {
	probe    *observe.Probe
	checker  *Checker
	log      []string
	cfg      fsm.Config
	deadline fsm.Time // the endpoint's next timer, from its last Result
}

// connSim is the network. Network decisions come from rng (seeded by
// rapid), so that a scenario is a few draws however many segments fly.
type connSim struct {
	rt    *rapid.T
	rng   *rand.Rand
	moved int // segments delivered: bounds ACK wars
	now   fsm.Time
	sides [2]*simSide
	net   []simPacket
	loss  int // percent
	dup   int // percent
	delay int // most milliseconds in flight
}

func (s *connSim) side(i int, cfg fsm.Config) *simSide {
	sd := &simSide{cfg: cfg, deadline: fsm.Never}
	sd.checker = NewChecker(ConfigFromFSM(cfg), connectionMonitorsOnly()...)
	sd.probe = observe.NewProbe(cfg, func(ev *observe.Event) {
		sd.checker.Observe(ev)
		sd.log = append(sd.log, describe(ev))
	})
	return sd
}

// deliver puts what side from sent on the network.
func (s *connSim) deliver(from int, r fsm.Result) {
	if s.rng == nil {
		s.rng = rand.New(rand.NewPCG(1, 2))
	}
	if r.Deadline != 0 {
		s.sides[from].deadline = r.Deadline
	}
	for _, sg := range r.Out {
		if s.rng.IntN(100) < s.loss || len(s.net) > 1000 {
			continue
		}
		copies := 1
		if s.rng.IntN(100) < s.dup {
			copies = 2
		}
		for range copies {
			c := sg
			c.Payload = append([]byte(nil), sg.Payload...)
			d := fsm.Time(1+s.rng.IntN(s.delay)) * fsm.Millisecond
			s.net = append(s.net, simPacket{at: s.now + d, to: 1 - from, seg: c})
		}
	}
}

// next delivers the earliest segment due by until, or reports false.
func (s *connSim) next(until fsm.Time) bool {
	best := -1
	for i := range s.net {
		if s.net[i].at <= until && (best < 0 || s.net[i].at < s.net[best].at) {
			best = i
		}
	}
	if best < 0 || s.moved > 20000 {
		return false
	}
	s.moved++
	p := s.net[best]
	s.net = append(s.net[:best], s.net[best+1:]...)
	s.now = max(s.now, p.at)
	s.deliver(p.to, s.sides[p.to].probe.Input(s.now, &p.seg))
	return true
}

// advance lets d pass: segments arrive and timers run when due.
func (s *connSim) advance(d fsm.Time) {
	end := s.now + d
	for {
		t := end
		for _, p := range s.net {
			t = min(t, p.at)
		}
		for _, sd := range s.sides {
			t = min(t, max(sd.deadline, s.now))
		}
		if t >= end && !(t == end && s.due(end)) {
			break
		}
		s.now = t
		if s.next(t) {
			continue
		}
		for i, sd := range s.sides {
			if sd.deadline <= s.now {
				sd.deadline = fsm.Never
				s.deliver(i, sd.probe.Tick(s.now))
			}
		}
		if s.moved > 20000 {
			break
		}
	}
	s.now = end
}

func (s *connSim) due(t fsm.Time) bool {
	for _, sd := range s.sides {
		if sd.deadline <= t {
			return true
		}
	}
	for _, p := range s.net {
		if p.at <= t {
			return true
		}
	}
	return false
}

func (s *connSim) violation() (int, *Violation) {
	for i, sd := range s.sides {
		if v := sd.checker.Violation(); v != nil {
			return i, v
		}
	}
	return -1, nil
}

func drawSimConfig(rt *rapid.T, name string, isn seq.Num) fsm.Config {
	c := fsm.Config{
		ISN:        func(fsm.Time, fsm.Tuple) seq.Num { return isn },
		MSL:        fsm.Second,
		SynRetries: 3,
		Retries:    5,
		RecvBuffer: rapid.SampledFrom([]int{0, 300, 2000, 70000, 300000}).Draw(rt, name+" rcvbuf"),
		MSS:        uint16(rapid.SampledFrom([]int{0, 100, 536}).Draw(rt, name+" mss")),
		Legacy:     rapid.Bool().Draw(rt, name+" legacy"),
		KeepAlive:  fsm.Time(rapid.SampledFrom([]int{0, 3}).Draw(rt, name+" keepalive")) * fsm.Second,
	}
	c.WScale = int8(rapid.SampledFrom([]int{0, -1, 2, 14}).Draw(rt, name+" wscale"))
	c.NoTimestamp = rapid.Bool().Draw(rt, name+" nots")
	c.TimeWaitRST = rapid.Bool().Draw(rt, name+" twrst")
	return c
}

var simISNs = []uint32{0, 1000, 1<<31 - 1, 1 << 31, 1<<32 - 1, 1<<32 - 300}

func TestConnectionMonitorsClosedWorld(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s := &connSim{rt: rt, rng: rand.New(rand.NewPCG(rapid.Uint64().Draw(rt, "seed"), 1)),
			loss:  rapid.SampledFrom([]int{0, 0, 10, 30}).Draw(rt, "loss"),
			dup:   rapid.SampledFrom([]int{0, 10}).Draw(rt, "dup"),
			delay: rapid.SampledFrom([]int{1, 20, 300}).Draw(rt, "delay"),
		}
		isnA := seq.Num(rapid.SampledFrom(simISNs).Draw(rt, "isnA"))
		isnB := seq.Num(rapid.SampledFrom(simISNs).Draw(rt, "isnB"))
		simultaneous := rapid.Bool().Draw(rt, "simultaneous")
		ca, cb := drawSimConfig(rt, "A", isnA), drawSimConfig(rt, "B", isnB)
		s.sides[0], s.sides[1] = s.side(0, ca), s.side(1, cb)
		a, b := s.sides[0].probe, s.sides[1].probe
		ta := fsm.Tuple{LocalAddr: clientAddr, RemoteAddr: serverAddr, LocalPort: 4000, RemotePort: 80}
		tb := fsm.Tuple{LocalAddr: serverAddr, RemoteAddr: clientAddr, LocalPort: 80, RemotePort: 4000}
		if simultaneous {
			s.deliver(0, a.Connect(s.now, ta))
			s.deliver(1, b.Connect(s.now, tb))
		} else {
			s.deliver(1, b.Listen(s.now, fsm.Tuple{LocalAddr: serverAddr, LocalPort: 80}))
			s.deliver(0, a.Connect(s.now, ta))
		}
		buf := make([]byte, 100000)
		steps := rapid.IntRange(1, 60).Draw(rt, "steps")
		for range steps {
			if _, v := s.violation(); v != nil {
				break
			}
			i := rapid.IntRange(0, 1).Draw(rt, "side")
			p := s.sides[i].probe
			switch rapid.IntRange(0, 9).Draw(rt, "action") {
			case 0, 1:
				_, r := p.Send(s.now, buf[:rapid.SampledFrom([]int{1, 50, 1000, 5000}).Draw(rt, "n")])
				s.deliver(i, r)
			case 2, 3:
				_, r := p.Recv(s.now, buf[:rapid.SampledFrom([]int{1, 100, 100000}).Draw(rt, "n")])
				s.deliver(i, r)
			case 4:
				s.deliver(i, p.Shutdown(s.now))
			case 5:
				if rapid.IntRange(0, 9).Draw(rt, "rare") == 0 {
					s.deliver(i, p.Abort(s.now))
				} else {
					s.deliver(i, p.Close(s.now))
				}
			default:
				s.advance(fsm.Time(rapid.SampledFrom([]int{1, 10, 100, 1000, 3000}).Draw(rt, "wait")) * fsm.Millisecond)
			}
		}
		// Heal: both applications read and close, the network delivers.
		s.loss, s.dup = 0, 0
		for i, sd := range s.sides {
			_, r := sd.probe.Recv(s.now, buf)
			s.deliver(i, r)
			s.deliver(i, sd.probe.Close(s.now))
		}
		s.advance(120 * fsm.Second)
		if i, v := s.violation(); v != nil {
			rt.Fatalf("side %d: %s\n%s", i, v, strings.Join(s.sides[i].log, "\n"))
		}
	})
}

// simultaneousOpenWindowScale plays a simultaneous open with window
// scaling against a reference endpoint: the peer's SYN and SYN-ACK offer
// 300 octets (shift 2, which applies only to later segments), and the
// application writes 1000.
func simultaneousOpenWindowScale() *trace {
	var rec recorder
	cfg := fsm.Config{ISN: func(fsm.Time, fsm.Tuple) seq.Num { return 0 }}
	p := observe.NewProbe(cfg, rec.observe)
	p.Connect(0, fsm.Tuple{LocalAddr: clientAddr, RemoteAddr: serverAddr, LocalPort: 4000, RemotePort: 80})
	syn := segment.Segment{SrcPort: 80, DstPort: 4000, Seq: 300, Flags: segment.SYN, Window: 300}
	_ = syn.Options.AddWScale(2)
	p.Input(20*fsm.Millisecond, &syn)
	synAck := syn
	synAck.Flags, synAck.Ack = segment.SYN|segment.ACK, 1
	p.Input(40*fsm.Millisecond, &synAck)
	p.Send(40*fsm.Millisecond, make([]byte, 1000))
	return &rec.tr
}

// TestReferenceEndpointSimultaneousOpenWindowScale: RFC 7323 §2.2 says the
// window of a segment with SYN is never scaled, the peer's SYN-ACK in a
// simultaneous open included. The reference endpoint trims the SYN off that
// SYN-ACK to process its ACK; it once scaled the window as an ACK's
// (300 << 2) and sent 1000 octets into a window of 300. It must send
// exactly the 300 the window allows.
func TestReferenceEndpointSimultaneousOpenWindowScale(t *testing.T) {
	tr := simultaneousOpenWindowScale()
	if v := tr.check(new(SendWithinWindow), DefaultConfig()); v != nil {
		t.Fatalf("RFC 7323 §2.2: %s", v)
	}
	if n := sentBytes(tr); n != 300 {
		t.Fatalf("sent %d octets, want the 300 of the SYN-ACK's window", n)
	}
}

// sentBytes totals the payload the endpoint sent in a trace.
func sentBytes(tr *trace) int {
	n := 0
	for _, ev := range tr.events {
		if ev.Kind == observe.Output {
			n += len(ev.Seg.Payload)
		}
	}
	return n
}

// TestReferenceEndpointZeroWindowAck: with its receive window at zero the
// reference endpoint must still take the ACK of a segment into that window
// at RCV.NXT (RFC 9293 §3.10.7.4: "special allowance should be made to
// accept valid ACKs" then). Here the peer acknowledges all 100 octets on a
// one-octet probe of the zero window. The endpoint once dropped the ACK
// with the byte, kept SND.UNA at 1 and sent the 100 octets again at the
// RTO, which MonotonicAck reports; now the RTO passes with nothing to send.
func TestReferenceEndpointZeroWindowAck(t *testing.T) {
	var rec recorder
	cfg := fsm.Config{ISN: func(fsm.Time, fsm.Tuple) seq.Num { return 0 }, RecvBuffer: 1000}
	p := observe.NewProbe(cfg, rec.observe)
	in := func(ms int64, flags segment.Flags, sq, ack seq.Num, n int) fsm.Result {
		return p.Input(fsm.Time(ms)*fsm.Millisecond, &segment.Segment{SrcPort: 80, DstPort: 4000, Seq: sq, Ack: ack,
			Flags: flags, Window: 65535, Payload: make([]byte, n)})
	}
	p.Connect(0, fsm.Tuple{LocalAddr: clientAddr, RemoteAddr: serverAddr, LocalPort: 4000, RemotePort: 80})
	in(10, segment.SYN|segment.ACK, 0, 1, 0)
	p.Send(10*fsm.Millisecond, make([]byte, 100))
	in(20, segment.ACK|segment.PSH, 1, 1, 1000) // fills the window
	r := in(30, segment.ACK, 1001, 101, 1)      // acknowledges the 100 octets
	if len(r.Out) != 1 || r.Out[0].Ack != 1001 || r.Out[0].Window != 0 {
		t.Fatalf("the probe drew %d segments, want one ACK of 1001 with window 0", len(r.Out))
	}
	if r := p.Tick(1100 * fsm.Millisecond); len(r.Out) != 0 {
		t.Fatalf("%d segments sent at the RTO although everything was acknowledged", len(r.Out))
	}
	if v := rec.tr.check(new(MonotonicAck), ConfigFromFSM(cfg)); v != nil {
		t.Fatalf("RFC 9293 §3.10.7.4: %s", v)
	}
}
