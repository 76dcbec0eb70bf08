#!/usr/bin/env bash
# make gofuzz: builds the go-fuzz entry points of fuzz/gofuzz.go (FuzzRawX,
# one per target of fuzz.All, and FuzzRawEmpty) with go-fuzz-build and runs
# each for GOFUZZ_TIME seconds, seeded from its native corpora.
#
#	tools/fuzz/gofuzz.sh [FuzzX...]
#
# GOFUZZ_MODE=native (default): one go-fuzz-build of every entry point,
# run by go-fuzz with GOFUZZ_PROCS workers; under $SCALEOUT/gofuzz/FuzzX
# go-fuzz's workdir (corpus, crashers, suppressions).
# GOFUZZ_MODE=libfuzzer: go-fuzz-build -libfuzzer per target, linked by
# clang and run like make libfuzzer (-fork=GOFUZZ_PROCS); under
# $SCALEOUT/gofuzz-libfuzzer as for make libfuzzer.
# Inputs are the targets' raw bytes (cmd/rawcorpus -frame raw). Exit status
# 1 when a build failed or a run found a crasher, 2 on bad usage.
. "$(dirname "$0")/common.sh"

GOFUZZ_TIME=${GOFUZZ_TIME:-20}
GOFUZZ_PROCS=${GOFUZZ_PROCS:-$(nproc)}
GOFUZZ_MODE=${GOFUZZ_MODE:-native}
CC=${CC:-clang}

list=$(pick_targets "$(raw_targets)" "$@")
mapfile -t targets <<<"$list"
case $GOFUZZ_MODE in
native) OUT=$SCALEOUT/gofuzz ;;
libfuzzer)
	OUT=$SCALEOUT/gofuzz-libfuzzer
	command -v "$CC" >/dev/null || die "$CC not found (sudo apt-get install -y clang)"
	;;
*) die "GOFUZZ_MODE=$GOFUZZ_MODE: want native or libfuzzer" ;;
esac

# run_gofuzz T ZIP runs go-fuzz on entry point FuzzRawX and prints one
# result line; it returns 1 when go-fuzz found a new crasher.
run_gofuzz() {
	local t=$1 zip=$2 work=$OUT/$1 log=$OUT/log/$1.run before stats old new
	seed_corpus "$t" "$work/corpus" raw
	before=$(find "$work/corpus" -type f | wc -l)
	old=$(find "$work/crashers" -type f ! -name '*.*' 2>/dev/null | wc -l)
	# go-fuzz runs until interrupted; SIGINT makes it save and exit.
	timeout --preserve-status -s INT "$GOFUZZ_TIME" "$TOOLS/go-fuzz" -bin "$zip" -func "FuzzRaw${t#Fuzz}" \
		-workdir "$work" -procs "$GOFUZZ_PROCS" >"$log" 2>&1 || true
	stats=$(gofuzz_stats "$log")
	new=$(($(find "$work/crashers" -type f ! -name '*.*' 2>/dev/null | wc -l) - old))
	printf '%-22s %s (%s procs), corpus %s -> %s, new crashers %s\n' "$t" "$stats" "$GOFUZZ_PROCS" \
		"$before" "$(find "$work/corpus" -type f | wc -l)" "$new"
	[ "$new" -eq 0 ]
}

# gofuzz_stats LOG reads go-fuzz's status lines (every 3s: "execs: N
# (R/sec), ... uptime: 1m3s"). go-fuzz first triages the corpus without
# counting executions, so the rate is taken from the first line with
# executions to the last.
gofuzz_stats() {
	sed -n 's/.*execs: \([0-9]*\) .*uptime: \([0-9]*m\)\{0,1\}\([0-9]*\)s$/\1 \2 \3/p' "$1" |
		awk '{ t = $NF; if (NF == 3) { sub("m", "", $2); t += 60 * $2 }
			if ($1 > 0 && !n++) { e0 = $1; t0 = t } e = $1; up = t }
			END { if (!n) { printf "%9d execs in %3ds (still triaging the corpus)", 0, up; exit }
				r = (up > t0) ? int((e - e0) / (up - t0)) : "?"
				printf "%9d execs in %3ds = %7s execs/s after %ds of triage", e, up, r, t0 }'
}

# crash_inputs T DIR copies the inputs among go-fuzz's crasher files (not
# their .output and .quoted companions) into DIR.
crash_inputs() {
	mkdir -p "$2"
	find "$OUT/$1/crashers" -type f ! -name '*.*' -exec cp {} "$2" \;
}

native() {
	local t failed=0 start=$SECONDS
	snapshot "$SNAPSHOTS/src"
	(cd "$SNAPSHOTS/src" && "$TOOLS/go-fuzz-build" -o "$OUT/tcpcheck-fuzz.zip" ./fuzz) >"$OUT/log/build" 2>&1 ||
		{ tail -n 5 "$OUT/log/build"; return 1; }
	echo "go-fuzz-build: every entry point in $((SECONDS - start))s"
	for t in "${targets[@]}"; do
		if ! run_gofuzz "$t" "$OUT/tcpcheck-fuzz.zip"; then
			crash_inputs "$t" "$OUT/$t/crash-inputs"
			findings_to_native "$t" "$OUT/$t/crash-inputs" "$OUT/findings/$t" raw
			failed=1
		fi
	done
	return "$failed"
}

libfuzzer() {
	local t failed=0 start
	LIBFUZZER_TIME=$GOFUZZ_TIME LIBFUZZER_FORK=$GOFUZZ_PROCS
	mkdir -p "$OUT/obj" "$OUT/bin"
	for t in "${targets[@]}"; do
		start=$SECONDS
		snapshot "$SNAPSHOTS/src"
		if ! { (cd "$SNAPSHOTS/src" && "$TOOLS/go-fuzz-build" -libfuzzer -func "FuzzRaw${t#Fuzz}" -o "$OUT/obj/$t.a" ./fuzz) &&
			"$CC" -fsanitize=fuzzer "$OUT/obj/$t.a" -o "$OUT/bin/$t"; } >"$OUT/log/$t.build" 2>&1; then
			echo "$t: build failed ($OUT/log/$t.build)"
			failed=1
			continue
		fi
		echo "$t: built in $((SECONDS - start))s"
		seed_corpus "$t" "$OUT/corpus/$t" raw
		if ! run_libfuzzer "$t" "$OUT/bin/$t" "$OUT/corpus/$t" "$OUT/crashers/$t" "$OUT/log/$t.run"; then
			findings_to_native "$t" "$OUT/crashers/$t" "$OUT/findings/$t" raw
			failed=1
		fi
	done
	return "$failed"
}

main() {
	install_tools
	build_rawcorpus
	# The entry points list exactly fuzz.All and behave (gofuzz-tagged tests).
	(cd "$ROOT" && "$GO" test -count=1 -tags gofuzz -run 'GoFuzz|EntryPoints' ./fuzz >/dev/null) ||
		die "the go-fuzz entry points fail their tests (go test -tags gofuzz -run GoFuzz ./fuzz)"
	mkdir -p "$OUT/log"
	echo "$PROG: ${#targets[@]} targets, ${GOFUZZ_TIME}s each, mode $GOFUZZ_MODE"
	"$GOFUZZ_MODE"
}

mkdir -p "$SCALEOUT"
main | tee "$SCALEOUT/gofuzz-$GOFUZZ_MODE.txt"
exit "${PIPESTATUS[0]}"
