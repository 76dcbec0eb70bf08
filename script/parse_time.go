package script

// time parses an event time: "*", "t", "+t", "t~t", "+t~+t", "t...t",
// "+t...t". Blanks may follow '+'.
func (p *parser) time() (Time, error) {
	if p.peek() == '*' {
		p.off++
		return Time{Kind: AnyTime}, nil
	}
	t := Time{Kind: Absolute}
	var err error
	if t.Kind, t.Usecs, err = p.timePoint(Absolute); err != nil {
		return t, err
	}
	if err := p.skipSpace(); err != nil {
		return t, err
	}
	switch {
	case p.has("~"):
		p.off++
		t.Range = true
	case p.has("..."):
		p.off += 3
		t.Blocking = true
	default:
		return t, nil
	}
	end, usecs, err := p.timePoint(Absolute)
	t.EndRel, t.EndUsecs = end == Relative, usecs
	return t, err
}

// timePoint parses an optionally '+'-prefixed number of seconds after
// optional blanks; kind is Relative when it has the '+'.
func (p *parser) timePoint(kind TimeKind) (TimeKind, int64, error) {
	if err := p.skipSpace(); err != nil {
		return kind, 0, err
	}
	if p.peek() == '+' {
		p.off++
		kind = Relative
		if err := p.skipSpace(); err != nil {
			return kind, 0, err
		}
	}
	usecs, err := p.seconds()
	return kind, usecs, err
}

// seconds parses "12", "0.25" or ".5" as microseconds; digits past the
// sixth after the point are dropped.
func (p *parser) seconds() (int64, error) {
	start := p.off
	whole := p.span(isDigit)
	var frac string
	if p.peek() == '.' && p.off+1 < len(p.src) && isDigit(p.src[p.off+1]) {
		p.off++
		frac = p.span(isDigit)
	}
	if whole == "" && frac == "" || len(whole) > maxTimeDigits {
		p.off = start
		return 0, p.fail(start, "time in seconds")
	}
	var usecs int64
	for _, c := range whole {
		usecs = usecs*10 + int64(c-'0')
	}
	for i := range 6 {
		usecs *= 10
		if i < len(frac) {
			usecs += int64(frac[i] - '0')
		}
	}
	return usecs, nil
}
