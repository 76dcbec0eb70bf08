package shrink

import (
	"fmt"
	"os"

	"tcpcheck/mutants"
)

// A failing open-world run of 1,000 stimuli against a deliberately broken
// endpoint (mutants.RSTAnywhere: it takes any RST in the receive window for
// one at RCV.NXT, the blind-reset hole RFC 5961 §3 closes)
// shrinks to the three stimuli that matter. The repro is what docs/shrink.md
// shows: the script, then the ladder diagram.
func Example() {
	sc := resetScenario(1000)
	res, err := Scenario(&sc, Options{Build: mutants.RSTAnywhere.Build})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := ScenarioRepro(res, mutants.RSTAnywhere.Build, "an open-world run of a broken endpoint")
	fmt.Print(r.Script("corpus/regressions/" + r.Name() + ".pkt"))
	fmt.Println()
	r.Trace.Ladder(os.Stdout)
	// Output:
	// --ip_version=ipv4
	// // tcpcheck shrink: BlindResetResistance: RST with SEQ 2 in the window but not RCV.NXT 1 moved the state to CLOSED; it may only draw a challenge ACK
	// // shrunk from an open-world run of a broken endpoint: 1000 stimuli to 3 (95 runs)
	// // endpoint: passive open, ISN 0 (0x0, isn directive), configuration: MSL_us=1000000 SynRetries=3 Retries=4
	// // replay: go run ./cmd/tcpcheck run corpus/regressions/BlindResetResistance-b6100bc0.pkt
	// // tcpcheck: isn 0x0
	// // tcpcheck: config MSL_us=1000000 SynRetries=3 Retries=4
	// // tcpcheck: violation BlindResetResistance
	// 0.0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
	// 0.0 bind(3, ..., ...) = 0
	// 0.0 listen(3, 1) = 0
	// 0.001 < S 0:0(0) win 65535
	// 0.001 > S. 0:0(0) ack 1 win 65535 <mss 1460>
	// 0.002 < . 1:1(0) ack 1 win 65535
	// 0.002 accept(3, ..., ...) = 4
	// 0.002 fcntl(4, F_SETFL, O_RDWR | O_NONBLOCK) = 0
	// 0.002 close(3) = 0
	// 0.003 < R 2:2(0) win 65535
	// // ^ BlindResetResistance broken at 0.003000 s, by the last stimulus above or what it sent
	//
	// endpoint 192.168.0.1:8080 (passive open, ISN 0; its sequence numbers relative to it), peer 192.0.2.1:54242 (injected; numbers as sent)
	//
	// time (s)    state        endpoint                                      peer
	// 0.000000                 | listen()                                       |
	// 0.000000    LISTEN       |                                                |
	// 0.001000                 |<------------- S 0:0(0) win 65535 --------------|
	// 0.001000    SYN-RECEIVED |                                                |
	// 0.001000                 |---- S. 0:0(0) ack 1 win 65535 <mss 1460> ----->|
	// 0.002000                 |<---------- . 1:1(0) ack 1 win 65535 -----------|
	// 0.002000    ESTABLISHED  |                                                |
	// 0.002000                 | app told: connected                            |
	// 0.003000                 |<------------- R 2:2(0) win 65535 --------------|
	// 0.003000    CLOSED       |                                                |  <== BlindResetResistance
	// 0.003000                 | app told: reset, closed, error (reset)         |
	//
	// <== BlindResetResistance at event 9 (0.003000 s): RST with SEQ 2 in the window but not RCV.NXT 1 moved the state to CLOSED; it may only draw a challenge ACK
}
