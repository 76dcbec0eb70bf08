package record

import (
	"tcpcheck/script"
	"tcpcheck/segment"
	"tcpcheck/seq"
)

// scriptOptions converts options to script form, SACK blocks relative to
// iss; padding after End of Option List is dropped from '<' lines (the
// runner pads again) and kept in '>' lines, as the runner prints them.
func scriptOptions(o *segment.Options, iss seq.Num, inbound bool) (script.OptForm, []script.TCPOption) {
	var out []script.TCPOption
	for opt, next := o.Next(0); next >= 0; opt, next = o.Next(next) {
		if opt.Kind == segment.KindEOL {
			out = appendEOL(out, opt.Data, inbound)
			continue
		}
		out = append(out, scriptOption(o, opt, iss))
	}
	if len(out) == 0 {
		return script.OptNone, nil
	}
	return script.OptList, out
}

// appendEOL writes End of Option List and the zero bytes after it as eol
// entries, up to the first non-zero byte; none at all in '<' lines whose
// padding is all zero.
func appendEOL(out []script.TCPOption, pad []byte, inbound bool) []script.TCPOption {
	t := script.TCPOption{Kind: segment.KindEOL}
	if inbound && allZero(pad) {
		return out
	}
	out = append(out, t)
	for _, b := range pad {
		if b != 0 {
			break
		}
		out = append(out, t)
	}
	return out
}

// scriptOption converts one option other than EOL.
func scriptOption(o *segment.Options, opt segment.Option, iss seq.Num) script.TCPOption {
	t := script.TCPOption{Kind: opt.Kind}
	switch opt.Kind {
	case segment.KindMSS:
		v, _ := o.MSS()
		t.Value = uint32(v)
	case segment.KindWScale:
		v, _ := o.WScaleRaw()
		t.Value = uint32(v)
	case segment.KindTimestamps:
		t.TSVal, t.TSEcr, _ = o.Timestamps()
	case segment.KindSACK:
		for _, b := range o.SACK() {
			t.SACK = append(t.SACK, segment.SACKBlock{Left: b.Left - iss, Right: b.Right - iss})
		}
	case segment.KindNOP, segment.KindSACKPermitted:
	default:
		t.Name = opt.Kind.String()
	}
	return t
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
