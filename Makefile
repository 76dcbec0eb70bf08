# tcpcheck: make test | make fuzz | make bench | make lint
GO        ?= go
FUZZTIME  ?= 15s
FUZZMINIMIZE ?= 200x
BENCHTIME ?= 1s
COUNT     ?= 6
PKGS      := ./...

# Fuzz targets as package:Target, one `go test -fuzz` invocation each
# (anchored patterns: go test fuzzes one target per package per run, and
# -fuzz is a regex). make fuzz (cmd/campaign) runs them in this order.
FUZZ_TARGETS := ./fuzz:FuzzSegmentDecode ./fuzz:FuzzSegmentRoundTrip ./fuzz:FuzzChecksum \
	./fuzz:FuzzIPDecode ./capture:FuzzNewReader ./fuzz:FuzzParse ./fuzz:FuzzRun \
	./fuzz:FuzzOpenWorld ./fuzz:FuzzOpenWorldRapid ./fuzz:FuzzClosedWorld ./fuzz:FuzzClosedWorldRapid \
	./fuzz:FuzzEmpty

.PHONY: all test test-short fuzz bench lint fmt clean

all: lint test

## test: vet, then every test (the tshark differential runs when tshark is installed)
test: lint
	$(GO) test -count=1 $(PKGS)

## test-short: tests without the slow property counts
test-short:
	$(GO) test -short -count=1 $(PKGS)

## fuzz: the campaign (cmd/campaign): every target in turn for FUZZTIME each,
## with progress and a summary; findings become scripts in corpus/regressions
## (shrunk when cmd/shrink exists); then the state-coverage report, also
## written to fuzz-out/coverage.dot (.svg and .png with Graphviz).
## TARGETS=FuzzOpenWorld (or pkg:FuzzX, space-separated) runs a subset;
## FUZZMINIMIZE is each new input's minimizing budget (go test -fuzzminimizetime).
TARGETS ?=
fuzz: bin/campaign
	@bin/campaign -targets '$(FUZZ_TARGETS)' -only '$(TARGETS)' -fuzztime=$(FUZZTIME) -minimize=$(FUZZMINIMIZE)

## coverage: the state-coverage report of the stored corpora, without fuzzing
## (SVG and PNG need Graphviz: sudo apt-get install graphviz)
coverage: bin/campaign
	@bin/campaign -coverage-only -targets '$(FUZZ_TARGETS)'
	@command -v dot >/dev/null || echo "coverage: for fuzz-out/coverage.svg and .png install Graphviz: sudo apt-get install graphviz"

.PHONY: coverage bin/campaign
bin/campaign:
	@$(GO) build -o bin/campaign ./cmd/campaign

## Scale-out fuzzing (docs/fuzzing.md, "Scale-out and nightly"): the
## targets of fuzz.All as libFuzzer binaries and go-fuzz entry points, and
## the ClusterFuzzLite build; everything lands in scaleout/ (not in git).
## TARGETS=FuzzX... picks targets here too.
LIBFUZZER_TIME ?= 10
LIBFUZZER_FORK ?= 2
GOFUZZ_TIME    ?= 20
GOFUZZ_MODE    ?= native
SMOKETIME      ?= 10000x
.PHONY: libfuzzer gofuzz cfl-check workflow-check fuzz-smoke

## libfuzzer: build each target with go-118-fuzz-build and clang, run each
## LIBFUZZER_TIME seconds with -fork=LIBFUZZER_FORK (0: one process)
libfuzzer:
	@GO=$(GO) LIBFUZZER_TIME=$(LIBFUZZER_TIME) LIBFUZZER_FORK=$(LIBFUZZER_FORK) tools/fuzz/libfuzzer.sh $(TARGETS)

## gofuzz: build the go-fuzz entry points (GOFUZZ_MODE=native: go-fuzz;
## libfuzzer: go-fuzz-build -libfuzzer and clang), run each GOFUZZ_TIME seconds
gofuzz:
	@GO=$(GO) GOFUZZ_TIME=$(GOFUZZ_TIME) GOFUZZ_MODE=$(GOFUZZ_MODE) tools/fuzz/gofuzz.sh $(TARGETS)

## cfl-check: run .clusterfuzzlite/build.sh outside Docker, then every binary it built
cfl-check:
	@GO=$(GO) tools/fuzz/cfl-check.sh

## workflow-check: .github/workflows/nightly-fuzz.yml parses and has its steps
workflow-check:
	@python3 tools/fuzz/check-workflow.py

## fuzz-smoke: every target for SMOKETIME (CI): make fuzz when cmd/campaign
## exists, else one go test -fuzz per target. A count (Nx), not a duration:
## with a duration go1.26's fuzzer may fail a clean run with "context
## deadline exceeded" as time runs out (golang/go#75804).
fuzz-smoke:
	@if [ -d cmd/campaign ]; then \
		$(MAKE) --no-print-directory fuzz FUZZTIME=$(SMOKETIME) TARGETS=; \
	else \
		set -e; for pt in $(FUZZ_TARGETS); do \
			pkg=$${pt%%:*}; t=$${pt##*:}; echo "== $$pkg $$t ($(SMOKETIME))"; \
			$(GO) test $$pkg -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(SMOKETIME); \
		done; \
	fi

## bench: codec and endpoint benchmarks, COUNT runs (benchstat-ready: benchstat bench.txt)
bench:
	$(GO) test ./segment ./fsm ./properties ./closedworld -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) -count=$(COUNT) | tee bench.txt

## properties-long: the model-based and open-world property tests, deep
## (RAPID_CHECKS cases for rapid, 20000 for gopter)
RAPID_CHECKS ?= 20000
.PHONY: properties-long
properties-long:
	$(GO) test ./properties -count=1 -run='Model|OpenWorld|Mutants' -rapid.checks=$(RAPID_CHECKS) -properties.deep -timeout=60m -v | grep -E '^(=== RUN|--- |ok|FAIL|PASS)|passed|Falsified|failed|cells'

## conformance: run the FreeBSD packetdrill suite against fsm; the failures
## listed in docs/conformance-expected.txt are expected (see docs/conformance.md)
CONFORMANCE_DIR ?= ../shared/conformance/freebsd-tcp-testsuite
.PHONY: conformance
conformance:
	@if [ -d "$(CONFORMANCE_DIR)" ]; then \
		$(GO) run ./cmd/tcpcheck run -expect docs/conformance-expected.txt $(CONFORMANCE_DIR); \
	else \
		echo "conformance: $(CONFORMANCE_DIR) absent, skipped"; \
	fi

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

fmt:
	gofmt -w .

clean:
	rm -f bench.txt
	$(GO) clean -testcache

## corpus: regenerate the seed scripts in corpus/seeds (cmd/corpusgen;
## deterministic: go test ./corpus checks the committed files equal its output)
.PHONY: corpus
corpus:
	$(GO) run ./cmd/corpusgen -dir corpus/seeds
