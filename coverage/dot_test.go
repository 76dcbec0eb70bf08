package coverage

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"tcpcheck/observe"
)

var (
	dotNode = regexp.MustCompile(`^  "([A-Z0-9-]+)";$`)
	dotEdge = regexp.MustCompile(`^  "([A-Z0-9-]+)" -> "([A-Z0-9-]+)" \[(.*)\];$`)
	dotAttr = regexp.MustCompile(`^  (label=".*"|labelloc=t|fontname="Helvetica"|(node|edge) \[[^\]]*\]);$`)
	dotStr  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
)

// checkDOT parses the subset of DOT that WriteDOT writes, line by line, and
// returns the edges by "FROM -> TO" with their attributes.
func checkDOT(t *testing.T, text string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if lines[0] != "digraph tcp_states {" || lines[len(lines)-1] != "}" {
		t.Fatalf("not a digraph block:\n%s", text)
	}
	nodes := map[string]bool{}
	edges := map[string]string{}
	for i, l := range lines[1 : len(lines)-1] {
		if rest := dotStr.ReplaceAllString(l, `""`); strings.Count(rest, `"`)%2 != 0 {
			t.Errorf("line %d: unbalanced quotes: %s", i+2, l)
		}
		switch {
		case dotNode.MatchString(l):
			nodes[dotNode.FindStringSubmatch(l)[1]] = true
		case dotEdge.MatchString(l):
			m := dotEdge.FindStringSubmatch(l)
			if !nodes[m[1]] || !nodes[m[2]] {
				t.Errorf("line %d: edge between undeclared nodes: %s", i+2, l)
			}
			key := m[1] + " -> " + m[2]
			if _, dup := edges[key]; dup {
				t.Errorf("line %d: edge %s twice", i+2, key)
			}
			edges[key] = m[3]
		case dotAttr.MatchString(l):
		default:
			t.Errorf("line %d: not a statement WriteDOT writes: %s", i+2, l)
		}
	}
	if len(nodes) != NumStates {
		t.Errorf("%d nodes, want %d", len(nodes), NumStates)
	}
	return edges
}

func sampleCounts() *Counts {
	var c Counts
	c.Edges[observe.Closed][observe.Listen][CauseListen] = 40
	c.Edges[observe.Listen][observe.SynReceived][Cause(KindSYN)] = 12345
	c.Edges[observe.Established][observe.Closed][Cause(KindRST)] = 7
	c.Edges[observe.FinWait1][observe.TimeWait][Cause(KindFIN)] = 1
	return &c
}

func TestDOTWellFormed(t *testing.T) {
	var b strings.Builder
	if err := WriteDOT(&b, sampleCounts(), `a "quoted" \ title`); err != nil {
		t.Fatal(err)
	}
	edges := checkDOT(t, b.String())
	if len(edges) != len(Figure5)+2 {
		t.Errorf("%d edges, want the %d of Figure 5 and 2 others", len(edges), len(Figure5))
	}
	for key, want := range map[string]string{
		"CLOSED -> LISTEN":         `penwidth=1.8, label="passive OPEN\n/ create TCB\n(40)"`,
		"LISTEN -> SYN-RECEIVED":   `penwidth=3.0, label="rcv SYN\n/ snd SYN,ACK\n(12345)"`,
		"TIME-WAIT -> CLOSED":      `style=dashed, color=red, fontcolor=red, label="Timeout=2MSL\n/ delete TCB\n(never)"`,
		"ESTABLISHED -> CLOSED":    `color=blue, fontcolor=blue, penwidth=1.4, label="rcv RST 7 (note 3)"`,
		"FIN-WAIT-1 -> TIME-WAIT":  `color=blue, fontcolor=blue, penwidth=1.0, label="rcv FIN 1 (note 2)"`,
		"SYN-SENT -> SYN-RECEIVED": `style=dashed, color=red, fontcolor=red, label="rcv SYN\n/ snd SYN,ACK\n(never)"`,
	} {
		if edges[key] != want {
			t.Errorf("%s: [%s], want [%s]", key, edges[key], want)
		}
	}
	if !strings.Contains(b.String(), `label="a \"quoted\" \\ title\nblack:`) {
		t.Errorf("title not escaped:\n%s", b.String())
	}
}

// TestDOTRenders renders the diagram with Graphviz when it is installed.
func TestDOTRenders(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz dot not on PATH (apt-get install graphviz); TestDOTWellFormed checked the syntax")
	}
	var in bytes.Buffer
	if err := WriteDOT(&in, sampleCounts(), "test"); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = &in
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("dot: %v %s", err, stderr.String())
	}
	svg := out.String()
	for _, s := range []string{"<svg", "ESTABLISHED", "TIME&#45;WAIT", "rcv SYN,ACK", "(12345)"} {
		if !strings.Contains(svg, s) {
			t.Errorf("SVG lacks %q", s)
		}
	}
}
