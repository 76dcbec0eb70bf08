# tcpcheck: make test | make fuzz | make bench | make lint
GO        ?= go
FUZZTIME  ?= 30s
BENCHTIME ?= 1s
COUNT     ?= 6
PKGS      := ./...

# Codec fuzz targets, one `go test -fuzz` invocation each (anchored patterns:
# go test fuzzes one target per package per run, and -fuzz is a regex).
CODEC_TARGETS := FuzzSegmentDecode FuzzSegmentRoundTrip FuzzChecksum FuzzIPDecode

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
	@set -e; for t in $(CODEC_TARGETS); do \
		echo "== $$t ($(FUZZTIME))"; \
		$(GO) test ./fuzz -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(FUZZTIME); \
	done

## bench: codec benchmarks next to gopacket's, COUNT runs (benchstat-ready)
bench:
	$(GO) test ./segment -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) -count=$(COUNT) | tee bench.txt

## lint: gofmt and go vet
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

fmt:
	gofmt -w .

clean:
	rm -f bench.txt
	$(GO) clean -testcache
