# Connect: the two commands are `make run` (seeded server on :3000) and `make test`.
SWIFT ?= swift
CONNECT_DEBUG := .build/debug/connect
CONNECT_RELEASE := .build/release/connect
## The dev stack's command (PostgreSQL and both Redis on loopback), not part of the server binary.
DEV_DEBUG := .build/debug/connect-dev
DEV_RELEASE := .build/release/connect-dev

.PHONY: run test deps python-tools build release up down bench load fuzz clean

## Many machines start shells with a soft limit of 1,024 open files; the parallel tests (servers,
## pools and load clients in one process) and a loaded server need more. Raised, never lowered.
RAISE_FILE_LIMIT := [ "$$(ulimit -n)" = unlimited ] || [ "$$(ulimit -n)" -ge 65536 ] || ulimit -n 65536 2>/dev/null || ulimit -n "$$(ulimit -Hn)"

## Dev stack up, migrated and seeded, then the release server on 127.0.0.1:3000.
run: release
	$(DEV_RELEASE) up
	$(RAISE_FILE_LIMIT); exec $(CONNECT_RELEASE) serve --worker

## Suites that run whole programs (servers, load runs, a browser, kustomize and the schema
## validator): a second pass, so their load does not starve the timing-sensitive unit tests on two cores.
PROCESS_SUITES := ObservabilityTests|ShippedScenarioTests|BrowserTests|ScaleOutTests|MultiHostTests|KubernetesManifestTests|ConnectLoadCommandTests|HardenedServerTests|WorkerLeaseTests|SchemathesisTests

## Everything installed and started as needed, then every test.
test: deps python-tools
	$(SWIFT) build --build-tests
	bash scripts/fuzz.sh --quick
	$(DEV_DEBUG) up
	$(RAISE_FILE_LIMIT); echo "open-file limit: $$(ulimit -n)"; $(SWIFT) test --skip '$(PROCESS_SUITES)'
	$(RAISE_FILE_LIMIT); $(SWIFT) test --filter '$(PROCESS_SUITES)'

deps:
	bash scripts/install-deps.sh

## The Python tools the tests check the API with (openapi-spec-validator, the anthropic SDK), in .build/python-tools.
python-tools:
	bash scripts/python-tools.sh >/dev/null

build: deps
	$(SWIFT) build

## One --product per call: swift build keeps only the last one.
release: deps
	$(SWIFT) build -c release --product connect-dev
	$(SWIFT) build -c release --product connect

up: build
	$(DEV_DEBUG) up

down:
	@if [ -x $(DEV_RELEASE) ]; then $(DEV_RELEASE) down; elif [ -x $(DEV_DEBUG) ]; then $(DEV_DEBUG) down; fi

## Benchmarks recorded in docs/BENCHMARKS.md (needs wrk and nginx-light); the Phase 2 scenarios at full length take ~45 min.
bench: release
	bash scripts/install-deps.sh wrk nginx-light
	$(SWIFT) build -c release --product connect-load
	bash scripts/bench-health.sh
	bash scripts/bench-api.sh
	bash scripts/bench-harness.sh
	bash scripts/bench-tls.sh
	bash scripts/bench-scenarios.sh

## One load scenario against its own server and llm-sim: make load SCENARIO=ai-load ARGS="--scale 0.1".
SCENARIO ?= smoke
load:
	bash scripts/load.sh $(SCENARIO) $(ARGS)

## Coverage-guided fuzzing of the hand-written parsers, FUZZ_SECONDS (300) per target; a finding
## is kept in Fuzz/regressions/ and replayed by make test.
fuzz: deps
	bash scripts/fuzz.sh

clean:
	rm -rf .build .build-fuzz
