// Package observe is what a black-box observer sees of one TCP endpoint: the
// segments that arrive at it and that it sends, the calls its application
// makes and their outcome, what it tells the application, the state it
// reports and the time at which each happened.
//
// Contract:
//   - An Event describes one observation; a stream of them, in the order they
//     happened, is an endpoint's trace. Producers (the script runner, the
//     simulator, the capture checker) fill a reused Event and hand it to a
//     consumer (the monitors of package properties); pointers in it are valid
//     only during that call.
//   - Nothing here depends on a particular TCP implementation: State names the
//     eleven states of RFC 9293 §3.3.2, Op the user calls of §3.10, Err the
//     error classes an application sees. FromFSM converts the reference
//     endpoint's states; other stacks bring their own mapping.
//   - A Probe keeps the bytes of the segments of its last call (Wire), so
//     that a simulator can send what the Output events showed without
//     encoding it again.
//   - Within one stimulus the order is: the stimulus (Input, Call or Tick),
//     then the state changes it caused, then the segments it made the endpoint
//     send, then what the application was told (Notify).
package observe
