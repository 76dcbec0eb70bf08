package wirecheck

import "tcpcheck/properties"

// Use says whether a monitor runs on a wire-only view.
type Use uint8

// The uses.
const (
	Skip          Use = iota // not run: it needs what the wire does not show
	Run                      // run on every connection
	WithHandshake            // run on connections whose SYN and SYN-ACK were captured
)

func (u Use) String() string {
	switch u {
	case Run:
		return "runs"
	case WithHandshake:
		return "runs when the handshake was captured"
	}
	return "not run"
}

// Rule is wirecheck's decision for one monitor, by its catalog name.
type Rule struct {
	Name string
	Use  Use
	// Inputs: the monitor's judgement depends on what the endpoint had
	// received when it sent, so its findings must hold whichever the
	// capture point (see the package comment).
	Inputs bool
	// Checksums: the monitor judges the bytes sent, so its findings on
	// frames with a bad checksum or cut short are capture findings.
	Checksums bool
	Why       string
}

// Table is the applicability of DESIGN's catalog of single-endpoint
// monitors to an endpoint seen only from the wire.
var Table = []Rule{
	{Name: "HandshakeBeforeEstablished", Use: Skip,
		Why: "judges the ESTABLISHED the endpoint reports; on the wire it is inferred from the very handshake it would check"},
	{Name: "LegalTransition", Use: Skip,
		Why: "judges reported state changes; inferred ones follow the diagram by construction"},
	{Name: "MonotonicAck", Use: Run, Inputs: true,
		Why: "ACK fields and retransmissions are on the wire; SND.UNA comes from ACKs received, whose arrival depends on the capture point"},
	{Name: "AckOnlyReceived", Use: WithHandshake, Inputs: true,
		Why: "needs the peer's ISN; what the endpoint had received when it acknowledged depends on the capture point"},
	{Name: "SynFinConsumeOne", Use: Run,
		Why: "the sequence numbers of segments sent are on the wire"},
	{Name: "SendWithinWindow", Use: WithHandshake, Inputs: true,
		Why: "needs the window scale of both SYNs; the window the endpoint knew when sending depends on the capture point"},
	{Name: "TimeWait2MSL", Use: Skip,
		Why: "needs the reported TIME-WAIT and the stack's MSL"},
	{Name: "BlindResetResistance", Use: Skip,
		Why: "whether an RST changed the endpoint's state is reported, not seen on the wire"},
	{Name: "BlindSynResistance", Use: Skip,
		Why: "whether the endpoint was still synchronized when a SYN arrived (TIME-WAIT ended, an RST not captured) is not on the wire"},
	{Name: "ValidReset", Use: Run, Inputs: true,
		Why: "an RST and the segment that provoked it are on the wire; which one arrived first depends on the capture point"},
	{Name: "RetransmitBackoff", Use: Skip,
		Why: "the RTO and the retry limit are the stack's own, and giving up is told to the application, not sent"},
	{Name: "OutputBounded", Use: Skip,
		Why: "a capture does not show which input provoked which output, and bursts depend on the stack's congestion window"},
	{Name: "OptionsNegotiated", Use: WithHandshake, Inputs: true,
		Why: "needs both SYNs to know which options were offered"},
	{Name: "WellFormedOutput", Use: Run, Checksums: true,
		Why: "segments sent are on the wire; a bad checksum there is an offload artifact of a capture on the sender, or damage after it"},
	{Name: "StreamIntegrity", Use: Skip, Why: "needs two endpoints' application reads and writes"},
	{Name: "EventualClose", Use: Skip, Why: "needs the applications' close calls and the reported states"},
	{Name: "Determinism", Use: Skip, Why: "needs to run the endpoint again"},
	{Name: "SeqOffsetInvariance", Use: Skip, Why: "needs to run the endpoint again"},
}

// rule returns the Table entry for name.
func rule(name string) (Rule, bool) {
	for _, r := range Table {
		if r.Name == name {
			return r, true
		}
	}
	return Rule{Name: name, Why: "not in wirecheck's table: whether it applies to a wire-only view is undecided"}, false
}

// Applies is one line of Applicability.
type Applies struct {
	Rule
	Registered bool // properties has a monitor of this name
	InTable    bool // Table has a rule for it
}

// Applicability lists every registered monitor (in properties.All order)
// with its rule, then the rules of Table that name no registered monitor.
func Applicability() []Applies {
	var out []Applies
	seen := map[string]bool{}
	for _, name := range properties.Names() {
		r, ok := rule(name)
		out = append(out, Applies{Rule: r, Registered: true, InTable: ok})
		seen[name] = true
	}
	for _, r := range Table {
		if !seen[r.Name] {
			out = append(out, Applies{Rule: r, InTable: true})
		}
	}
	return out
}

// Ran says whether a monitor ran on a connection.
type Ran struct {
	Name string
	Ran  bool
	Why  string // why not, when it did not run
}
