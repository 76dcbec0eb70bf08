package segment_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"net/netip"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tcpcheck/capture"
	"tcpcheck/segment"
)

// Differential test of the codec against Wireshark's TCP dissector: every
// frame of every real capture is dissected by tshark (run once per file) and
// decoded with capture and segment.Packet.DecodePadded, and every TCP field
// must agree. tshark 4.0 behaviours the comparison has to model are noted
// where they are handled:
//
//   - After End of Option List, tshark reports each zero byte as one more
//     EOL option (one more 0 in tcp.option_kind) up to the first non-zero
//     byte, where it stops with the expert message "Non-zero header
//     padding". segment keeps all of them as the EOL option's Data.
//   - The payload of a RST segment is dissected as the text tcp.reset_cause
//     instead of tcp.payload.
//   - A frame cut by the capture's snap length: tshark dissects the TCP
//     header, takes tcp.len from the IP length, and marks the checksum
//     unverified (status 2); segment rejects the packet (ErrIPLength: the IP
//     length runs past the buffer), and the test compares the header
//     fields segment reads from the bytes that were kept.
//   - A frame shorter than its IP length although the capture kept all of it
//     (zeek's reassembly trace has five): tshark reports "IPv4 total length
//     exceeds packet length (N bytes)" and dissects the bytes there are as
//     the packet, checksum included. segment rejects it (ErrIPLength); the
//     test compares tshark's dissection with segment's decode of the packet
//     with its length field set to the bytes there are.

// tsFields are the fields asked of tshark, in column order.
var tsFields = []string{
	"frame.number", "ip.src", "ip.dst", "ip.len", "ipv6.src", "ipv6.dst", "ipv6.plen",
	"tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.hdr_len", "tcp.flags",
	"tcp.window_size_value", "tcp.urgent_pointer", "tcp.len", "tcp.checksum", "tcp.checksum.status",
	"tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm",
	"tcp.options.sack_le", "tcp.options.sack_re",
	"tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr",
	"tcp.option_kind", "tcp.option_len", "tcp.options", "tcp.payload", "tcp.reset_cause",
	"_ws.malformed", "_ws.short", "_ws.expert.message",
}

// tsRow is one frame as tshark dissected it: field name to the field's
// occurrences joined by commas, "" when absent.
type tsRow map[string]string

// tsDissect runs tshark once on path and returns its rows by frame number.
func tsDissect(t *testing.T, tshark, path string) map[int]tsRow {
	args := []string{"-n", "-r", path,
		"-o", "tcp.check_checksum:TRUE",
		"-o", "tcp.relative_sequence_numbers:FALSE",
		"-o", "tcp.analyze_sequence_numbers:FALSE",
		"-o", "tcp.desegment_tcp_streams:FALSE",
		"-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"}
	for _, f := range tsFields {
		args = append(args, "-e", f)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(tshark, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: tshark: %v\n%s", filepath.Base(path), err, stderr.String())
	}
	rows := map[int]tsRow{}
	for i, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		cols := strings.Split(line, "\t")
		n, err := strconv.Atoi(cols[0])
		if len(cols) != len(tsFields) || err != nil {
			t.Fatalf("%s: tshark output line %d has %d columns, want %d with a frame number: %q", filepath.Base(path), i+1, len(cols), len(tsFields), line)
		}
		row := tsRow{}
		for j, f := range tsFields {
			row[f] = cols[j]
		}
		rows[n] = row
	}
	return rows
}

// uints parses a numeric field's occurrences (decimal or 0x hex).
func (r tsRow) uints(field string) ([]uint64, error) {
	if r[field] == "" {
		return nil, nil
	}
	var out []uint64
	for _, s := range strings.Split(r[field], ",") {
		v, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			return nil, fmt.Errorf("field %s: %q is not a number", field, r[field])
		}
		out = append(out, v)
	}
	return out, nil
}

// count returns how many occurrences a field has.
func (r tsRow) count(field string) int {
	if r[field] == "" {
		return 0
	}
	return len(strings.Split(r[field], ","))
}

// hasTCP reports whether tshark dissected any TCP field.
func (r tsRow) hasTCP() bool { return r["tcp.srcport"] != "" }

// flaggedBroken reports whether tshark marked the frame short or malformed.
func (r tsRow) flaggedBroken() bool { return r["_ws.short"] != "" || r["_ws.malformed"] != "" }

// tsWant is what tshark must report for a frame, built from segment's
// decode.
type tsWant struct {
	nums    map[string][]uint64
	bytes   map[string]string // hex of byte fields and text of string fields, "" for absent
	addrs   map[string]netip.Addr
	experts []string // substrings _ws.expert.message must contain
}

// tsExpect builds the fields tshark must report for segment s carried by ip,
// with tcp.len tcpLen and checksum status (0 bad, 1 good, 2 unverified).
func tsExpect(s *segment.Segment, ip *segment.IPHeader, tcpLen, status int) tsWant {
	w := tsWant{
		nums: map[string][]uint64{
			"tcp.srcport": {uint64(s.SrcPort)}, "tcp.dstport": {uint64(s.DstPort)},
			"tcp.seq_raw": {uint64(s.Seq)}, "tcp.ack_raw": {uint64(s.Ack)},
			"tcp.hdr_len": {uint64(s.HeaderLen())}, "tcp.flags": {uint64(s.Flags)},
			"tcp.window_size_value": {uint64(s.Window)}, "tcp.urgent_pointer": {uint64(s.Urgent)},
			"tcp.len": {uint64(tcpLen)}, "tcp.checksum": {uint64(s.Checksum)},
			"tcp.checksum.status": {uint64(status)},
		},
		bytes: map[string]string{"tcp.options": hex.EncodeToString(s.Options.Bytes())},
		addrs: map[string]netip.Addr{},
	}
	switch {
	case status == 2: // a frame cut by the snap length has no payload to compare
	case s.Flags&segment.RST != 0:
		// tshark quirk: the payload of a RST is shown as the text
		// tcp.reset_cause (RFC 9293 §3.5.3 allows diagnostic text there),
		// not as tcp.payload.
		w.bytes["tcp.payload"], w.bytes["tcp.reset_cause"] = "", string(s.Payload)
	default:
		w.bytes["tcp.payload"], w.bytes["tcp.reset_cause"] = hex.EncodeToString(s.Payload), ""
	}
	v := "ipv6"
	if ip.Version == 4 {
		v = "ip"
	}
	w.addrs[v+".src"], w.addrs[v+".dst"] = ip.Src, ip.Dst
	tsExpectOptions(&w, &s.Options)
	return w
}

// tsExpectOptions adds the option fields, walking the options in order.
func tsExpectOptions(w *tsWant, o *segment.Options) {
	add := func(field string, v uint64) { w.nums[field] = append(w.nums[field], v) }
	sackPerm := 0
	for opt, next := o.Next(0); next >= 0; opt, next = o.Next(next) {
		add("tcp.option_kind", uint64(opt.Kind))
		d := opt.Data
		switch opt.Kind {
		case segment.KindNOP:
			continue
		case segment.KindEOL:
			// tshark quirk: one more EOL per zero byte, then it stops.
			zeros := len(d) - len(bytes.TrimLeft(d, "\x00"))
			for range zeros {
				add("tcp.option_kind", 0)
			}
			if zeros < len(d) {
				w.experts = append(w.experts, "Non-zero header padding")
			}
			continue
		case segment.KindMSS:
			add("tcp.options.mss_val", uint64(d[0])<<8|uint64(d[1]))
		case segment.KindWScale:
			add("tcp.options.wscale.shift", uint64(d[0]))
		case segment.KindSACKPermitted:
			sackPerm++
		case segment.KindSACK:
			for i := 0; i+8 <= len(d); i += 8 {
				add("tcp.options.sack_le", tsBE32(d[i:]))
				add("tcp.options.sack_re", tsBE32(d[i+4:]))
			}
		case segment.KindTimestamps:
			add("tcp.options.timestamp.tsval", tsBE32(d))
			add("tcp.options.timestamp.tsecr", tsBE32(d[4:]))
		}
		add("tcp.option_len", uint64(2+len(d)))
	}
	w.nums["tcp.options.sack_perm"] = []uint64{uint64(sackPerm)} // compared as a count
}

func tsBE32(b []byte) uint64 {
	return uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
}

// tsCompare checks every wanted field against tshark's row and returns one
// line per disagreement, naming the field.
func tsCompare(row tsRow, w tsWant) []string {
	var bad []string
	for field, want := range w.nums {
		got, err := row.uints(field)
		if field == "tcp.options.sack_perm" {
			got = []uint64{uint64(row.count(field))}
		}
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s: %v", field, err))
		} else if !slices.Equal(got, want) {
			bad = append(bad, fmt.Sprintf("%s: tshark %q, segment %v", field, row[field], want))
		}
	}
	for field, want := range w.bytes {
		if got := row[field]; got != want {
			bad = append(bad, fmt.Sprintf("%s: tshark %q, segment %q", field, tsAbbrev(got), tsAbbrev(want)))
		}
	}
	for field, want := range w.addrs {
		if got, err := netip.ParseAddr(row[field]); err != nil || got != want {
			bad = append(bad, fmt.Sprintf("%s: tshark %q, segment %v", field, row[field], want))
		}
	}
	for _, e := range w.experts {
		if !strings.Contains(row["_ws.expert.message"], e) {
			bad = append(bad, fmt.Sprintf("_ws.expert.message: tshark %q lacks %q", row["_ws.expert.message"], e))
		}
	}
	slices.Sort(bad)
	return bad
}

// tsAbbrev shortens long hex strings in messages.
func tsAbbrev(s string) string {
	if len(s) > 80 {
		return s[:80] + "..." + strconv.Itoa(len(s)/2) + " bytes"
	}
	return s
}

// tsStats counts the frames of a file by what the comparison did with them.
type tsStats struct {
	files, frames, compared, nonTCP, badSum int
	snapCut, shortFrame, rejected           int // subsets: see tsCut and tsRejected
}

func (s *tsStats) add(o tsStats) {
	s.files += o.files
	s.frames += o.frames
	s.compared += o.compared
	s.nonTCP += o.nonTCP
	s.badSum += o.badSum
	s.snapCut += o.snapCut
	s.shortFrame += o.shortFrame
	s.rejected += o.rejected
}

func (s tsStats) String() string {
	return fmt.Sprintf("%d frames, %d TCP frames compared, %d non-TCP skipped, %d bad checksums reported"+
		" (of the compared: %d cut by the snap length, header only; %d shorter than their IP length; plus %d rejected by both decoders)",
		s.frames, s.compared, s.nonTCP, s.badSum, s.snapCut, s.shortFrame, s.rejected)
}

// TestTsharkDifferential compares segment with tshark on every frame of the
// real captures; run with -v for the per-file counts.
func TestTsharkDifferential(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not on PATH (install Debian's tshark package to run the Wireshark differential)")
	}
	dir := diffCorpusDir(t)
	var total tsStats
	for _, path := range diffCorpusFiles(t, dir) {
		st := tsFile(t, tshark, path)
		t.Logf("%s: %v", filepath.Base(path), st)
		total.add(st)
	}
	t.Logf("TOTAL over %d files: %v", total.files, total)
	if total.compared == 0 {
		t.Errorf("no TCP frame compared")
	}
}

// tsFile compares the frames of one capture file.
func tsFile(t *testing.T, tshark, path string) tsStats {
	name := filepath.Base(path)
	rows := tsDissect(t, tshark, path)
	st := tsStats{files: 1}
	r, err := capture.Open(path)
	if err != nil {
		t.Errorf("%v", err)
		return st
	}
	defer r.Close()
	for {
		f, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%v", err)
			if f.Number == 0 {
				break
			}
			continue
		}
		row, ok := rows[f.Number]
		if !ok {
			t.Errorf("%s frame %d: tshark printed no line for it", name, f.Number)
			continue
		}
		delete(rows, f.Number)
		st.frames++
		tsFrame(t, name, f, row, &st)
	}
	if len(rows) != 0 {
		t.Errorf("%s: tshark dissected %d frames that capture did not read", name, len(rows))
	}
	return st
}

// tsFrame compares one frame, counting it in st.
func tsFrame(t *testing.T, name string, f capture.Frame, row tsRow, st *tsStats) {
	where := fmt.Sprintf("%s frame %d", name, f.Number)
	if f.NotIP {
		tsNonTCP(t, where, row, "not IP", st)
		return
	}
	var p segment.Packet
	err := p.DecodePadded(f.IP)
	switch {
	case err == nil:
		status := tsStatus(p.ChecksumOK())
		tsReport(t, where, row, tsExpect(&p.TCP, &p.IP, len(p.TCP.Payload), status))
		st.compared++
		if status == 0 {
			st.badSum++
			t.Logf("%s: bad TCP checksum 0x%04x, reported by tshark (status 0) and segment (ChecksumOK false): typically checksum offload on the capturing host, or a trace rewritten without fixing checksums", where, p.TCP.Checksum)
		}
	case diffIPLengthPastEnd(err):
		tsCut(t, where, f, row, err.(*segment.Error), st)
	case diffIsCode(err, segment.ErrNotTCP) || (tsIPLevel(err) && !row.hasTCP()):
		tsNonTCP(t, where, row, err.Error(), st)
	default:
		tsRejected(t, where, row, err, nil, p.IP.HeaderLen, f.IP[p.IP.HeaderLen:][:p.IP.PayloadLen], st)
	}
}

// tsStatus maps a checksum verdict to tshark's tcp.checksum.status.
func tsStatus(ok bool) int {
	if ok {
		return 1
	}
	return 0
}

// tsIPLevel reports whether err is about the IP header rather than TCP.
func tsIPLevel(err error) bool {
	e, ok := err.(*segment.Error)
	return ok && e.Code >= segment.ErrIPShort
}

// tsReport fails the test with every field tshark and segment disagree on.
func tsReport(t *testing.T, where string, row tsRow, w tsWant) {
	for _, d := range tsCompare(row, w) {
		t.Errorf("%s: %s", where, d)
	}
}

// tsNonTCP counts a frame segment does not decode as TCP; tshark must not
// have dissected TCP in it either.
func tsNonTCP(t *testing.T, where string, row tsRow, why string, st *tsStats) {
	st.nonTCP++
	if row.hasTCP() {
		t.Errorf("%s: tshark dissects TCP (ports %s > %s) in a frame segment skips as non-TCP: %s", where, row["tcp.srcport"], row["tcp.dstport"], why)
	}
}

// tsCut handles a frame shorter than its IP length. segment must say so
// precisely: ErrIPLength at the IP length field, with the length tshark read
// there. Then the packet is decoded with its length set to the bytes there
// are, and compared with what tshark makes of it: for a frame the capture
// cut at its snap length, the header only (tshark takes tcp.len from the IP
// length and leaves the checksum unverified); for a frame that was short on
// the wire, everything (tshark dissects the bytes there are as the packet).
func tsCut(t *testing.T, where string, f capture.Frame, row tsRow, e *segment.Error, st *tsStats) {
	field, claimed, at := tsClaimedIPLen(row)
	if e.Offset != at || e.Value != field {
		t.Errorf("%s: segment reports %v; want the IP length field at byte %d holding %d (tshark)", where, e, at, field)
	}
	c := diffClampIPLength(f.IP)
	var q segment.Packet
	if err := q.DecodePadded(c); err != nil {
		tsRejected(t, where, row, e, err, q.IP.HeaderLen, c[min(q.IP.HeaderLen, len(c)):], st)
		return
	}
	var w tsWant
	if f.Truncated() {
		w = tsExpect(&q.TCP, &q.IP, claimed-q.IP.HeaderLen-q.TCP.HeaderLen(), 2)
		st.snapCut++
	} else {
		status := tsStatus(q.ChecksumOK())
		w = tsExpect(&q.TCP, &q.IP, len(q.TCP.Payload), status)
		w.experts = append(w.experts, "length exceeds")
		st.shortFrame++
		if status == 0 {
			st.badSum++
			t.Logf("%s: bad TCP checksum 0x%04x, reported by tshark (status 0) and segment (ChecksumOK false) over the %d bytes the frame has of a %d-byte IP packet", where, q.TCP.Checksum, len(c), claimed)
		}
	}
	tsReport(t, where, row, w)
	st.compared++
}

// tsClaimedIPLen reads, from tshark's row, the IP length field of the
// packet: its value, the total packet length it implies, and the offset of
// the field, which is where segment reports ErrIPLength with the field's
// value: IPv4 total length (byte 2), or IPv6 payload length (byte 4), which
// excludes the 40-byte fixed header.
func tsClaimedIPLen(row tsRow) (field, total, offset int) {
	if v, err := strconv.Atoi(row["ip.len"]); err == nil {
		return v, v, 2
	}
	if v, err := strconv.Atoi(row["ipv6.plen"]); err == nil {
		return v, v + segment.IPv6HeaderLen, 4
	}
	return -1, -1, -1
}

// tsRejected handles a frame segment rejects although tshark saw TCP in it:
// tshark must have flagged it (short or malformed) without dissecting a TCP
// header, and segment's error must be a TCP header error pointing into the
// TCP bytes, which start at byte ipLen of the packet. cutErr is the error of
// the decode of the bytes there are, for a frame shorter than its IP length
// (err is then ErrIPLength). The ports, which tshark may still show, must
// agree with the bytes.
func tsRejected(t *testing.T, where string, row tsRow, err, cutErr error, ipLen int, tcp []byte, st *tsStats) {
	st.rejected++
	tcpErr := err
	if cutErr != nil {
		tcpErr = cutErr
	}
	e, ok := tcpErr.(*segment.Error)
	if !ok || tsIPLevel(e) || e.Offset < ipLen || e.Offset > ipLen+len(tcp) {
		t.Errorf("%s: segment rejects the frame with %v, not a TCP header error within the %d TCP bytes at byte %d; tshark dissects TCP", where, tcpErr, len(tcp), ipLen)
		return
	}
	if row["tcp.hdr_len"] != "" || !row.flaggedBroken() {
		t.Errorf("%s: segment rejects the TCP header (%v) but tshark dissects it (hdr_len %q) without flagging the frame short or malformed", where, e, row["tcp.hdr_len"])
		return
	}
	if len(tcp) >= 4 {
		want := tsWant{nums: map[string][]uint64{"tcp.srcport": {tsBE16(tcp)}, "tcp.dstport": {tsBE16(tcp[2:])}}}
		tsReport(t, where, row, want)
	}
	why := err.Error()
	if cutErr != nil {
		why += "; decoding the bytes there are: " + cutErr.Error()
	}
	t.Logf("%s: rejected by both: segment: %s; tshark: short %q, malformed %q, no TCP field but the ports %q > %q",
		where, why, row["_ws.short"], row["_ws.malformed"], row["tcp.srcport"], row["tcp.dstport"])
}

func tsBE16(b []byte) uint64 { return uint64(b[0])<<8 | uint64(b[1]) }
