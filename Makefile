# EdgeBlocker: build, run, test.  `make run` starts the appliance on this machine with development defaults;
# `make test` runs every test project (unit and integration) and ends with a line "tests: N passed, N failed".

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

CONFIG ?= Release
SLN := EdgeBlocker.sln
PORT ?= 5060
ARGS ?=
RESULTS ?= artifacts/test-results
# A hung test host is killed (and reported) after this long, so `make test` always ends.
HANG_TIMEOUT ?= 10m

.PHONY: all build deps run test bench fuzz clean

all: build

build:
	dotnet build $(SLN) -c $(CONFIG)

deps:
	tests/tools/install-deps.sh

# Development defaults come from the settings shipped with the host (appsettings.Development.json: a demo list).
# Extra settings: make run ARGS="--EdgeBlocker:Sip:Mode=redirect"
run: deps
	DOTNET_ENVIRONMENT=Development dotnet run -c $(CONFIG) --project src/EdgeBlocker -- --EdgeBlocker:Sip:Port=$(PORT) $(ARGS)

# The last line sums the TRX counters of every test project: "tests: N passed, N failed" (errors count as failed).
test: deps
	rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@echo "dotnet test $(SLN) -c $(CONFIG) (results in $(RESULTS)/)"
	@status=0; \
	dotnet test $(SLN) -c $(CONFIG) \
	    --logger "console;verbosity=minimal" --logger trx --results-directory $(RESULTS) \
	    --blame-hang-timeout $(HANG_TIMEOUT) --blame-hang-dump-type none \
	    2>&1 | tee $(RESULTS)/dotnet-test.log || status=$$?; \
	cat $$(find $(RESULTS) -name '*.trx') /dev/null | awk ' \
	    match($$0, /<Counters [^>]*>/) { c = substr($$0, RSTART, RLENGTH); \
	        if (match(c, / passed="[0-9]+"/)) p += substr(c, RSTART + 9, RLENGTH - 10); \
	        if (match(c, / failed="[0-9]+"/)) f += substr(c, RSTART + 9, RLENGTH - 10); \
	        if (match(c, / error="[0-9]+"/)) f += substr(c, RSTART + 8, RLENGTH - 9); } \
	    END { printf "tests: %d passed, %d failed\n", p, f; exit (f > 0) }' || { [ $$status -ne 0 ] || status=1; }; \
	exit $$status

bench: deps
	tests/EdgeBlocker.Benchmarks/run-bench.sh

# Coverage-guided fuzzing (SharpFuzz + afl-fuzz), one target after another; not part of `make test`.
# make fuzz FUZZ_SECONDS=60 FUZZ_TARGETS="sip-datagram feed"
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= sip-datagram sip-stream feed number
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" tests/EdgeBlocker.Fuzz/run-fuzz.sh

clean:
	dotnet clean $(SLN) -c $(CONFIG) -v quiet
	rm -rf $(RESULTS) artifacts
	find src tests -type d \( -name bin -o -name obj -o -name TestResults \) -prune -exec rm -rf {} +
