#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script: every target of fuzz.All as a
# libFuzzer binary named after its native target (FuzzOpenWorld, ...),
# built by OSS-Fuzz's compile_native_go_fuzzer from its harness LibFuzzX in
# fuzz/gofuzz_libfuzzer.go (go-118-fuzz-build, then $CXX $CXXFLAGS
# $LIB_FUZZING_ENGINE). A target's regression seeds
# (fuzz/testdata/fuzz/FuzzX) become its seed corpus, in the argument
# framing of those binaries (cmd/rawcorpus -frame go118).
#
# tools/fuzz/cfl-check.sh runs this script outside Docker with stand-ins
# for the image's environment and compile_native_go_fuzzer.

cd "$SRC/tcpcheck"

if [[ "${SANITIZER:-address}" == coverage ]]; then
	# Coverage builds compile the package's test binary and run the
	# harness as a native target; the LibFuzzX harnesses are not native
	# targets (they live outside the test files), so there is none.
	echo "build.sh: coverage builds are not supported (see docs/fuzzing.md)" >&2
	exit 1
fi

# go.mod already requires go-118-fuzz-build's testing shim (tools.go pins
# it), so the harnesses build without go get.
go mod download

harnesses=$(sed -n 's/^func LibFuzz\([A-Za-z0-9]*\)(f \*testing\.F).*/\1/p' fuzz/gofuzz_libfuzzer.go)
if [[ -z "$harnesses" ]]; then
	echo "build.sh: no LibFuzzX harness in fuzz/gofuzz_libfuzzer.go" >&2
	exit 1
fi

go build -o "$WORK/rawcorpus" ./cmd/rawcorpus
for x in $harnesses; do
	[[ "$x" == Empty ]] && continue # the engine's baseline: nothing to find
	compile_native_go_fuzzer tcpcheck/fuzz "LibFuzz$x" "Fuzz$x"
	# compile_native_go_fuzzer only prints a line when it finds no harness.
	if [[ ! -x "$OUT/Fuzz$x" ]]; then
		echo "build.sh: $OUT/Fuzz$x was not built" >&2
		exit 1
	fi
	seeds="$WORK/seeds/Fuzz$x"
	rm -rf "$seeds" "$OUT/Fuzz${x}_seed_corpus.zip"
	if [[ -d "fuzz/testdata/fuzz/Fuzz$x" ]]; then
		"$WORK/rawcorpus" to-raw -frame go118 "fuzz/testdata/fuzz/Fuzz$x" "$seeds"
		if [[ -n "$(ls -A "$seeds")" ]]; then
			(cd "$seeds" && zip -q "$OUT/Fuzz${x}_seed_corpus.zip" ./*)
		fi
	fi
done
