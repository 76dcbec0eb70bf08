package fsm_test

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/fsm"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// This file is the kit the packet-exchange tests (states_*_test.go,
// figures_test.go, wrap_test.go, negotiation_test.go) are written with: a
// scripted peer, helpers that inject a segment and compare what the
// endpoint answers, and inState, which drives a fresh endpoint into any of
// the eleven states of RFC 9293 §3.3.2 by a checked packet exchange.
//
// Unless a test says otherwise the endpoint under test (ep) has ISS 1000,
// the peer ISS 5000; the peer offers no options on its SYN, so nothing is
// scaled and there are no timestamps; the peer advertises a window of 8192
// (which becomes MAX.SND.WND) and the endpoint's receive buffer is whatever
// the test's Config says (the state tables use 4096).

// The control bits, short, so that expectations read like RFC 9293's
// <SEQ=..><ACK=..><CTL=..> notation.
const (
	SYN = segment.SYN
	ACK = segment.ACK
	FIN = segment.FIN
	RST = segment.RST
	PSH = segment.PSH
)

// Fixture numbers.
const (
	ourISS   = 1000  // the endpoint's ISS (Config.ISN)
	peerISS  = 5000  // the scripted peer's ISS
	peerWnd  = 8192  // the window the peer advertises: MAX.SND.WND
	epPort   = 80    // the endpoint's port
	peerPort = 40000 // the peer's port
)

var (
	epAddr   = netip.MustParseAddr("198.51.100.1")
	peerAddr = netip.MustParseAddr("198.51.100.2")
	// epTuple is the endpoint's side of the connection (Connect uses it
	// whole, Listen its local half); peerTuple the other side's.
	epTuple   = fsm.Tuple{LocalAddr: epAddr, RemoteAddr: peerAddr, LocalPort: epPort, RemotePort: peerPort}
	peerTuple = fsm.Tuple{LocalAddr: peerAddr, RemoteAddr: epAddr, LocalPort: peerPort, RemotePort: epPort}
)

// fixedISN is an ISN function that always answers n.
func fixedISN(n uint32) fsm.ISNFunc {
	return func(fsm.Time, fsm.Tuple) seq.Num { return seq.Num(n) }
}

// isnSequence answers the numbers in turn and then repeats the last one,
// for tests in which one endpoint opens more than one connection.
func isnSequence(ns ...uint32) fsm.ISNFunc {
	i := 0
	return func(fsm.Time, fsm.Tuple) seq.Num {
		n := ns[min(i, len(ns)-1)]
		i++
		return seq.Num(n)
	}
}

// peer is the scripted far end. It keeps its own send and receive
// variables, so the numbers tests use come from the peer's view of the
// exchange, not from the endpoint's accessors.
type peer struct {
	nxt seq.Num // the peer's SND.NXT: where its next new segment starts
	rcv seq.Num // the peer's RCV.NXT: the ACK it sends
	wnd uint16  // the window it advertises

	// Options on the peer's SYN (and SYN-ACK); ts puts a timestamps
	// option on every segment but RSTs, with TSval counting up from tsVal.
	syn   segment.Options
	ts    bool
	tsVal uint32
	tsEcr uint32
}

func newPeer(irs uint32) *peer {
	return &peer{nxt: seq.Num(irs), wnd: peerWnd, tsVal: 100}
}

// seg builds a segment from the peer: SEQ=sq, ACK=ak (only meaningful with
// the ACK bit), the given payload, the peer's window and options.
func (p *peer) seg(flags segment.Flags, sq, ak seq.Num, payload string) *segment.Segment {
	s := &segment.Segment{SrcPort: peerPort, DstPort: epPort, Seq: sq, Flags: flags, Window: p.wnd}
	if flags&ACK != 0 {
		s.Ack = ak
	}
	if payload != "" {
		s.Payload = []byte(payload)
	}
	if flags&SYN != 0 {
		s.Options = p.syn
	} else if p.ts && flags&RST == 0 {
		_ = s.Options.AddNOP()
		_ = s.Options.AddNOP()
		_ = s.Options.AddTimestamps(p.tsVal, p.tsEcr)
	}
	if p.ts && flags&RST == 0 {
		p.tsVal++
	}
	return s
}

// next builds the peer's next segment in order: SEQ=SND.NXT, ACK=RCV.NXT,
// and advances SND.NXT over it.
func (p *peer) next(flags segment.Flags, payload string) *segment.Segment {
	s := p.seg(flags, p.nxt, p.rcv, payload)
	p.nxt = p.nxt.Add(s.SeqLen())
	return s
}

// take lets the peer receive what the endpoint sent: in-order segments
// advance its RCV.NXT; the last TSval seen becomes its TSecr.
func (p *peer) take(r fsm.Result) {
	for i := range r.Out {
		s := &r.Out[i]
		if s.Flags&SYN != 0 {
			p.rcv = s.Seq.Add(s.SeqLen()) // the peer learns the endpoint's ISS
		} else if s.Flags&RST == 0 && s.Seq == p.rcv {
			p.rcv = p.rcv.Add(s.SeqLen())
		}
		if val, _, ok := s.Options.Timestamps(); ok {
			p.tsEcr = val
		}
	}
}

// offerAll makes the peer's SYN offer MSS 1460, SACK-permitted, timestamps
// and window scale 7, as Linux does.
func (p *peer) offerAll() {
	p.syn.Reset()
	_ = p.syn.AddMSS(1460)
	_ = p.syn.AddSACKPermitted()
	_ = p.syn.AddTimestamps(p.tsVal, 0)
	_ = p.syn.AddNOP()
	_ = p.syn.AddWScale(7)
	p.ts = true
}

// wire sends s through the wire format (encode, decode), as a real peer's
// segment would arrive.
func wire(t testing.TB, s *segment.Segment) *segment.Segment {
	t.Helper()
	var d segment.Segment
	if err := d.Decode(s.AppendTo(nil)); err != nil {
		t.Fatalf("test segment %v does not decode: %v", s, err)
	}
	return &d
}

// send delivers s to ep at time 0.
func send(t testing.TB, ep *fsm.Endpoint, s *segment.Segment) fsm.Result {
	t.Helper()
	return sendAt(t, ep, 0, s)
}

// sendAt delivers s to ep at time now.
func sendAt(t testing.TB, ep *fsm.Endpoint, now fsm.Time, s *segment.Segment) fsm.Result {
	t.Helper()
	return ep.Input(now, wire(t, s))
}

// want is an expected segment: control bits, SEQ, ACK (compared only when
// the ACK bit is set) and payload length.
type want struct {
	flags    segment.Flags
	seq, ack uint32
	len      int
}

func ackSeg(sq, ak uint32) want         { return want{flags: ACK, seq: sq, ack: ak} }
func synSeg(sq uint32) want             { return want{flags: SYN, seq: sq} }
func synAckSeg(sq, ak uint32) want      { return want{flags: SYN | ACK, seq: sq, ack: ak} }
func finAckSeg(sq, ak uint32) want      { return want{flags: FIN | ACK, seq: sq, ack: ak} }
func rstSeg(sq uint32) want             { return want{flags: RST, seq: sq} }
func rstAckSeg(sq, ak uint32) want      { return want{flags: RST | ACK, seq: sq, ack: ak} }
func dataSeg(sq, ak uint32, n int) want { return want{flags: PSH | ACK, seq: sq, ack: ak, len: n} }

// String writes w in RFC 9293's notation, e.g. <SEQ=1001><ACK=5001><CTL=ACK>.
func (w want) String() string {
	return describe(w.flags, w.seq, w.ack, w.len)
}

func describe(flags segment.Flags, sq, ak uint32, n int) string {
	var b strings.Builder
	b.WriteString("<SEQ=" + strconv.FormatUint(uint64(sq), 10) + ">")
	if flags&ACK != 0 {
		b.WriteString("<ACK=" + strconv.FormatUint(uint64(ak), 10) + ">")
	}
	b.WriteString("<CTL=" + strings.ReplaceAll(flags.String(), "|", ",") + ">")
	if n > 0 {
		b.WriteString("<DATA=" + strconv.Itoa(n) + ">")
	}
	return b.String()
}

func describeSeg(s *segment.Segment) string {
	return describe(s.Flags, uint32(s.Seq), uint32(s.Ack), len(s.Payload))
}

func describeOut(out []segment.Segment) string {
	if len(out) == 0 {
		return "nothing"
	}
	parts := make([]string, len(out))
	for i := range out {
		parts[i] = describeSeg(&out[i])
	}
	return strings.Join(parts, " ")
}

func describeWants(ws []want) string {
	if len(ws) == 0 {
		return "nothing"
	}
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.String()
	}
	return strings.Join(parts, " ")
}

// matches reports whether s is the segment w describes.
func (w want) matches(s *segment.Segment) bool {
	return s.Flags == w.flags && uint32(s.Seq) == w.seq && len(s.Payload) == w.len &&
		(w.flags&ACK == 0 || uint32(s.Ack) == w.ack)
}

// expect fails the test unless r sent exactly the segments ws, in order.
func expect(t testing.TB, r fsm.Result, ws ...want) {
	t.Helper()
	if !sameSegments(r.Out, ws) {
		t.Fatalf("sent %s, want %s", describeOut(r.Out), describeWants(ws))
	}
}

// expectNothing fails the test if r sent any segment.
func expectNothing(t testing.TB, r fsm.Result) {
	t.Helper()
	expect(t, r)
}

func sameSegments(out []segment.Segment, ws []want) bool {
	if len(out) != len(ws) {
		return false
	}
	for i, w := range ws {
		if !w.matches(&out[i]) {
			return false
		}
	}
	return true
}

// expectState fails the test unless ep is in st.
func expectState(t testing.TB, ep *fsm.Endpoint, st fsm.State) {
	t.Helper()
	if got := ep.State(); got != st {
		t.Fatalf("state %v, want %v", got, st)
	}
}

// expectTCB fails the test unless ep's SND.UNA, SND.NXT and RCV.NXT are
// the given numbers.
func expectTCB(t testing.TB, ep *fsm.Endpoint, una, nxt, rcv uint32) {
	t.Helper()
	if uint32(ep.SndUna()) != una || uint32(ep.SndNxt()) != nxt || uint32(ep.RcvNxt()) != rcv {
		t.Fatalf("SND.UNA=%d SND.NXT=%d RCV.NXT=%d, want %d %d %d",
			ep.SndUna(), ep.SndNxt(), ep.RcvNxt(), una, nxt, rcv)
	}
}

// opening says how a fixture opens the connection.
type opening uint8

const (
	active  opening = iota // Connect: SYN-SENT, then the peer's SYN-ACK (or SYN)
	passive                // Listen: LISTEN, then the peer's SYN
)

func (o opening) String() string {
	if o == passive {
		return "passive"
	}
	return "active"
}

// fixture names a state and how to reach it.
type fixture struct {
	state fsm.State
	open  opening
	iss   uint32 // the endpoint's ISS; 0 means ourISS
	irs   uint32 // the peer's ISS; 0 means peerISS
	// peer, when set, adjusts the scripted peer (its SYN options, window)
	// before the exchange starts.
	peer func(*peer)
}

// inState returns a new endpoint in st, opened actively (by Connect) when
// the state allows either way, with the scripted peer that drove it there.
// LISTEN is reached by Listen; SYN-RECEIVED by a simultaneous open (use
// inStateVia for the passive one).
func inState(t testing.TB, st fsm.State, cfg fsm.Config) (*fsm.Endpoint, *peer) {
	t.Helper()
	return build(t, cfg, fixture{state: st})
}

// inStateVia is inState with the opening chosen: passive reaches every
// state from SYN-RECEIVED on through LISTEN and the peer's SYN.
func inStateVia(t testing.TB, st fsm.State, cfg fsm.Config, how opening) (*fsm.Endpoint, *peer) {
	t.Helper()
	return build(t, cfg, fixture{state: st, open: how})
}

// build drives a new endpoint into f.state, checking every segment it
// sends on the way, at time 0. Config.ISN, when nil, answers f.iss.
//
//	CLOSED        New
//	LISTEN        Listen
//	SYN-SENT      Connect                          --> <SEQ=1000><CTL=SYN>
//	SYN-RECEIVED  passive: <SEQ=5000><CTL=SYN>     --> <SEQ=1000><ACK=5001><CTL=SYN,ACK>
//	              active:  after the SYN, <SEQ=5000><CTL=SYN> --> the same SYN-ACK
//	ESTABLISHED   active:  <SEQ=5000><ACK=1001><CTL=SYN,ACK> --> <SEQ=1001><ACK=5001><CTL=ACK>
//	              passive: <SEQ=5001><ACK=1001><CTL=ACK>     --> nothing
//	FIN-WAIT-1    Shutdown --> <SEQ=1001><ACK=5001><CTL=FIN,ACK>, not yet received by the peer
//	FIN-WAIT-2    the peer takes the FIN: <SEQ=5001><ACK=1002><CTL=ACK> --> nothing
//	CLOSING       from FIN-WAIT-1: <SEQ=5001><ACK=1001><CTL=FIN,ACK> --> <SEQ=1002><ACK=5002><CTL=ACK>
//	TIME-WAIT     from FIN-WAIT-2: <SEQ=5001><ACK=1002><CTL=FIN,ACK> --> <SEQ=1002><ACK=5002><CTL=ACK>
//	CLOSE-WAIT    from ESTABLISHED: <SEQ=5001><ACK=1001><CTL=FIN,ACK> --> <SEQ=1001><ACK=5002><CTL=ACK>
//	LAST-ACK      Shutdown --> <SEQ=1001><ACK=5002><CTL=FIN,ACK>, not yet received by the peer
//
// (numbers for the default ISNs). The peer's window is peerWnd.
func build(t testing.TB, cfg fsm.Config, f fixture) (*fsm.Endpoint, *peer) {
	t.Helper()
	if f.iss == 0 {
		f.iss = ourISS
	}
	if f.irs == 0 {
		f.irs = peerISS
	}
	if cfg.ISN == nil {
		cfg.ISN = fixedISN(f.iss)
	}
	ep := fsm.New(cfg)
	p := newPeer(f.irs)
	if f.peer != nil {
		f.peer(p)
	}
	iss, irs := f.iss, f.irs
	st := f.state
	if st == fsm.Closed {
		return ep, p
	}
	if st == fsm.Listen || (f.open == passive && st != fsm.SynSent) {
		expectNothing(t, ep.Listen(0, epTuple))
		expectState(t, ep, fsm.Listen)
		if st == fsm.Listen {
			return ep, p
		}
		r := send(t, ep, p.next(SYN, ""))
		expect(t, r, synAckSeg(iss, irs+1))
		p.take(r)
		expectState(t, ep, fsm.SynReceived)
		if st == fsm.SynReceived {
			return ep, p
		}
		expectNothing(t, send(t, ep, p.next(ACK, "")))
	} else {
		r := ep.Connect(0, epTuple)
		expect(t, r, synSeg(iss))
		p.take(r)
		expectState(t, ep, fsm.SynSent)
		switch st {
		case fsm.SynSent:
			return ep, p
		case fsm.SynReceived:
			r = send(t, ep, p.next(SYN, ""))
			expect(t, r, synAckSeg(iss, irs+1))
			expectState(t, ep, fsm.SynReceived)
			return ep, p
		}
		r = send(t, ep, p.next(SYN|ACK, ""))
		expect(t, r, ackSeg(iss+1, irs+1))
	}
	expectState(t, ep, fsm.Established)
	switch st {
	case fsm.Established:
	case fsm.FinWait1, fsm.FinWait2, fsm.Closing, fsm.TimeWait:
		r := ep.Shutdown(0)
		expect(t, r, finAckSeg(iss+1, irs+1))
		expectState(t, ep, fsm.FinWait1)
		if st == fsm.Closing {
			// The peer's FIN crosses ours (Figure 13).
			r = send(t, ep, p.next(FIN|ACK, ""))
			expect(t, r, ackSeg(iss+2, irs+2))
			break
		}
		if st == fsm.FinWait1 {
			break
		}
		p.take(r)
		expectNothing(t, send(t, ep, p.next(ACK, "")))
		expectState(t, ep, fsm.FinWait2)
		if st == fsm.TimeWait {
			r = send(t, ep, p.next(FIN|ACK, ""))
			expect(t, r, ackSeg(iss+2, irs+2))
		}
	case fsm.CloseWait, fsm.LastAck:
		r := send(t, ep, p.next(FIN|ACK, ""))
		expect(t, r, ackSeg(iss+1, irs+2))
		expectState(t, ep, fsm.CloseWait)
		if st == fsm.LastAck {
			expect(t, ep.Shutdown(0), finAckSeg(iss+1, irs+2))
		}
	default:
		t.Fatalf("no fixture for state %v", st)
	}
	expectState(t, ep, st)
	return ep, p
}

// TestFixturesReachEveryState checks the fixtures themselves: each state is
// reached, with the TCB the tables assume.
func TestFixturesReachEveryState(t *testing.T) {
	cases := []struct {
		st            fsm.State
		how           opening
		una, nxt, rcv uint32
	}{
		{fsm.SynSent, active, 1000, 1001, 0},
		{fsm.SynReceived, active, 1000, 1001, 5001},
		{fsm.SynReceived, passive, 1000, 1001, 5001},
		{fsm.Established, active, 1001, 1001, 5001},
		{fsm.Established, passive, 1001, 1001, 5001},
		{fsm.FinWait1, active, 1001, 1002, 5001},
		{fsm.FinWait2, active, 1002, 1002, 5001},
		{fsm.CloseWait, active, 1001, 1001, 5002},
		{fsm.Closing, active, 1001, 1002, 5002},
		{fsm.LastAck, active, 1001, 1002, 5002},
		{fsm.TimeWait, active, 1002, 1002, 5002},
		{fsm.TimeWait, passive, 1002, 1002, 5002},
	}
	for _, c := range cases {
		t.Run(c.st.String()+"/"+c.how.String(), func(t *testing.T) {
			ep, _ := inStateVia(t, c.st, fsm.Config{RecvBuffer: 4096}, c.how)
			expectTCB(t, ep, c.una, c.nxt, c.rcv)
			if got := ep.RcvWnd(); got != 4096 {
				t.Fatalf("RCV.WND %d, want 4096", got)
			}
			if c.st != fsm.SynSent && ep.SndWnd() != peerWnd {
				t.Fatalf("SND.WND %d, want the peer's %d", ep.SndWnd(), peerWnd)
			}
		})
	}
	ep, _ := inState(t, fsm.Closed, fsm.Config{})
	expectState(t, ep, fsm.Closed)
	ep, _ = inState(t, fsm.Listen, fsm.Config{})
	expectState(t, ep, fsm.Listen)
}

// The state tables. Each synchronized state gets a table of incoming
// segments (kinds) at five places in the receive window (where) in both
// modes, each row giving the exact reply and the next state. The runner
// checks that the rows cover every (mode, kind, place) exactly once.

// kind is a set of incoming segment kinds.
type kind uint16

const (
	kSYN      kind = 1 << iota // <CTL=SYN>
	kSYNACK                    // <CTL=SYN,ACK>, SEG.ACK = the table's ack
	kACK                       // <CTL=ACK>
	kFIN                       // <CTL=FIN>, no ACK bit
	kFINACK                    // <CTL=FIN,ACK>
	kRST                       // <CTL=RST>
	kRSTACK                    // <CTL=RST,ACK>
	kData                      // <CTL=PSH,ACK> with one byte of data
	kAckAhead                  // <CTL=ACK> with SEG.ACK = SND.NXT+1: acknowledges what was never sent
	kAckStale                  // <CTL=ACK> with SEG.ACK = SND.UNA-MAX.SND.WND-1: too old (RFC 5961 §5.2)
	kindEnd

	anyKind = kindEnd - 1
	syns    = kSYN | kSYNACK
	rsts    = kRST | kRSTACK
	nonRST  = anyKind &^ rsts
)

var kindNames = map[kind]string{
	kSYN: "SYN", kSYNACK: "SYN-ACK", kACK: "ACK", kFIN: "FIN", kFINACK: "FIN-ACK",
	kRST: "RST", kRSTACK: "RST-ACK", kData: "data", kAckAhead: "ACK>SND.NXT", kAckStale: "ACK<SND.UNA-MAX.SND.WND",
}

// where is a set of places for SEG.SEQ relative to the receive window.
type where uint8

const (
	atLeft   where = 1 << iota // RCV.NXT: the left edge
	atMid                      // RCV.NXT + RCV.WND/2
	atRight                    // RCV.NXT + RCV.WND - 1: the right edge
	atBelow                    // RCV.NXT - 1: just left of the window
	atBeyond                   // RCV.NXT + RCV.WND: just right of it
	whereEnd

	inWindow = atLeft | atMid | atRight
	past     = atMid | atRight // in the window but not at RCV.NXT
	outside  = atBelow | atBeyond
	anywhere = whereEnd - 1
)

var whereNames = map[where]string{atLeft: "left", atMid: "mid", atRight: "right", atBelow: "below", atBeyond: "beyond"}

// mode is a set of modes: secure (RFC 5961, the default) and legacy
// (Config.Legacy, RFC 793).
type mode uint8

const (
	secure mode = 1 << iota
	legacy
	both = secure | legacy
)

// reply computes the expected answer to an incoming segment.
type reply func(in *segment.Segment) []want

// Replies, named after the segment they expect.
var (
	noReply reply = func(*segment.Segment) []want { return nil }
	// <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.1, ACK bit on)
	rstToAck reply = func(in *segment.Segment) []want { return []want{rstSeg(uint32(in.Ack))} }
	// <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (§3.10.7.1, ACK bit off)
	rstAckToSeq reply = func(in *segment.Segment) []want {
		return []want{rstAckSeg(0, uint32(in.Seq.Add(in.SeqLen())))}
	}
)

// answer is a constant reply.
func answer(ws ...want) reply { return func(*segment.Segment) []want { return ws } }

// ackWith is the reply <SEQ=sq><ACK=ak><CTL=ACK>.
func ackWith(sq, ak uint32) reply { return answer(ackSeg(sq, ak)) }

// rstAckWith is the reply <SEQ=sq><ACK=ak><CTL=RST,ACK>: in legacy mode the
// reset an in-window SYN draws, at SND.NXT and RCV.NXT.
func rstAckWith(sq, ak uint32) reply { return answer(rstAckSeg(sq, ak)) }

// row is one line of a state table.
type row struct {
	kinds kind
	at    where
	modes mode
	reply reply
	next  fsm.State
	err   fsm.Reason // what Endpoint.Err reports afterwards
}

// stateTable describes a state's TCB, as the fixture leaves it, and its rows.
type stateTable struct {
	fixture
	cfg          func(m mode) fsm.Config // nil: RecvBuffer 4096, Legacy for legacy
	una, nxt     uint32                  // SND.UNA, SND.NXT
	rcv          uint32                  // RCV.NXT
	wnd          uint32                  // RCV.WND
	ack          uint32                  // SEG.ACK of the ACK-bearing probes
	rows         []row
	afterEach    func(t *testing.T, ep *fsm.Endpoint, r fsm.Result, c probeCase)
	skipCoverage bool
}

// probeCase is one (mode, kind, place) of a table.
type probeCase struct {
	m  mode
	k  kind
	at where
}

func (c probeCase) String() string {
	m := "secure"
	if c.m == legacy {
		m = "legacy"
	}
	return m + "/" + kindNames[c.k] + "@" + whereNames[c.at]
}

// tableConfig is the Config the state tables use: a 4096-byte receive
// buffer, so RCV.WND is 4096, and Legacy in legacy mode.
func tableConfig(m mode) fsm.Config {
	return fsm.Config{RecvBuffer: 4096, Legacy: m == legacy}
}

// seqAt returns SEG.SEQ for a place in the table's window.
func (tb *stateTable) seqAt(at where) seq.Num {
	rcv := seq.Num(tb.rcv)
	switch at {
	case atMid:
		return rcv.Add(seq.Size(tb.wnd / 2))
	case atRight:
		return rcv.Add(seq.Size(tb.wnd - 1))
	case atBelow:
		return rcv.Sub(1)
	case atBeyond:
		return rcv.Add(seq.Size(tb.wnd))
	}
	return rcv
}

// probe builds the incoming segment for a case.
func (tb *stateTable) probe(p *peer, c probeCase) *segment.Segment {
	sq, ak := tb.seqAt(c.at), seq.Num(tb.ack)
	switch c.k {
	case kSYN:
		return p.seg(SYN, sq, 0, "")
	case kSYNACK:
		return p.seg(SYN|ACK, sq, ak, "")
	case kACK:
		return p.seg(ACK, sq, ak, "")
	case kFIN:
		return p.seg(FIN, sq, 0, "")
	case kFINACK:
		return p.seg(FIN|ACK, sq, ak, "")
	case kRST:
		return p.seg(RST, sq, 0, "")
	case kRSTACK:
		return p.seg(RST|ACK, sq, ak, "")
	case kData:
		return p.seg(PSH|ACK, sq, ak, "x")
	case kAckAhead:
		return p.seg(ACK, sq, seq.Num(tb.nxt+1), "")
	case kAckStale:
		return p.seg(ACK, sq, seq.Num(tb.una).Sub(peerWnd+1), "")
	}
	panic("unknown kind")
}

// run checks coverage, then plays every case against a fresh endpoint.
func (tb *stateTable) run(t *testing.T) {
	t.Helper()
	var cases []probeCase
	var rowOf []int
	for _, m := range []mode{secure, legacy} {
		for k := kind(1); k < kindEnd; k <<= 1 {
			for at := where(1); at < whereEnd; at <<= 1 {
				match := -1
				for i, r := range tb.rows {
					if r.modes&m == 0 || r.kinds&k == 0 || r.at&at == 0 {
						continue
					}
					if match >= 0 {
						t.Errorf("%v: rows %d and %d overlap", probeCase{m, k, at}, match, i)
					}
					match = i
				}
				if match < 0 {
					if !tb.skipCoverage {
						t.Errorf("%v: no row", probeCase{m, k, at})
					}
					continue
				}
				cases = append(cases, probeCase{m, k, at})
				rowOf = append(rowOf, match)
			}
		}
	}
	if t.Failed() {
		return
	}
	for i, c := range cases {
		r := tb.rows[rowOf[i]]
		t.Run(c.String(), func(t *testing.T) {
			cfg := tableConfig(c.m)
			if tb.cfg != nil {
				cfg = tb.cfg(c.m)
			}
			ep, p := build(t, cfg, tb.fixture)
			expectTCB(t, ep, tb.una, tb.nxt, tb.rcv)
			if ep.RcvWnd() != tb.wnd {
				t.Fatalf("RCV.WND %d, want %d", ep.RcvWnd(), tb.wnd)
			}
			in := tb.probe(p, c)
			res := send(t, ep, in)
			if ws := r.reply(in); !sameSegments(res.Out, ws) {
				t.Fatalf("%s: sent %s, want %s", describeSeg(in), describeOut(res.Out), describeWants(ws))
			}
			if ep.State() != r.next {
				t.Fatalf("%s: state %v, want %v", describeSeg(in), ep.State(), r.next)
			}
			if ep.Err() != r.err {
				t.Fatalf("%s: Err %q, want %q", describeSeg(in), ep.Err(), r.err)
			}
			if closed := res.Events&fsm.EvClosed != 0; closed != (r.next == fsm.Closed) {
				t.Fatalf("%s: events %q, want closed only on reaching CLOSED", describeSeg(in), res.Events)
			}
			if tb.afterEach != nil {
				tb.afterEach(t, ep, res, c)
			}
		})
	}
}
