package properties

import "tcpcheck/observe"

// Stimulus is one abstract event of the model: an application call, a
// well-formed segment from a cooperative peer that knows what it has seen on
// the wire, or time passing.
type Stimulus uint8

// The stimuli. "Everything" is everything the endpoint has sent; segments
// from the peer carry SEQ = RCV.NXT unless named otherwise.
const (
	AppConnect       Stimulus = iota // active OPEN
	AppListen                        // passive OPEN
	AppSend                          // SEND of a few bytes
	AppClose                         // CLOSE (shutdown of the write half)
	AppAbort                         // ABORT
	PeerSYN                          // SYN at the peer's ISN, no ACK
	PeerSYNACK                       // SYN-ACK acknowledging the endpoint's SYN
	PeerACK                          // ACK of everything
	PeerData                         // data acknowledging everything
	PeerFIN                          // FIN acknowledging everything
	PeerFINUnacked                   // FIN acknowledging all but the endpoint's FIN
	PeerFINAgain                     // a retransmission of the peer's FIN
	PeerRST                          // RST,ACK at RCV.NXT
	PeerRSTInWindow                  // RST,ACK at RCV.NXT+1: in the window, not exact
	PeerRSTRightEdge                 // RST,ACK at RCV.NXT+RCV.WND-1: the window's last number
	PeerBadACK                       // ACK of data never sent (SND.NXT+1000)
	Wait2MSL                         // time passes: 2 MSL and a little
	NumStimuli
)

var stimulusNames = [NumStimuli]string{
	"AppConnect", "AppListen", "AppSend", "AppClose", "AppAbort", "PeerSYN", "PeerSYNACK",
	"PeerACK", "PeerData", "PeerFIN", "PeerFINUnacked", "PeerFINAgain", "PeerRST",
	"PeerRSTInWindow", "PeerRSTRightEdge", "PeerBadACK", "Wait2MSL",
}

func (s Stimulus) String() string {
	if s >= NumStimuli {
		return "Stimulus?"
	}
	return stimulusNames[s]
}

// Reply is a set of classes of segments an endpoint sends in answer.
type Reply uint8

// The reply classes.
const (
	RACK    Reply = 1 << iota // a pure ACK (also a challenge ACK)
	RSYN                      // SYN without ACK
	RSYNACK                   // SYN-ACK
	RData                     // data
	RFIN                      // FIN
	RRST                      // RST
	RNone   Reply = 0
	// RAny is what a timer may send: retransmissions and probes.
	RAny = RACK | RSYN | RSYNACK | RData | RFIN | RRST
)

// Outcome is what the model predicts for a stimulus in a state.
type Outcome struct {
	Next observe.State // the state after the stimulus
	Alt  observe.State // another state RFC 9293 allows (Unknown: none)
	Must Reply         // classes that must be sent
	May  Reply         // classes that may be sent besides Must
}

type cell struct {
	from observe.State
	stim Stimulus
	out  Outcome
}

// Abbreviations for the table.
const (
	sCL = observe.Closed
	sLI = observe.Listen
	sSS = observe.SynSent
	sSR = observe.SynReceived
	sES = observe.Established
	sF1 = observe.FinWait1
	sF2 = observe.FinWait2
	sCW = observe.CloseWait
	sCG = observe.Closing
	sLA = observe.LastAck
	sTW = observe.TimeWait
	sNo = observe.Unknown
)

func o(next observe.State, must, may Reply) Outcome {
	return Outcome{Next: next, Alt: sNo, Must: must, May: may}
}

// model is RFC 9293's state diagram (Figure 5) with the event processing of
// §3.10 and RFC 5961, as (state, stimulus) -> outcome. Cells not listed
// leave the state unchanged and send nothing. It is written from the RFCs,
// not from package fsm.
var model = []cell{
	// §3.10.1 OPEN.
	{sCL, AppConnect, o(sSS, RSYN, 0)},
	{sCL, AppListen, o(sLI, 0, 0)},
	// §3.10.7.1 CLOSED: anything but an RST gets an RST.
	{sCL, PeerSYN, o(sCL, RRST, 0)}, {sCL, PeerSYNACK, o(sCL, RRST, 0)},
	{sCL, PeerACK, o(sCL, RRST, 0)}, {sCL, PeerData, o(sCL, RRST, 0)},
	{sCL, PeerFIN, o(sCL, RRST, 0)}, {sCL, PeerFINUnacked, o(sCL, RRST, 0)},
	{sCL, PeerBadACK, o(sCL, RRST, 0)}, {sCL, PeerFINAgain, o(sCL, RRST, 0)},
	// §3.10.7.2 LISTEN: an ACK gets an RST; a SYN opens.
	{sLI, PeerSYN, o(sSR, RSYNACK, 0)}, {sLI, PeerSYNACK, o(sLI, RRST, 0)},
	{sLI, PeerACK, o(sLI, RRST, 0)}, {sLI, PeerData, o(sLI, RRST, 0)},
	{sLI, PeerFIN, o(sLI, RRST, 0)}, {sLI, PeerFINUnacked, o(sLI, RRST, 0)},
	{sLI, PeerBadACK, o(sLI, RRST, 0)}, {sLI, PeerFINAgain, o(sLI, RRST, 0)}, {sLI, AppClose, o(sCL, 0, 0)}, {sLI, AppAbort, o(sCL, 0, 0)},
	// §3.10.7.3 SYN-SENT.
	{sSS, PeerSYN, o(sSR, RSYNACK, 0)}, // simultaneous open
	{sSS, PeerSYNACK, o(sES, RACK, RData|RFIN)},
	{sSS, PeerRST, o(sCL, 0, 0)}, {sSS, PeerRSTInWindow, o(sCL, 0, 0)}, // the ACK is acceptable
	{sSS, PeerRSTRightEdge, o(sCL, 0, 0)},
	{sSS, PeerBadACK, o(sSS, RRST, 0)},
	{sSS, AppClose, o(sCL, 0, 0)}, {sSS, AppAbort, o(sCL, 0, 0)},
	{sSS, Wait2MSL, Outcome{Next: sSS, Alt: sCL, May: RSYN}},
	// §3.10.7.4 SYN-RECEIVED.
	{sSR, PeerACK, o(sES, 0, RData|RFIN)},
	{sSR, PeerData, o(sES, RACK, RData|RFIN)},
	{sSR, PeerFIN, o(sCW, RACK, RData|RFIN)},
	{sSR, PeerFINUnacked, o(sCW, RACK, RData|RFIN)},
	{sSR, PeerSYN, o(sSR, 0, RACK|RSYNACK)}, // a duplicate SYN
	// Figure 8 (simultaneous open) completes on the peer's SYN-ACK without
	// a reply; the first check of §3.10.7.4 and RFC 5961 §4 would answer it
	// with an ACK.
	{sSR, PeerSYNACK, Outcome{Next: sES, Alt: sSR, May: RACK | RData | RFIN}},
	{sSR, AppClose, Outcome{Next: sSR, Alt: sF1, May: RFIN}}, // §3.10.4: FIN now or after ESTABLISHED
	{sSR, PeerRSTInWindow, o(sSR, RACK, 0)},                  // RFC 5961 §3.2
	{sSR, PeerRSTRightEdge, o(sSR, RACK, 0)},
	{sSR, PeerBadACK, o(sSR, RRST, 0)},
	{sSR, AppAbort, o(sCL, RRST, 0)},
	{sSR, Wait2MSL, Outcome{Next: sSR, Alt: sCL, May: RSYNACK}},
	// ESTABLISHED and the closing states.
	{sES, AppSend, o(sES, RData, 0)}, {sCW, AppSend, o(sCW, RData, 0)},
	{sES, AppClose, o(sF1, RFIN, 0)}, {sCW, AppClose, o(sLA, RFIN, 0)},
	{sES, PeerData, o(sES, RACK, 0)},
	{sES, PeerFIN, o(sCW, RACK, 0)}, {sES, PeerFINUnacked, o(sCW, RACK, 0)},
	{sF1, PeerACK, o(sF2, 0, 0)}, {sF1, PeerData, o(sF2, RACK, 0)},
	{sF1, PeerFIN, o(sTW, RACK, 0)}, {sF1, PeerFINUnacked, o(sCG, RACK, 0)},
	{sF2, PeerData, o(sF2, RACK, 0)},
	{sF2, PeerFIN, o(sTW, RACK, 0)}, {sF2, PeerFINUnacked, o(sTW, RACK, 0)},
	{sCG, PeerACK, o(sTW, 0, 0)},
	{sLA, PeerACK, o(sCL, 0, 0)},
	{sTW, Wait2MSL, o(sCL, 0, 0)},
	{sTW, PeerFINAgain, o(sTW, RACK, 0)}, // §3.10.7.4: acknowledge it, restart 2 MSL
	{sCW, PeerFINAgain, o(sCW, RACK, 0)}, {sCG, PeerFINAgain, o(sCG, RACK, 0)},
	{sLA, PeerFINAgain, o(sLA, RACK, RFIN)},
}

// synchronizedRules are the cells shared by every synchronized state
// (ESTABLISHED through TIME-WAIT) unless the table says otherwise.
func synchronizedOutcome(from observe.State, s Stimulus) (Outcome, bool) {
	switch s {
	case PeerSYN, PeerSYNACK: // RFC 5961 §4: challenge ACK
		return o(from, RACK, 0), true
	case PeerRSTInWindow, PeerRSTRightEdge: // RFC 5961 §3.2: challenge ACK
		if from == sTW {
			return o(from, 0, RACK), true
		}
		return o(from, RACK, 0), true
	case PeerRST: // RFC 9293 §3.10.7.4; RFC 1337 in TIME-WAIT
		if from == sTW {
			return Outcome{Next: sTW, Alt: sCL}, true
		}
		return o(sCL, 0, 0), true
	case PeerBadACK: // an ACK of something not yet sent: ACK and drop
		return o(from, RACK, 0), true
	case AppAbort:
		if from == sTW || from == sLA || from == sCG {
			return o(sCL, 0, 0), true
		}
		return o(sCL, RRST, 0), true
	case Wait2MSL: // retransmission may give up
		return Outcome{Next: from, Alt: sCL, May: RAny}, true
	}
	return Outcome{}, false
}

// Predict returns the model's outcome for stimulus s in state from; passive
// says whether the connection was opened passively (an RST in SYN-RECEIVED
// then returns it to LISTEN, §3.10.7.4).
func Predict(from observe.State, passive bool, s Stimulus) Outcome {
	out := predict(from, passive, s)
	if s >= PeerSYN && s != Wait2MSL && mayHaveUnacked(from) && out.Next != sCL {
		// After a retransmission timeout the endpoint resends from SND.UNA
		// (RFC 6298 §5.4): an arriving ACK may release data or a FIN.
		out.May |= RData | RFIN
	}
	return out
}

func mayHaveUnacked(s observe.State) bool {
	return s == sES || s == sF1 || s == sCW || s == sCG || s == sLA
}

func predict(from observe.State, passive bool, s Stimulus) Outcome {
	if from == sSR && s == PeerRST {
		if passive {
			return o(sLI, 0, 0)
		}
		return o(sCL, 0, 0)
	}
	for _, c := range model {
		if c.from == from && c.stim == s {
			return c.out
		}
	}
	if from >= sES && from <= sTW {
		if out, ok := synchronizedOutcome(from, s); ok {
			return out
		}
	}
	return o(from, 0, 0)
}
