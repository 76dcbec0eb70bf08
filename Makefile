# tcpcheck: make test | make fuzz | make bench | make lint
GO        ?= go
FUZZTIME  ?= 30s
BENCHTIME ?= 1s
COUNT     ?= 6
PKGS      := ./...

# Fuzz targets as package:Target, one `go test -fuzz` invocation each
# (anchored patterns: go test fuzzes one target per package per run, and
# -fuzz is a regex).
FUZZ_TARGETS := ./fuzz:FuzzSegmentDecode ./fuzz:FuzzSegmentRoundTrip ./fuzz:FuzzChecksum \
	./fuzz:FuzzIPDecode ./capture:FuzzNewReader ./script:FuzzParse ./runner:FuzzRun

.PHONY: all test test-short fuzz bench lint fmt clean

all: lint test

## test: vet, then every test (the tshark differential runs when tshark is installed)
test: lint
	$(GO) test -count=1 $(PKGS)

## test-short: tests without the slow property counts
test-short:
	$(GO) test -short -count=1 $(PKGS)

## fuzz: fuzz every target in turn for FUZZTIME each (default 30s)
fuzz:
	@set -e; for pt in $(FUZZ_TARGETS); do \
		pkg=$${pt%%:*}; t=$${pt##*:}; \
		echo "== $$pkg $$t ($(FUZZTIME))"; \
		$(GO) test $$pkg -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(FUZZTIME); \
	done

## bench: codec and endpoint benchmarks, COUNT runs (benchstat-ready: benchstat bench.txt)
bench:
	$(GO) test ./segment ./fsm ./properties -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) -count=$(COUNT) | tee bench.txt

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
