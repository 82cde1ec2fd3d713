#!/usr/bin/env bash
# `make bench`: EdgeBlocker's benchmarks.
#   1. the BenchmarkDotNet suite of this project (micro-benchmarks: parsing, screening, ...);
#   2. the sipp screening ladder against EdgeBlocker AND Kamailio in the same sitting (ladder/ladder.sh), with the
#      same generated data as the Kamailio reference (../shared/bench/kamailio: its scenarios and generators are
#      copied in ladder/, its kamailio.cfg is used from there by path);
#   3. one table, figure | EdgeBlocker | Kamailio | ratio (EdgeBlocker / Kamailio), on stdout and in
#      bench-work/results.md (per-step details under it; raw sipp output in bench-work/run/steps/).
#
# Pinning (PIN=1, the default; PIN=0 runs everything unpinned). The machine has 2 cores and on the 607 path sipp
# costs about as much CPU as the proxy, so unpinned the ceiling is "the box", not the proxy, and the scheduler's
# placement of proxy and generator differs from run to run. Pinned:
#   - the proxy under test runs on CPU $PROXY_CPU (1): it is started under `taskset -c 1`, so Kamailio's main process
#     and every worker it forks, and every thread of the .NET process, inherit the mask; after READY each process of
#     the tree is also set with `taskset -a -p -c 1` (all threads). Both proxies therefore get exactly one core,
#     whatever their process/thread model (Kamailio: 4 UDP workers + timers; .NET sees ProcessorCount = 1).
#   - the load generators run on CPU $LOAD_CPU (0): the sipp UAC of each step, the sipp UAS, latency.py and probe.py.
#   - both proxies stay resident during the ladders on different ports, pinned to the same CPU; the idle one's CPU
#     is shown per step (idle_proxy_cpu%, normally 0-1 %).
# Other jobs on the machine are not pinned away; the load average is recorded in results.md. Read the ratio.
#
# Knobs (environment):
#   QUICK=1            ~3-5 minute smoke run: RATES_BLOCKED="2000 5000" RATES_MIX="1000 2000" DUR=5 LAT_DUR=5,
#                      RSS_10M=0, STEADY_RATES=5000 for 5 and 10 s, BenchmarkDotNet with --job Dry (each benchmark once)
#   SKIP_BDN=1         skip BenchmarkDotNet;  BENCH_FILTER='*' its --filter;  BDN_ARGS extra BenchmarkDotNet arguments
#   SKIP_LADDER=1      skip the sipp ladder
#   RATES_BLOCKED      CPS ladder, 100 % blocked callers       (5000 10000 20000 25000 30000 35000)
#   RATES_MIX          CPS ladder, 50/50 blocked/clean callers (2000 4000 6000 8000 10000)
#   DUR=20             seconds per ladder step (sipp -m rate*DUR)
#   LAT_RATE=200 LAT_DUR=20   latency.py rate and seconds (after a 2 s warm-up that is discarded)
#   ROUNDS=1           rounds of the whole thing; round 2 starts EdgeBlocker first, round 1 Kamailio first; every
#                      ladder step alternates the order too (A B, B A, ...)
#   PIN=1              see above; PROXY_CPU=1 LOAD_CPU=0
#   RSS_10M=1          also start each proxy alone with a 10M-number list: READY time and memory (KAM_10M=0: only
#                      EdgeBlocker; KAM_10M_MEM Kamailio's -m/-M for it)
#   STEADY=1           EdgeBlocker's bytes per blocked call once warm: for each of STEADY_RATES ("5000 20000") blocked
#                      calls a second, two fresh starts, STEADY_SHORT (10) and STEADY_LONG (40) s; the longer run's extra
#                      bytes on the SIP receive threads per extra call (the whole-run figure includes the working sets'
#                      growth: live transactions up to the rate times T4, and above what the writer keeps up with, its
#                      queue of records)
#   STOP_AFTER_FAILS=2 a proxy skips the rest of a ladder after this many failed steps in a row
#   RETRY_STALLED=1    a step that failed while sipp's own overload watchdog fired (the generator was starved, e.g. by
#                      other jobs on CPU 0) is run once more; both runs are in the details
#   SETTLE=3           seconds between steps
#   WORK=bench-work    generated data (kept between runs), build snapshot, logs, results.md (git-ignored)
#   SKIP_INSTALL=1     never apt-get (otherwise missing kamailio/kamailio-sqlite-modules/sip-tester are installed)
#   EB_BIN=path        use this edgeblocker binary instead of publishing a snapshot of src/
#   KAMAILIO=0         EdgeBlocker only;  KAM_DIR the reference harness (../shared/bench/kamailio)
#   EB_PORT=15070 UAS_PORT=15080 UAC_PORT=15060  (not 5060/5080: `make run` and integration tests use those here;
#                      Kamailio listens on 5070, fixed by the reference cfg; all on 127.0.0.1)
#
# Full run (≈ 15-20 min; on a quiet machine):   make bench
# Smoke run:                                     QUICK=1 make bench        (or QUICK=1 SKIP_BDN=1 ...)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
cd "$REPO"

export QUICK=${QUICK:-0}
export WORK=${WORK:-$REPO/bench-work}
mkdir -p "$WORK"
status=0

# Each stage runs as a background job we wait for, so a TERM/INT to this script reaches the stage at once (the ladder
# then stops every process it started; BenchmarkDotNet runs under `timeout`, which passes the signal to its group).
CHILD=""
stop_child() { if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; fi; }
trap 'stop_child; exit 130' INT
trap 'stop_child; exit 143' TERM
stage() { "$@" & CHILD=$!; local rc=0; wait "$CHILD" || rc=$?; CHILD=""; return $rc; }

if [ "${SKIP_BDN:-0}" != 1 ]; then
  filter=${BENCH_FILTER:-'*'}
  extra=()
  [ "$QUICK" = 1 ] && extra=(--job Dry)
  # shellcheck disable=SC2206
  [ -n "${BDN_ARGS:-}" ] && extra+=(${BDN_ARGS})
  echo "=== BenchmarkDotNet: --filter '$filter' --join ${extra[*]:-} (artifacts in $WORK/bdn)"
  mkdir -p "$WORK/bdn"
  bdn_rc=0
  # timeout outermost: a TERM to it reaches its whole process group (bash, dotnet, the benchmark processes, tee)
  stage timeout "${BDN_TIMEOUT:-5400}" bash -c 'set -o pipefail; "$@" 2>&1 | tee "$WORK/bdn/bdn.log"' bdn \
    dotnet run -c Release --project tests/EdgeBlocker.Benchmarks -- \
      --filter "$filter" --join --artifacts "$WORK/bdn" "${extra[@]}" </dev/null || bdn_rc=$?
  if [ $bdn_rc -ne 0 ]; then
    echo "BenchmarkDotNet FAILED (exit $bdn_rc; log $WORK/bdn/bdn.log); continuing with the ladder" >&2
    status=1
  elif grep -q "Benchmarks with issues" "$WORK/bdn/bdn.log"; then
    # BenchmarkDotNet exits 0 even when a benchmark throws; say so (the exception is in the log)
    echo "BenchmarkDotNet: some benchmarks have issues (NA results; see $WORK/bdn/bdn.log):" >&2
    sed -n '/Benchmarks with issues/,/^$/p' "$WORK/bdn/bdn.log" >&2
    status=1
  fi
fi

if [ "${SKIP_LADDER:-0}" != 1 ]; then
  echo "=== sipp ladder: EdgeBlocker vs Kamailio"
  stage bash "$HERE/ladder/ladder.sh" || status=$?
  if [ "${SKIP_BDN:-0}" != 1 ] && [ -f "$WORK/results.md" ]; then
    # append the BenchmarkDotNet summary (the joined GitHub-markdown report) to results.md
    report=$(ls -t "$WORK"/bdn/results/*-report-github.md 2>/dev/null | head -1 || true)
    if [ -n "$report" ]; then
      { echo; echo "## BenchmarkDotNet ($(basename "$report"))"; echo; cat "$report"; } >>"$WORK/results.md"
    fi
  fi
fi
exit $status
