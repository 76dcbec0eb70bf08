#!/usr/bin/env bash
# make libfuzzer: builds every target of fuzz.All (and FuzzEmpty, the
# engine's baseline) as a libFuzzer binary with go-118-fuzz-build and
# clang, then runs each for LIBFUZZER_TIME seconds with
# -fork=LIBFUZZER_FORK (0: in one process), seeded from its native
# corpora.
#
#	tools/fuzz/libfuzzer.sh [FuzzX...]
#
# Under $SCALEOUT/libfuzzer: bin/FuzzX (the binaries), corpus/FuzzX (raw
# inputs, kept between runs), crashers/FuzzX, findings/FuzzX (crashers as
# native corpus files), log/FuzzX.{build,run}. Exit status 1 when a build
# failed or a run crashed, 2 on bad usage or a missing tool.
. "$(dirname "$0")/common.sh"

LIBFUZZER_TIME=${LIBFUZZER_TIME:-10}
LIBFUZZER_FORK=${LIBFUZZER_FORK:-$(nproc)}
CC=${CC:-clang}
OUT=$SCALEOUT/libfuzzer

command -v "$CC" >/dev/null || die "$CC not found (sudo apt-get install -y clang)"
list=$(pick_targets "$(lib_targets)" "$@")
mapfile -t targets <<<"$list"

# build T: go-118-fuzz-build turns harness LibFuzzX into a C archive, clang
# links it with libFuzzer.
build() {
	local t=$1 src=$SNAPSHOTS/src
	snapshot "$src"
	(cd "$src" && "$TOOLS/go-118-fuzz-build" -tags gofuzz -func "LibFuzz${t#Fuzz}" -o "$OUT/obj/$t.a" ./fuzz) &&
		"$CC" -fsanitize=fuzzer "$OUT/obj/$t.a" -o "$OUT/bin/$t"
}

main() {
	install_tools
	build_rawcorpus
	# The go118 framing of the converter must match the shim the binaries use.
	(cd "$ROOT" && "$GO" test -count=1 -tags fuzzshim -run Shim ./cmd/rawcorpus >/dev/null) ||
		die "cmd/rawcorpus disagrees with go-118-fuzz-build's testing shim (go test -tags fuzzshim ./cmd/rawcorpus)"
	mkdir -p "$OUT/obj" "$OUT/bin" "$OUT/log"
	local t failed=0 start
	echo "$PROG: ${#targets[@]} targets, ${LIBFUZZER_TIME}s each, -fork=$LIBFUZZER_FORK"
	for t in "${targets[@]}"; do
		start=$SECONDS
		if ! build "$t" >"$OUT/log/$t.build" 2>&1; then
			echo "$t: build failed ($OUT/log/$t.build):"
			tail -n 5 "$OUT/log/$t.build" | sed 's/^/    /'
			failed=1
			continue
		fi
		echo "$t: built in $((SECONDS - start))s"
		seed_corpus "$t" "$OUT/corpus/$t" go118
		if ! run_libfuzzer "$t" "$OUT/bin/$t" "$OUT/corpus/$t" "$OUT/crashers/$t" "$OUT/log/$t.run"; then
			findings_to_native "$t" "$OUT/crashers/$t" "$OUT/findings/$t" go118
			failed=1
		fi
	done
	return "$failed"
}

mkdir -p "$SCALEOUT"
main | tee "$SCALEOUT/libfuzzer.txt"
exit "${PIPESTATUS[0]}"
