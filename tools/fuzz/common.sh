# Shared by the scale-out fuzzing scripts of tools/fuzz (sourced, not run).
# Everything they write goes under $SCALEOUT (default scaleout/, ignored
# by git); the tools they build go to bin/.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GO=${GO:-go}
SCALEOUT=${SCALEOUT:-$ROOT/scaleout}
TOOLS=$ROOT/bin
RAWCORPUS=$SCALEOUT/bin/rawcorpus
PROG=$(basename "$0" .sh)
# Copies of the tree live outside it, where gofmt -l . and go vet ./...
# do not look, and go away with the script.
SNAPSHOTS=$(mktemp -d "${TMPDIR:-/tmp}/tcpcheck-scaleout.XXXXXX")
trap 'rm -rf "$SNAPSHOTS"' EXIT

die() {
	echo "$PROG: $*" >&2
	exit 2
}

# check_pins fails unless tools/fuzz/go.mod pins the versions of go.mod:
# the tools built from the first link go-fuzz-dep and the testing shim of
# the second.
check_pins() {
	local m a b
	for m in github.com/AdamKorcz/go-118-fuzz-build github.com/dvyukov/go-fuzz; do
		a=$(cd "$ROOT" && "$GO" list -m -f '{{.Version}}' "$m")
		b=$(cd "$ROOT/tools/fuzz" && "$GO" list -m -f '{{.Version}}' "$m")
		[ "$a" = "$b" ] || die "$m: go.mod pins $a, tools/fuzz/go.mod $b; make them equal"
	done
}

# install_tools builds go-118-fuzz-build, go-fuzz-build and go-fuzz into
# bin/ from the tools/fuzz module, unless bin/ has them from the same
# go.sum.
install_tools() {
	check_pins
	local stamp
	stamp=$TOOLS/.fuzztools-$(sha256sum "$ROOT/tools/fuzz/go.sum" | cut -c1-16)
	if [ -f "$stamp" ] && [ -x "$TOOLS/go-118-fuzz-build" ] && [ -x "$TOOLS/go-fuzz-build" ] && [ -x "$TOOLS/go-fuzz" ]; then
		return 0
	fi
	echo "$PROG: building the fuzz tools into bin/"
	(cd "$ROOT/tools/fuzz" && GOBIN=$TOOLS "$GO" install github.com/AdamKorcz/go-118-fuzz-build \
		github.com/dvyukov/go-fuzz/go-fuzz github.com/dvyukov/go-fuzz/go-fuzz-build)
	rm -f "$TOOLS"/.fuzztools-*
	touch "$stamp"
}

# build_rawcorpus builds the corpus converter.
build_rawcorpus() {
	(cd "$ROOT" && "$GO" build -o "$RAWCORPUS" ./cmd/rawcorpus)
}

# snapshot DIR replaces DIR (under $SNAPSHOTS) with a copy of the module
# tree. The builders run in such a copy: go-118-fuzz-build moves the
# harness file aside while it works (and leaves it so when a build fails),
# and a copy also keeps a build on the same sources while others edit the
# tree.
snapshot() {
	rm -rf "$1"
	mkdir -p "$1"
	tar -C "$ROOT" --exclude=./.git --exclude=./bin --exclude=./scaleout --exclude=./fuzz-out -cf - . |
		tar -C "$1" -xf -
}

# lib_targets lists the targets with a go-118-fuzz-build harness
# (fuzz/gofuzz_libfuzzer.go), raw_targets those with a go-fuzz entry point
# (fuzz/gofuzz.go), by their native names.
lib_targets() {
	sed -n 's/^func LibFuzz\([A-Za-z0-9]*\)(f \*testing\.F).*/Fuzz\1/p' "$ROOT/fuzz/gofuzz_libfuzzer.go"
}
raw_targets() {
	sed -n 's/^func FuzzRaw\([A-Za-z0-9]*\)(data \[\]byte) int.*/Fuzz\1/p' "$ROOT/fuzz/gofuzz.go"
}

# pick_targets KNOWN ARGS...: the targets named in ARGS (all of KNOWN when
# none), each checked against KNOWN; one per line.
pick_targets() {
	local known=$1 t
	shift
	if [ $# -eq 0 ]; then
		echo "$known"
		return
	fi
	for t in "$@"; do
		t=${t#./fuzz:} # make's TARGETS may name the package
		grep -qx "$t" <<<"$known" || die "unknown target $t (known: $(tr '\n' ' ' <<<"$known"))"
		echo "$t"
	done
}

# seed_corpus T DIR FRAME converts the native corpora of target T (its
# regressions in fuzz/testdata/fuzz/T and go test's cached corpus) into
# raw inputs in DIR.
seed_corpus() {
	local t=$1 dir=$2 frame=$3 d
	mkdir -p "$dir"
	for d in "$ROOT/fuzz/testdata/fuzz/$t" "$("$GO" env GOCACHE)/fuzz/tcpcheck/fuzz/$t"; do
		if [ -d "$d" ]; then
			"$RAWCORPUS" to-raw -frame "$frame" "$d" "$dir" >/dev/null
		fi
	done
}

# run_libfuzzer T BIN CORPUS CRASHERS LOG runs a libFuzzer binary for
# $LIBFUZZER_TIME seconds, with -fork=$LIBFUZZER_FORK worker processes or,
# when that is 0, in one process; it prints one result line and returns 1
# when the run crashed or left a new artifact (under -fork, a seed that
# fails is written as an artifact without stopping the run).
run_libfuzzer() {
	local t=$1 bin=$2 corpus=$3 crashers=$4 log=$5 rc=0 before old new execs secs
	mkdir -p "$corpus" "$crashers"
	before=$(find "$corpus" -type f | wc -l)
	old=$(find "$crashers" -type f | wc -l)
	"$bin" -fork="$LIBFUZZER_FORK" -max_total_time="$LIBFUZZER_TIME" -artifact_prefix="$crashers/" \
		"$corpus" >"$log" 2>&1 || rc=$?
	new=$(($(find "$crashers" -type f | wc -l) - old))
	if [ "$LIBFUZZER_FORK" -gt 0 ]; then
		# "#EXECS: cov: ... time: SECSs job: ..." every job, across workers
		execs=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 | sed -n 's/^#\([0-9]*\):.* time: \([0-9]*\)s.*/\1 \2/p')
	else
		execs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' "$log")
	fi
	read -r execs secs <<<"${execs:-0 0}"
	printf '%-22s %9s execs in %3ss = %7s execs/s (-fork=%s), corpus %s -> %s, new crashers %s\n' \
		"$t" "$execs" "$secs" "$(rate "$execs" "$secs")" "$LIBFUZZER_FORK" \
		"$before" "$(find "$corpus" -type f | wc -l)" "$new"
	[ "$rc" -eq 0 ] && [ "$new" -eq 0 ]
}

# rate N S is N/S rounded, or "?" for S = 0.
rate() {
	if [ "${2:-0}" -gt 0 ]; then
		echo $(($1 / $2))
	else
		echo "?"
	fi
}

# findings_to_native T CRASHERS OUT FRAME converts the crashers of a run
# back into native corpus files that go test replays.
findings_to_native() {
	local t=$1 crashers=$2 out=$3 frame=$4
	"$RAWCORPUS" to-native -frame "$frame" -types '[]byte' "$crashers" "$out" >/dev/null
	echo "$PROG: $t: crashers in $crashers; as native corpus files in $out:"
	echo "    cp $out/* fuzz/testdata/fuzz/$t/ && go test ./fuzz -run='^$t\$'"
}
