package script

import (
	"strconv"

	"tcpcheck/segment"
	"tcpcheck/seq"
)

// packet parses "< flags start:end(len) [ack N] [win N] [urg N] [<options>]".
func (p *parser) packet() (Event, error) {
	pk := &Packet{Dir: Direction(p.src[p.off])}
	p.off++
	if err := p.flags(pk); err != nil {
		return nil, err
	}
	if err := p.seqRange(pk); err != nil {
		return nil, err
	}
	if err := p.fields(pk); err != nil {
		return nil, err
	}
	if err := p.skipSpace(); err != nil || p.peek() != '<' {
		return pk, err
	}
	return pk, p.optionList(pk)
}

// flags parses the flag letters, each at most once.
func (p *parser) flags(pk *Packet) error {
	if err := p.skipSpace(); err != nil {
		return err
	}
	start := p.off
	for ; p.off < len(p.src); p.off++ {
		f := flagOf(p.src[p.off])
		if f == 0 {
			break
		}
		if pk.Flags&f != 0 {
			return p.fail(p.off, "a flag letter not given before")
		}
		pk.Flags |= f
	}
	if p.off == start {
		return p.fail(p.off, "TCP flags (S . F R P U E W)")
	}
	return nil
}

// seqRange parses "start:end(len)" and checks that len is end-start.
func (p *parser) seqRange(pk *Packet) error {
	start, err := p.uint("sequence number", 1<<32-1)
	if err != nil {
		return err
	}
	if err := p.expect(":"); err != nil {
		return err
	}
	end, err := p.uint("sequence number", 1<<32-1)
	if err != nil {
		return err
	}
	if err := p.expect("("); err != nil {
		return err
	}
	if err := p.skipSpace(); err != nil {
		return err
	}
	lenAt := p.off
	n, err := p.uint("length", 1<<32-1)
	if err != nil {
		return err
	}
	if want := uint32(end - start); uint32(n) != want {
		return p.fail(lenAt, "length end-start = "+strconv.FormatUint(uint64(want), 10))
	}
	pk.Seq, pk.Len = seq.Num(start), seq.Size(n)
	return p.expect(")")
}

// fields parses the optional "ack N", "win N" and "urg N", in that order.
func (p *parser) fields(pk *Packet) error {
	var err error
	var v uint64
	if pk.HasAck, err = p.keyword("ack"); err != nil || pk.HasAck {
		if v, err = p.uint("acknowledgment number", 1<<32-1); err != nil {
			return err
		}
		pk.Ack = seq.Num(v)
	}
	if pk.HasWin, err = p.keyword("win"); err != nil || pk.HasWin {
		if v, err = p.uint("window", 1<<16-1); err != nil {
			return err
		}
		pk.Win = uint16(v)
	}
	if pk.HasUrg, err = p.keyword("urg"); err != nil || pk.HasUrg {
		if v, err = p.uint("urgent pointer", 1<<16-1); err != nil {
			return err
		}
		pk.Urg = uint16(v)
	}
	return nil
}

// optionList parses "<...>", "<>" or "<opt,opt,...>" at the cursor.
func (p *parser) optionList(pk *Packet) error {
	p.off++
	if err := p.skipSpace(); err != nil {
		return err
	}
	if p.has("...") {
		p.off += 3
		pk.OptForm = OptAny
		return p.expect(">")
	}
	pk.OptForm = OptList
	if p.has(">") {
		p.off++
		return nil
	}
	for {
		opt, err := p.tcpOption()
		if err != nil {
			return err
		}
		pk.Options = append(pk.Options, opt)
		if err := p.skipSpace(); err != nil {
			return err
		}
		if p.has(">") {
			p.off++
			return nil
		}
		if !p.has(",") {
			return p.fail(p.off, "',' or '>'")
		}
		p.off++
	}
}

// tcpOption parses one option of a list.
func (p *parser) tcpOption() (TCPOption, error) {
	if err := p.skipSpace(); err != nil {
		return TCPOption{}, err
	}
	at := p.off
	name := p.ident()
	if kind, ok := typedKinds[name]; ok {
		return p.typedOption(kind)
	}
	if kind, ok := opaqueKinds[name]; ok {
		args, err := p.opaqueArgs()
		return TCPOption{Kind: kind, Name: name, Args: args}, err
	}
	p.off = at
	return TCPOption{}, p.fail(at, "TCP option (mss, nop, eol, wscale, sackOK, sack, TS, FO, FOEXP, exp, md5, ao, mptcp)")
}

// typedOption parses the arguments of an option with a typed form.
func (p *parser) typedOption(kind segment.OptionKind) (TCPOption, error) {
	opt := TCPOption{Kind: kind}
	var v uint64
	var err error
	switch kind {
	case segment.KindMSS:
		v, err = p.uint("MSS", 1<<16-1)
	case segment.KindWScale:
		v, err = p.uint("window scale shift", 255)
	case segment.KindTimestamps:
		err = p.timestamps(&opt)
	case segment.KindSACK:
		opt.SACK, err = p.sackBlocks()
	}
	opt.Value = uint32(v)
	return opt, err
}

// timestamps parses "val N ecr N".
func (p *parser) timestamps(opt *TCPOption) error {
	for _, f := range []struct {
		kw  string
		dst *uint32
	}{{"val", &opt.TSVal}, {"ecr", &opt.TSEcr}} {
		if ok, err := p.keyword(f.kw); err != nil || !ok {
			if err == nil {
				err = p.fail(p.off, strconv.Quote(f.kw))
			}
			return err
		}
		v, err := p.uint("timestamp", 1<<32-1)
		if err != nil {
			return err
		}
		*f.dst = uint32(v)
	}
	return nil
}

// sackBlocks parses zero or more "left:right" blocks.
func (p *parser) sackBlocks() ([]segment.SACKBlock, error) {
	var blocks []segment.SACKBlock
	for {
		if err := p.skipSpace(); err != nil || !isDigit(p.peek()) {
			return blocks, err
		}
		l, err := p.uint("SACK block edge", 1<<32-1)
		if err != nil {
			return nil, err
		}
		if err := p.expect(":"); err != nil {
			return nil, err
		}
		r, err := p.uint("SACK block edge", 1<<32-1)
		if err != nil {
			return nil, err
		}
		blocks = append(blocks, segment.SACKBlock{Left: seq.Num(l), Right: seq.Num(r)})
	}
}

// opaqueArgs parses the words after an opaque option's name, up to ',' or
// '>'.
func (p *parser) opaqueArgs() ([]string, error) {
	var args []string
	for {
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		w := p.span(isArgByte)
		if w == "" {
			return args, nil
		}
		args = append(args, w)
	}
}

// isArgByte reports whether c may appear in an opaque option's argument.
func isArgByte(c byte) bool {
	return isWord(c) || c == '.' || c == ':' || c == '-'
}
