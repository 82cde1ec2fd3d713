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

.PHONY: all build deps run test test-inputs soak bench fuzz clean publish deb

# Extra apt needs of a target (tests/tools/install-deps.sh NEED...); `make test` adds those of the packaging tests.
NEEDS ?=
VERSION := $(shell sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/EdgeBlocker/EdgeBlocker.csproj)
PUBLISH := artifacts/publish
# What a published build is made of: a change to any of these publishes again; nothing changed, nothing to do.
HOST_SOURCES := $(shell find src -type f -not -path '*/bin/*' -not -path '*/obj/*') Directory.Build.props Directory.Packages.props
PACKAGING_SOURCES := $(shell find packaging -type f)

all: build

build:
	dotnet build $(SLN) -c $(CONFIG)

deps:
	tests/tools/install-deps.sh $(NEEDS)

# Development defaults come from the settings shipped with the host (appsettings.Development.json: a demo list).
# Extra settings: make run ARGS="--EdgeBlocker:Sip:Mode=redirect"
# Exit 75 is the web page's "restart now": started again, as systemd does on the appliance.
run: deps
	@while :; do DOTNET_ENVIRONMENT=Development dotnet run -c $(CONFIG) --project src/EdgeBlocker -- --EdgeBlocker:Sip:Port=$(PORT) $(ARGS); \
	    status=$$?; [ $$status -eq 75 ] || exit $$status; echo "edgeblocker: restarting to apply saved settings"; done

# The last line sums the TRX counters of every test project: "tests: N passed, N failed" (errors count as failed);
# each failed test is named just above it ("failed: Namespace.Class.Method"), so the end of the log says what broke.
# The browser tests drive Debian's Chromium (Playwright never downloads a browser here). The packaging tests run the
# linux-arm64 build under qemu and install the .deb into a Debian root, from what `test-inputs` made. The clock-jump
# test runs the service under libfaketime.
test: NEEDS += chromium qemu deb faketime
test: deps test-inputs
	rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@echo "dotnet test $(SLN) -c $(CONFIG) (results in $(RESULTS)/)"
	@status=0; \
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 dotnet test $(SLN) -c $(CONFIG) \
	    --logger "console;verbosity=minimal" --logger trx --results-directory $(RESULTS) \
	    --blame-hang-timeout $(HANG_TIMEOUT) --blame-hang-dump-type none \
	    2>&1 | tee $(RESULTS)/dotnet-test.log || status=$$?; \
	cat $$(find $(RESULTS) -name '*.trx') /dev/null | awk ' \
	    match($$0, /<UnitTestResult [^>]*outcome="(Failed|Error|Timeout|Aborted)"/) { r = substr($$0, RSTART, RLENGTH); \
	        if (match(r, / testName="[^"]*"/)) printf "failed: %s\n", substr(r, RSTART + 11, RLENGTH - 12); } \
	    match($$0, /<Counters [^>]*>/) { c = substr($$0, RSTART, RLENGTH); \
	        if (match(c, / passed="[0-9]+"/)) p += substr(c, RSTART + 9, RLENGTH - 10); \
	        if (match(c, / failed="[0-9]+"/)) f += substr(c, RSTART + 9, RLENGTH - 10); \
	        if (match(c, / error="[0-9]+"/)) f += substr(c, RSTART + 8, RLENGTH - 9); } \
	    END { printf "tests: %d passed, %d failed\n", p, f; exit (f > 0) }' || { [ $$status -ne 0 ] || status=1; }; \
	exit $$status

# Self-contained builds for the appliance (linux-arm64) and x86-64 boxes: ReadyToRun for a fast start, not trimmed
# (trimming silently breaks LiteDB's reflection-based mapping). Intermediate files go under artifacts/ too, so a
# publish never disturbs the bin/ and obj/ of `make build`.
publish: $(PUBLISH)/linux-arm64/edgeblocker $(PUBLISH)/linux-x64/edgeblocker

$(PUBLISH)/%/edgeblocker: $(HOST_SOURCES) Makefile
	rm -rf $(PUBLISH)/$*
	dotnet publish src/EdgeBlocker/EdgeBlocker.csproj -c Release -r $* --self-contained \
	    -p:PublishReadyToRun=true -p:PublishTrimmed=false -p:PublishDocumentationFiles=false -p:SatelliteResourceLanguages=en \
	    --artifacts-path artifacts/build/$* -o $(PUBLISH)/$* -v quiet -nologo --disable-build-servers
	touch $@

# edgeblocker_VERSION_arm64.deb and _amd64.deb from packaging/ and the published builds (packaging/build-deb.sh).
deb: artifacts/edgeblocker_$(VERSION)_arm64.deb artifacts/edgeblocker_$(VERSION)_amd64.deb

artifacts/edgeblocker_$(VERSION)_arm64.deb: $(PUBLISH)/linux-arm64/edgeblocker $(PACKAGING_SOURCES)
	packaging/build-deb.sh arm64 $(VERSION) $(PUBLISH)/linux-arm64 $@

artifacts/edgeblocker_$(VERSION)_amd64.deb: $(PUBLISH)/linux-x64/edgeblocker $(PACKAGING_SOURCES)
	packaging/build-deb.sh amd64 $(VERSION) $(PUBLISH)/linux-x64 $@

# What the packaging tests use, made before `dotnet test` so that no single test spends minutes on it (they find it
# all up to date): both builds, both packages, and the cached Debian root with the amd64 package's dependencies.
test-inputs: publish deb
	tests/tools/debian-root.sh --cache "$$(dpkg-deb -f artifacts/edgeblocker_$(VERSION)_amd64.deb Depends | tr ',' '\n' | sed -E 's/^ *([^ |]+).*/\1/' | grep -v '^$$' | paste -sd,),systemd"

# A long run at a steady rate through the published build of this machine's architecture (SOAK_HOST): SOAK_SECONDS
# (default 1800) at SOAK_RATE calls a second, half blocked, half relayed. The default rate is half what the 50/50
# ladder of `make bench` sustains on a 2-core machine (8,000). `make test` runs the same test for 90 s at 100 calls a
# second, through the solution's build. Samples (memory, handles, record queue) land in artifacts/test-results/soak.csv.
# The UDP buffer limits are raised to what the package sets on the appliance (packaging/60-edgeblocker.conf), never
# lowered: with the kernel's ~200 KB, sipp itself loses datagrams at this rate.
SOAK_SECONDS ?= 1800
SOAK_RATE ?= 4000
HOST_RID := linux-$(shell uname -m | sed -e 's/^x86_64$$/x64/' -e 's/^aarch64$$/arm64/')
soak: deps $(PUBLISH)/$(HOST_RID)/edgeblocker
	@for key in net.core.rmem_max net.core.wmem_max; do \
	    [ "$$(sysctl -n $$key)" -ge 4194304 ] || sysctl -q -w $$key=4194304 || echo "soak: cannot raise $$key (not root?)" >&2; done
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 SOAK_SECONDS=$(SOAK_SECONDS) SOAK_RATE=$(SOAK_RATE) SOAK_HOST=$(CURDIR)/$(PUBLISH)/$(HOST_RID)/edgeblocker dotnet test tests/EdgeBlocker.Web.Tests -c $(CONFIG) \
	    --filter "FullyQualifiedName~SoakTests" --logger "console;verbosity=detailed"

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
