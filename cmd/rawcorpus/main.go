package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = "usage: rawcorpus to-raw [-frame raw|go118] NATIVE_DIR RAW_DIR | rawcorpus to-native [-frame raw|go118] [-types LIST] RAW_DIR NATIVE_DIR"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "to-raw" && args[0] != "to-native") {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	mode := args[0]
	fs := flag.NewFlagSet("rawcorpus "+mode, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	frameFlag := fs.String("frame", "raw", "raw or go118")
	typesFlag := fs.String("types", "", "argument types for to-native, comma-separated")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 2 || (mode == "to-raw" && *typesFlag != "") {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	f, err := parseFrame(*frameFlag)
	if err != nil {
		fmt.Fprintln(stderr, "rawcorpus:", err)
		return 2
	}
	src, dst := fs.Arg(0), fs.Arg(1)
	var t tally
	if mode == "to-raw" {
		t, err = toRaw(src, dst, f, stderr)
	} else {
		t, err = convertToNative(src, dst, f, *typesFlag, stderr)
	}
	return report(mode, src, dst, t, err, stdout, stderr)
}

// convertToNative settles the argument types, then converts.
func convertToNative(src, dst string, f frame, types string, notes io.Writer) (tally, error) {
	ks := []kind{kBytes}
	switch {
	case types != "":
		var err error
		if ks, err = parseTypes(types); err != nil {
			return tally{}, &inputError{err}
		}
	default:
		found, ok, err := dirKinds(dst)
		if err != nil {
			return tally{}, &inputError{err}
		}
		if ok {
			ks = found
		} else if f == frameGo118 {
			return tally{}, &inputError{errors.New("-frame go118 needs -types (no native file in " + dst + " to take them from)")}
		}
	}
	return toNative(src, dst, f, ks, notes)
}

func report(mode, src, dst string, t tally, err error, stdout, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintln(stderr, "rawcorpus:", err)
		var in *inputError
		if errors.As(err, &in) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stdout, "rawcorpus %s: %d inputs in %s: %d written to %s, %d already there, %d skipped\n",
		mode, t.inputs, src, t.written, dst, t.present, t.skipped)
	return 0
}
