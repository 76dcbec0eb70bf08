// Package coverage measures which parts of RFC 9293's state machine a set
// of inputs exercises: which (state, arriving segment kind) cells, and
// which state changes, each Figure 5 edge and every change the figure does
// not draw.
//
// Contract:
//   - Counting is black-box: a Tracker is an observe sink; it follows the
//     state an endpoint reports (Change events) and counts each Input under
//     the state it arrived in and its Kind (KindOf), and each Change under
//     (from, to) and the stimulus before it (Cause). Counts are fixed-size
//     arrays; counting allocates nothing.
//   - Replayer runs stored inputs through the reference endpoint with every
//     monitor on, as the fuzz targets do: open-world scenarios with
//     properties.OpenWorld, closed-world ones with closedworld.World (both
//     endpoints are counted), scripts through convert.ScenarioFromScript
//     and the open world. A run stops at the first violation, as the
//     target's does. Open-world runs after the first allocate nothing.
//   - Inputs of the rapid-driven targets are rapid's bit streams, which only
//     rapid can decode inside a test: they are skipped (convert's ToScript
//     says so), and so are FuzzRun inputs that are not scripts the open
//     world can play.
//   - Inputs come from Sources: a fuzz target's native corpus directories
//     (testdata/fuzz/FuzzX and the build cache's fuzz/<import path>/FuzzX)
//     or trees of .pkt scripts. An input that cannot be replayed (no script
//     form, a script the open world cannot play) is skipped, counted, and
//     the first one named in the Tally with its error.
//   - Figure5 is RFC 9293 §3.3.2 Figure 5, edge for edge, with the figure's
//     labels. Changes outside it are reported apart (Extras), with their
//     causes; those that the figure's notes 2 and 3 allow are marked.
//   - Reports are text (WriteTable, WriteEdges, WriteReport: uncovered
//     cells and edges marked) and Graphviz DOT (WriteDOT); rendering the
//     DOT is the caller's business.
package coverage
