package fuzz

import "testing"

// FuzzParse: Parse (the parser never panics; parse(print(s)) == s). Seeds
// are every construct of the language and the corpus scripts' text.
func FuzzParse(f *testing.F) {
	for _, seed := range parseSeeds {
		f.Add([]byte(seed))
	}
	addCorpus(f, "FuzzParse")
	f.Fuzz(check(Parse))
}

// FuzzRun: Run (any script that parses runs against the endpoint without
// a panic).
func FuzzRun(f *testing.F) {
	addCorpus(f, "FuzzRun")
	f.Fuzz(check(Run))
}

// parseSeeds cover every construct of the script language, beside the
// corpus scripts, which use only what the endpoint runs.
var parseSeeds = []string{
	"--ip_version=ipv4\n--tolerance_usecs=75000\n--mss=1460\n--mtu=1500\n--foo=bar\n--verbose\n",
	"0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n",
	"+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n",
	"+0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)\n+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n",
	"+0 > S 0:0(0) win 65535 <mss 1440,nop,wscale 6,sackOK,TS val 100 ecr 0>\n",
	"+.1 < S. 0:0(0) ack 1 win 32767 urg 0 <mss 1440,sackOK,eol,eol>\n* > SEW 0:0(0) <...>\n",
	"+0 < . 1:1(0) ack 1 win 257 <sack 1:2 3:4,FO abcd,exp 0xf989 1,md5 x>\n+0 < P. 1:11(10) ack 1 win 1 <>\n",
	"0.0~0.2 > R 1:1(0) win 0\n+0~+0.5 > F. 1:1(0) ack 1\n1.00...6.00 read(3, ..., 1) = -1 ETIMEDOUT (Timed out)\n+0...0.1 close(3) = 0\n",
	"+ 0.00 `sysctl -w net.inet.tcp.rfc1323=1`\n+0 %{ assert tcpi_state == TCPI_ESTABLISHED }%\n",
	"+0 `sockstat -46 | grep 3 | grep ESTABLISHED`\n+0 %{\nprint(1)\n# comment\n}%\n",
	"// comment\n/* block\ncomment */\n// tcpcheck: expect-state ESTABLISHED\n+0 close(3) = 0 // trailing\n",
	"#ifdef STANDARD\n+0 close(3) = 0\n#else\n+0 close(4) = 0\n#endif\n#ifndef X\n#ifdef Y\n#endif\n#endif\n",
	"+0 > S 0:0(0) win 65535 <mss 1440\n", "#else\n", "+0 f(a, (b, c), [d]) = 0\n",
}
