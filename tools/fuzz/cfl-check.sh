#!/usr/bin/env bash
# Checks .clusterfuzzlite/ without Docker: lays out the files as the
# Dockerfile does (the repository in $SRC/tcpcheck, build.sh in $SRC; SRC is
# a temporary directory), runs
# build.sh with stand-ins for the image's environment (CC=clang,
# CXX=clang++, LIB_FUZZING_ENGINE=-fsanitize=fuzzer, SANITIZER=address)
# and for compile_native_go_fuzzer (tools/fuzz/cfl/), then runs every
# binary it built on its seed corpus and CFL_RUNS generated inputs.
#
#	tools/fuzz/cfl-check.sh
#
# OUT and WORK are $SCALEOUT/cfl/out and work. Exit status 1 when the
# build or a binary fails.
. "$(dirname "$0")/common.sh"

CFL=$SCALEOUT/cfl
CFL_RUNS=${CFL_RUNS:-2000}

check_files() {
	grep -qx 'language: go' "$ROOT/.clusterfuzzlite/project.yaml" || die "project.yaml: want language: go"
	grep -q '^FROM gcr.io/oss-fuzz-base/base-builder-go' "$ROOT/.clusterfuzzlite/Dockerfile" ||
		die "Dockerfile: want FROM gcr.io/oss-fuzz-base/base-builder-go"
	grep -q '^COPY \. \$SRC/tcpcheck$' "$ROOT/.clusterfuzzlite/Dockerfile" || die "Dockerfile: want COPY . \$SRC/tcpcheck"
	grep -q '^COPY \.clusterfuzzlite/build.sh \$SRC/$' "$ROOT/.clusterfuzzlite/Dockerfile" ||
		die "Dockerfile: want COPY .clusterfuzzlite/build.sh \$SRC/"
}

build() {
	local src=$SNAPSHOTS/src
	rm -rf "$CFL"
	mkdir -p "$CFL/out" "$CFL/work"
	snapshot "$src/tcpcheck"
	cp "$ROOT/.clusterfuzzlite/build.sh" "$src/build.sh"
	(cd "$src/tcpcheck" && env SRC="$src" OUT="$CFL/out" WORK="$CFL/work" \
		CC=clang CXX=clang++ CFLAGS= CXXFLAGS= LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
		SANITIZER=address FUZZING_ENGINE=libfuzzer FUZZING_LANGUAGE=go ARCHITECTURE=x86_64 \
		PATH="$ROOT/tools/fuzz/cfl:$TOOLS:$PATH" "$src/build.sh")
}

# run_binaries runs each binary on its seed corpus, then on CFL_RUNS
# generated inputs.
run_binaries() {
	local bin name seeds n_seeds n=0 failed=0
	for bin in "$CFL/out"/Fuzz*; do
		[[ -x "$bin" && "$bin" != *.zip ]] || continue
		name=$(basename "$bin")
		seeds=$CFL/work/run/$name
		mkdir -p "$seeds"
		if [[ -f "$CFL/out/${name}_seed_corpus.zip" ]]; then
			unzip -q -o "$CFL/out/${name}_seed_corpus.zip" -d "$seeds"
		fi
		n_seeds=$(find "$seeds" -maxdepth 1 -type f | wc -l)
		if "$bin" -runs="$CFL_RUNS" "$seeds" >"$CFL/work/$name.log" 2>&1; then
			printf '%-22s ok: %s seeds, %s\n' "$name" "$n_seeds" \
				"$(grep -m1 -o 'Done [0-9]* runs in [0-9]* second(s)' "$CFL/work/$name.log")"
		else
			echo "$name: FAILED ($CFL/work/$name.log)"
			failed=1
		fi
		n=$((n + 1))
	done
	[[ "$n" -gt 0 ]] || die "build.sh built no binaries"
	echo "$PROG: $n binaries in $CFL/out"
	return "$failed"
}

check_files
install_tools
start=$SECONDS
build
echo "$PROG: build.sh done in $((SECONDS - start))s"
run_binaries
