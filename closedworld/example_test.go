package closedworld_test

import (
	"fmt"

	"tcpcheck/closedworld"
	"tcpcheck/fsm"
	"tcpcheck/observe"
	"tcpcheck/sim"
)

// Two reference endpoints over a network that loses a fifth of the
// segments for its first 30 seconds, 5000 bytes each way, both closing as
// soon as they have read everything. Every monitor watches both sides, and
// the simulator checks the streams and the close at the end.
func ExampleWorld() {
	sc := closedworld.Scenario{
		Sides: [2]closedworld.Side{
			{ISN: 1<<32 - 10, WScale: 7, Send: 5000, Close: observe.OpClose},
			{ISN: 1 << 31, WScale: -1, Send: 5000, Close: observe.OpClose},
		},
		Link: sim.Link{Loss: 0.2},
		Heal: 30 * fsm.Second,
		Seed: 7,
	}
	var w closedworld.World
	fmt.Println(w.Run(&sc))
	fmt.Println(w.Sim().Stream(0).Read, w.Sim().State(0), w.Sim().State(1))
	// Output:
	// <nil>
	// 5000 CLOSED CLOSED
}

// A fuzz input is a closed world: a 19-byte header (both applications, the
// delay, the heal time), then two fault bytes per segment.
func ExampleDecode() {
	in := []byte{
		0x04,                   // small buffers
		0, 0, 0, 1, 0, 0, 0, 2, // ISNs
		0x02, 0x00, 0x00, 0, // a sends 16 bytes, closes after reading everything
		0x00, 0x20, 0x04, 0, // b sends 1 byte, closes after EOF
		10, 9, // 10 ms delay, heal at 5 s
		4 << 5, 0, // the first segment is lost
	}
	var sc closedworld.Scenario
	closedworld.Decode(in, &sc)
	fmt.Println(closedworld.Describe(&sc))
	// Output:
	// a connects to b; a: send buffer 2000, receive buffer 2000, sends 16, closes after reading everything; b: send buffer 2000, receive buffer 2000, sends 1, closes after EOF; delay 0.01 s, 1 fault decisions, heal at 5 s
}
