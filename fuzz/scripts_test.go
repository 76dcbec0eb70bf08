package fuzz

import "testing"

// FuzzParse: Parse (the parser never panics; parse(print(s)) == s). Seeds
// are the corpus scripts' text.
func FuzzParse(f *testing.F) {
	f.Add([]byte("+0 > S 0:0(0) win 65535 <mss 1440\n"))
	f.Add([]byte("#ifdef STANDARD\n+0 close(3) = 0\n#else\n"))
	addCorpus(f, "FuzzParse")
	f.Fuzz(check(Parse))
}

// FuzzRun: Run (any script that parses runs against the endpoint without
// a panic).
func FuzzRun(f *testing.F) {
	addCorpus(f, "FuzzRun")
	f.Fuzz(check(Run))
}
