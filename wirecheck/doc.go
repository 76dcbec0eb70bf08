// Package wirecheck checks TCP connections seen only on the wire: it splits
// a capture into connections, builds each endpoint's observed view (package
// observe), runs the monitors of package properties that make sense for an
// endpoint whose state is not reported, and classifies every finding as a
// violation of an RFC rule or as a problem of the capture.
//
// Contract:
//   - Connections: frames are grouped by 4-tuple, in either direction. A SYN
//     without ACK on a 4-tuple whose previous connection has ended (an RST
//     was seen, or a FIN in each direction) starts a new connection (a new
//     incarnation). Connections are numbered from 1 in the order of their
//     first frame. The client is the sender of the first SYN without ACK
//     (or the receiver of a SYN-ACK captured first); when the capture holds
//     neither, the first sender stands in for it and Conn.Opened is false.
//   - Views: a segment from A is an Output event of A's view and an Input
//     event of B's, stamped with its capture time in nanoseconds since the
//     first frame of the file. Each View maps every event to its frame
//     number (View.Frames). Outputs carry the TCP bytes as captured in
//     Event.Wire, unless the frame was truncated. A frame cut short by the
//     snap length still gives a segment: its payload has its length on the
//     wire (from the IP header), the bytes not captured read as zero.
//   - Order: a view is in capture order, made causal where the endpoint's
//     own ACK fields show otherwise: a segment received moves before the
//     first segment sent that acknowledges it, and after the segments sent
//     that acknowledge exactly up to its first byte (it had not arrived) or
//     whose bytes it acknowledges. Segments sent keep their order.
//   - Stimuli: the wire shows no application calls and no timers. A Tick
//     event, inferred, stands for them before a segment sent that is not an
//     answer to the last segment received: the first segment sent, one
//     sent longer after the last segment received than the endpoint's
//     round trip to the capture point allows (plus 1 ms), and an RST sent
//     after other segments with none received in between.
//   - States are inferred from the wire (a SYN sent: SYN-SENT; a SYN
//     received: LISTEN then SYN-RECEIVED; ...; UNKNOWN before the first
//     segment of a connection whose handshake was not captured). They are
//     given to the monitors as observe.Change events; every Change and
//     every Tick in a View is inferred (View.Inferred). Monitors that judge reported states
//     are therefore not run: Table says, by monitor name, which monitors
//     apply to a wire-only view and why. Names in Table that are not
//     registered in package properties are ignored; registered monitors
//     that Table does not name are not run (Applicability lists both).
//   - The capture point is somewhere between the endpoints. A monitor whose
//     judgement depends on what the endpoint had received (Rule.Inputs) is
//     run twice: in capture order, and with every segment received moved
//     later by the longest one-way delay between the capture point and the
//     endpoint that the capture allows (half the endpoint's quickest reply
//     to a segment it acknowledged). A finding is an RFC violation only if
//     it holds both ways; otherwise it depends on where the capture was
//     taken and is a capture finding (KindCapturePoint).
//   - Capture problems found by wirecheck itself (Class Capture): handshake
//     not captured, bytes of a direction not captured (gaps), segments
//     captured out of order or acknowledged before they were captured,
//     frames truncated by the snap length, timestamps going backward,
//     frames that do not decode, and bad checksums (KindChecksum: an
//     artifact of checksum offload on the capturing host, or of damage or
//     rewriting after the sender; never an RFC violation on the wire). A
//     monitor finding where the capture is in doubt is a capture finding
//     too: from a gap or an out-of-order segment to the end of the
//     connection (a monitor shown a hole may be thrown off for good); where
//     the inferred state is still UNKNOWN; anywhere in a connection whose
//     handshake was captured only in part; on a frame with a bad or
//     unverifiable checksum, for checksum rules. Monitors that need the
//     handshake (Rule.Use WithHandshake) do not run without it.
//   - Verdicts: a connection violates an RFC rule when it has an RFC
//     finding, is incomplete when it has capture findings other than
//     checksums, and is OK otherwise.
//   - Errors: Check and CheckFile return an error for input that is not a
//     readable capture, and ErrNoTCP (wrapped, with the file name and the
//     frame counts) for a capture without a single TCP segment. A read
//     error after some frames returns the report of the frames read along
//     with the error.
package wirecheck
