#!/usr/bin/env bash
# EdgeBlocker vs Kamailio: the sipp screening ladder of ../shared/bench/kamailio (same scenarios, same generated
# 1M-number list and caller CSVs), run against both proxies in one sitting so that machine drift hits both.
# Called by ../run-bench.sh (see the knobs and the pinning notes there); can be run on its own too.
#
# Layout of one run:
#   1. data (generated once, kept in $WORK/data): blocklist.txt (1M), callers_{blocked,mix,clean}.csv, blocklist.db
#      (SQLite htable table for Kamailio); with RSS_10M=1 also blocklist_10M.txt / blocklist_10M.db.
#   2. EdgeBlocker binary: a ReadyToRun self-contained publish of a snapshot of src/ ($WORK/build -> $WORK/eb-publish),
#      so concurrent edits and builds in the working tree do not touch it; falls back to a plain Release build of the
#      same snapshot if the publish fails (EB_BIN=path skips building).
#   3. per round (ROUNDS): start both proxies one after the other (READY time, memory), Kamailio on 127.0.0.1:5070 and
#      EdgeBlocker on 127.0.0.1:$EB_PORT, both relaying to one sipp UAS on 127.0.0.1:$UAS_PORT. Both stay resident
#      (the idle one costs ~0 CPU; its CPU is reported per step as idle_proxy_cpu%), which lets every ladder step
#      alternate between them: rate R -> proxy A then B, next rate -> B then A.
#      Then latency.py (warm-up, then the measured run) against each, the 100 % blocked ladder, the 50/50 ladder,
#      memory after load, stop.
#   4. with RSS_10M=1: each proxy alone with the 10M list: READY time and memory only.
#   5. report.py -> $WORK/results.md (+ stdout).
# Every process started here is bounded (timeout wrappers, sipp -m/-timeout) and killed by PID on exit (trap).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  : "${RATES_BLOCKED:=2000 5000}" "${RATES_MIX:=1000 2000}" "${DUR:=5}" "${LAT_DUR:=5}" "${RSS_10M:=0}" "${SETTLE:=2}"
  : "${STEADY_RATES:=5000}" "${STEADY_SHORT:=5}" "${STEADY_LONG:=10}"
fi
WORK=${WORK:-$REPO/bench-work}
mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
DATA=$WORK/data
KAM_DIR=${KAM_DIR:-$REPO/../shared/bench/kamailio}   # the reference harness (kamailio.cfg is used from there, by path)
KAM_CFG=${KAM_CFG:-$KAM_DIR/kamailio.cfg}
DUR=${DUR:-20}
RATES_BLOCKED=${RATES_BLOCKED:-"5000 10000 20000 25000 30000 35000"}
RATES_MIX=${RATES_MIX:-"2000 4000 6000 8000 10000"}
LAT_RATE=${LAT_RATE:-200}
LAT_DUR=${LAT_DUR:-20}
PAUSE_MS=${PAUSE_MS:-100}
ROUNDS=${ROUNDS:-1}
PIN=${PIN:-1}
PROXY_CPU=${PROXY_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
SETTLE=${SETTLE:-3}                    # seconds between steps (the previous step's transactions time out)
STOP_AFTER_FAILS=${STOP_AFTER_FAILS:-2} # a proxy skips the rest of a ladder after this many failed steps in a row
RETRY_STALLED=${RETRY_STALLED:-1}      # a failed step during which sipp itself stalled (its watchdog) is run once more
RSS_10M=${RSS_10M:-1}
STEADY=${STEADY:-1}                    # EdgeBlocker's bytes per blocked call once warm (steady_bytes)
STEADY_RATES=${STEADY_RATES:-"5000 20000"}
STEADY_SHORT=${STEADY_SHORT:-10}
STEADY_LONG=${STEADY_LONG:-40}
KAM_10M=${KAM_10M:-1}                  # with RSS_10M=1: Kamailio with the 10M list too
KAM_10M_MEM=${KAM_10M_MEM:-"-m 6144 -M 8192"}
KAM_WORKERS=${KAM_WORKERS:-4}
KAMAILIO=${KAMAILIO:-1}                # 0: EdgeBlocker only
READY_TIMEOUT=${READY_TIMEOUT:-180}
# Ports: not the usual 5060/5080, which `make run` and the integration tests of other engineers use on this machine.
EB_PORT=${EB_PORT:-15070}
KAM_PORT=5070                          # fixed by the reference kamailio.cfg (listen=)
UAS_PORT=${UAS_PORT:-15080}
UAC_PORT=${UAC_PORT:-15060}
EB_ARGS=${EB_ARGS:-}
# EdgeBlocker runs with the environment its systemd unit gives it (the unit's Environment= lines), as it ships.
mapfile -t EB_ENV < <(sed -n 's/^Environment=//p' "$REPO/packaging/edgeblocker.service")
HZ=$(getconf CLK_TCK)

RUN=$WORK/run
mkdir -p "$RUN" "$DATA"
RES=$WORK/results.md
STEPS=$RUN/steps.tsv; FACTS=$RUN/facts.tsv; META=$RUN/meta.tsv

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- processes, pinning, cleanup
PIN_PROXY=(); PIN_LOAD=()
if [ "$PIN" = 1 ]; then
  if [ "$(nproc --all)" -lt 2 ]; then log "PIN=1 needs 2 CPUs; running unpinned"; PIN=0
  else PIN_PROXY=(taskset -c "$PROXY_CPU"); PIN_LOAD=(taskset -c "$LOAD_CPU"); fi
fi

declare -A WPID=() PIDS=() PORT=([kam]=$KAM_PORT [eb]=$EB_PORT) DEAD=()
UASPID=""; CUR=""
# Upper bound on the life of every proxy/UAS we start (a safety net should this script be SIGKILLed): every step of
# both proxies at its sipp timeout, retried once, plus latency runs and start-ups.
MAXT=$(( ( $(wc -w <<<"$RATES_BLOCKED $RATES_MIX") * (DUR * 3 + 30 + SETTLE) * 4 + 4 * LAT_DUR + 900 ) * ROUNDS ))

descendants() { local c; for c in $(pgrep -P "$1" 2>/dev/null || true); do echo "$c"; descendants "$c"; done; }

stop_pid() { # stop_pid PID...: TERM, wait up to STOP_WAIT (5) s, KILL
  local p n=$(( ${STOP_WAIT:-5} * 10 ))
  for p in "$@"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "$@"; do
    [ -n "$p" ] || continue
    for _ in $(seq $n); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
}

stop_proxy() { # the timeout wrapper and everything below it
  local name=$1 w=${WPID[$1]:-}
  [ -n "$w" ] || return 0
  local all; all="$(descendants "$w" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  STOP_WAIT=30 stop_pid $all "$w"   # Kamailio with 10M entries takes a while to free its memory
  wait "$w" 2>/dev/null || true
  WPID[$name]=""; PIDS[$name]=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$CUR" ] && stop_pid $(descendants "$CUR") "$CUR"
  [ -n "$UASPID" ] && stop_pid $(descendants "$UASPID") "$UASPID"
  stop_proxy eb; stop_proxy kam
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# run a bounded foreground command as a background job, so a signal to this script reaches the trap at once
bounded() { "$@" & CUR=$!; local rc=0; wait "$CUR" || rc=$?; CUR=""; return $rc; }

ticks() { # utime+stime of the given PIDs (clock ticks)
  local s=0 p
  for p in "$@"; do [ -r "/proc/$p/stat" ] && s=$((s + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo $s
}
sip_ticks() { # utime+stime of the SIP receive threads (named sip-*) of the given PIDs (clock ticks)
  local s=0 p t
  for p in "$@"; do
    for t in /proc/"$p"/task/*; do
      case "$(cat "$t/comm" 2>/dev/null)" in sip-*) s=$((s + $(awk '{print $14+$15}' "$t/stat" 2>/dev/null || echo 0))) ;; esac
    done
  done
  echo $s
}
busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
kb_of() { awk -v k="$2:" '$1==k{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
pss_sum() { local p; for p in "$@"; do awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null; done | awk '{s+=$1} END{print s+0}'; }

fact() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$FACTS"; log "$2 $3 = $4"; }
meta() { printf '%s\t%s\n' "$1" "$2" >>"$META"; }

port_free() { ! ss -Hlun "sport = :$1" 2>/dev/null | grep -q .; }

# ---------------------------------------------------------------- install, data, build
install() {
  local need=()
  command -v sipp >/dev/null || need+=(sip-tester)
  if [ "$KAMAILIO" = 1 ]; then
    command -v kamailio >/dev/null || need+=(kamailio)
    compgen -G "/usr/lib/x86_64-linux-gnu/kamailio/modules/db_sqlite.so" >/dev/null || need+=(kamailio-sqlite-modules)
  fi
  [ ${#need[@]} -eq 0 ] && return 0
  [ "${SKIP_INSTALL:-0}" = 1 ] && die "missing ${need[*]} and SKIP_INSTALL=1"
  log "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

generate() {
  if [ ! -s "$DATA/blocklist.txt" ] || [ ! -s "$DATA/callers_mix.csv" ] || [ ! -s "$DATA/callers_blocked.csv" ]; then
    log "generating the 1M list and caller CSVs in $DATA"
    python3 "$HERE/gen_blocklist.py" "$DATA" 1000000 200000 >&2
    rm -f "$DATA/blocklist.db"
  fi
  if [ "$KAMAILIO" = 1 ] && [ ! -s "$DATA/blocklist.db" ]; then
    log "building the SQLite htable table (1M)"
    python3 "$HERE/gen_numbers.py" "$DATA/blocklist.check" 1000000 "$DATA/blocklist.db" >&2
    cmp -s "$DATA/blocklist.check" "$DATA/blocklist.txt" || die "gen_numbers.py and gen_blocklist.py disagree"
    rm -f "$DATA/blocklist.check"
  fi
  if [ "$RSS_10M" = 1 ]; then
    local db=""; [ "$KAMAILIO" = 1 ] && [ "$KAM_10M" = 1 ] && db=$DATA/blocklist_10M.db
    if [ ! -s "$DATA/blocklist_10M.txt" ] || { [ -n "$db" ] && [ ! -s "$db" ]; }; then
      log "generating the 10M list${db:+ and its SQLite table}"
      python3 "$HERE/gen_numbers.py" "$DATA/blocklist_10M.txt" 10000000 $db >&2
    fi
  fi
}

EB_BUILD=""
build_eb() {
  if [ -n "${EB_BIN:-}" ]; then EB_BUILD="given: $EB_BIN"; return; fi
  local b=$WORK/build p
  log "snapshot of src/ -> $b, publishing EdgeBlocker (ReadyToRun, self-contained)"
  mkdir -p "$b/src"
  cp "$REPO/Directory.Build.props" "$REPO/Directory.Packages.props" "$b/"
  [ -f "$REPO/.editorconfig" ] && cp "$REPO/.editorconfig" "$b/"
  [ -f "$REPO/global.json" ] && cp "$REPO/global.json" "$b/"
  for p in $(cd "$REPO/src" && ls -d */ | tr -d /); do
    # keep bin/obj for an incremental build, replace the sources
    if [ -d "$b/src/$p" ]; then find "$b/src/$p" -mindepth 1 -maxdepth 1 ! -name bin ! -name obj -exec rm -rf {} +; fi
    mkdir -p "$b/src/$p"
    tar -C "$REPO/src/$p" --exclude=./bin --exclude=./obj -cf - . | tar -C "$b/src/$p" -xf -
  done
  rm -rf "$WORK/eb-publish"
  if (cd "$b" && timeout 1200 dotnet publish src/EdgeBlocker -c Release -r linux-x64 --self-contained \
        -p:PublishReadyToRun=true -o "$WORK/eb-publish") >"$RUN/publish.log" 2>&1; then
    EB_BIN=$WORK/eb-publish/edgeblocker; EB_BUILD="dotnet publish -c Release -r linux-x64 --self-contained, ReadyToRun (snapshot of src/)"
  else
    log "ReadyToRun publish failed (see $RUN/publish.log); falling back to a Release build of the same snapshot"
    tail -5 "$RUN/publish.log" >&2 || true
    (cd "$b" && timeout 1200 dotnet build src/EdgeBlocker -c Release) >"$RUN/build.log" 2>&1 \
      || { tail -20 "$RUN/build.log" >&2; die "EdgeBlocker does not build"; }
    EB_BIN=$b/src/EdgeBlocker/bin/Release/net10.0/edgeblocker
    EB_BUILD="dotnet build -c Release, framework-dependent, JIT only (ReadyToRun publish FAILED, see run/publish.log)"
  fi
  [ -x "$EB_BIN" ] || die "no EdgeBlocker binary at $EB_BIN"
}

# ---------------------------------------------------------------- proxies
proxy_cmd() { # proxy_cmd NAME SIZE -> the command line (array PCMD)
  local name=$1 size=$2
  if [ "$name" = eb ]; then
    local list=$DATA/blocklist.txt; [ "$size" = 10M ] && list=$DATA/blocklist_10M.txt
    mkdir -p "$RUN/eb-data"
    PCMD=(env "${EB_ENV[@]}" "$EB_BIN"
      --EdgeBlocker:Sip:BindAddress=127.0.0.1 --EdgeBlocker:Sip:Port="$EB_PORT"
      --EdgeBlocker:Sip:Core="udp:127.0.0.1:$UAS_PORT"
      --EdgeBlocker:Screening:BlockedNumbersFile="$list" --EdgeBlocker:Screening:Response=607
      --EdgeBlocker:DataDirectory="$RUN/eb-data" --Logging:LogLevel:Default=Warning
      --Logging:LogLevel:EdgeBlocker.Hosting.SipListener=Information  # its stop line: calls and hot-path bytes
      --Logging:LogLevel:EdgeBlocker.Storage.Calls.CallRecordWriter=Information)  # its stop line: records written, dropped
    # shellcheck disable=SC2206
    if [ -n "$EB_ARGS" ]; then PCMD+=($EB_ARGS); fi
  else
    local db=$DATA/blocklist.db mem="-m 1024 -M 1024"
    [ "$size" = 10M ] && db=$DATA/blocklist_10M.db && mem=$KAM_10M_MEM
    # shellcheck disable=SC2206
    PCMD=(kamailio -f "$KAM_CFG" -A WITH_SQLITE -A "DBURL=\"sqlite://$db\"" -A "WORKERS=$KAM_WORKERS"
      -A "UAS_ADDR=\"sip:127.0.0.1:$UAS_PORT\"" -A "CTL_SOCK=\"unix:$RUN/kamailio_ctl\"" -x tlsf $mem
      -DD -E -P "$RUN/kamailio.pid")
  fi
}

# prime_eb SIZE ROUND: EdgeBlocker keeps its lists in its database. Its first start with a new data directory imports
# the list (timed: first_ready_s); the measured start then finds it stored, as Kamailio finds its prepared SQLite table.
# A fresh directory every time: no call records or list versions of earlier runs.
prime_eb() {
  local size=$1 round=$2 t0 t1 w
  rm -rf "$RUN/eb-data"
  proxy_cmd eb "$size"
  t0=$(date +%s.%N)
  (cd "$RUN" && exec timeout -k 10 "$MAXT" "${PIN_PROXY[@]}" "${PCMD[@]}") </dev/null >"$RUN/eb_${size}_first_r$round.log" 2>&1 &
  w=$!
  if ! timeout $((READY_TIMEOUT + 10)) "${PIN_LOAD[@]}" python3 "$HERE/probe.py" 127.0.0.1 "$EB_PORT" "$READY_TIMEOUT" "$w" >/dev/null; then
    fact "$round" eb "first_ready_s_$size" "failed (see run/eb_${size}_first_r$round.log)"
    # shellcheck disable=SC2046
    stop_pid $(descendants "$w") "$w"; wait "$w" 2>/dev/null || true
    return 1
  fi
  t1=$(date +%s.%N)
  fact "$round" eb "first_ready_s_$size" "$(echo "$t1 - $t0" | bc | sed 's/^\./0./')"
  # shellcheck disable=SC2046
  stop_pid $(descendants "$w") "$w"; wait "$w" 2>/dev/null || true
}

# start_proxy NAME SIZE ROUND [soft]: start under `timeout` (and taskset), wait for READY, record READY time and
# memory. A proxy that does not come up stops the run, or with "soft" is recorded and the function returns 1.
start_proxy() {
  local name=$1 size=$2 round=$3 soft=${4:-} t0 t1 st w
  port_free "${PORT[$name]}" || die "UDP port ${PORT[$name]} is in use (another test?); set EB_PORT/UAS_PORT/UAC_PORT"
  if [ "$name" = eb ]; then prime_eb "$size" "$round" || return 1; fi
  proxy_cmd "$name" "$size"
  rm -f "$RUN/kamailio.pid" "$RUN/kamailio_ctl"
  t0=$(date +%s.%N)
  (cd "$RUN" && exec timeout -k 10 "$MAXT" "${PIN_PROXY[@]}" "${PCMD[@]}") </dev/null >"$RUN/${name}_${size}_r$round.log" 2>&1 &
  w=$!; WPID[$name]=$w
  if ! st=$(timeout $((READY_TIMEOUT + 10)) "${PIN_LOAD[@]}" python3 "$HERE/probe.py" 127.0.0.1 "${PORT[$name]}" "$READY_TIMEOUT" "$w"); then
    tail -20 "$RUN/${name}_${size}_r$round.log" >&2
    [ -n "$soft" ] || die "$name ($size list) did not answer OPTIONS: $st"
    log "$name ($size list) did not answer OPTIONS: $st"
    fact "$round" "$name" "ready_s_$size" "failed: $st (see run/${name}_${size}_r$round.log)"
    return 1
  fi
  t1=$(date +%s.%N)
  sleep 1
  PIDS[$name]="$(descendants "$w" | tr '\n' ' ')"
  local main; main=$(pgrep -P "$w" | head -1)
  if [ "$PIN" = 1 ]; then   # belt and braces: every process/thread of the proxy on PROXY_CPU
    local p; for p in ${PIDS[$name]}; do taskset -a -p -c "$PROXY_CPU" "$p" >/dev/null 2>&1 || true; done
  fi
  fact "$round" "$name" "ready_s_$size" "$(echo "$t1 - $t0" | bc | sed 's/^\./0./')"
  fact "$round" "$name" "rss_kB_$size" "$(kb_of "$main" VmRSS)"
  # shellcheck disable=SC2086
  fact "$round" "$name" "pss_kB_$size" "$(pss_sum ${PIDS[$name]})"
  fact "$round" "$name" "procs_$size" "$(wc -w <<<"${PIDS[$name]}") processes, $(kb_of "$main" Threads) threads in the main one, affinity $(taskset -p "$main" | awk '{print $NF}')"
}

start_uas() {
  port_free "$UAS_PORT" || die "UDP port $UAS_PORT is in use"
  mkdir -p "$RUN/uas"
  (cd "$RUN/uas" && exec timeout -k 5 "$MAXT" "${PIN_LOAD[@]}" sipp -sf "$HERE/uas.xml" -i 127.0.0.1 -p "$UAS_PORT" \
     -nostdin -buff_size 4194304 -timeout "${MAXT}s") </dev/null >"$RUN/uas/uas.out" 2>&1 &
  UASPID=$!
  sleep 1
  kill -0 "$UASPID" 2>/dev/null || { cat "$RUN/uas/uas.out" >&2; die "sipp UAS failed"; }
}

alive() { [ -n "${WPID[$1]:-}" ] && [ -n "$(descendants "${WPID[$1]}")" ]; }

other_of() { [ "$1" = eb ] && echo kam || echo eb; }

latency() { # latency NAME ROUND [PASS]: warm-up (2 s, discarded), then LAT_RATE * LAT_DUR INVITEs, µs INVITE->607
  local name=$1 round=$2 pass=${3:-} out f=$RUN/latency_${name}_r$2${3:+_$3}.txt
  bounded timeout 30 "${PIN_LOAD[@]}" python3 "$HERE/latency.py" 127.0.0.1 "${PORT[$name]}" "$LAT_RATE" $((LAT_RATE * 2)) \
    "$DATA/callers_blocked.csv" >/dev/null 2>&1 || true
  sleep 1
  bounded timeout $((LAT_DUR + 30)) "${PIN_LOAD[@]}" python3 "$HERE/latency.py" 127.0.0.1 "${PORT[$name]}" \
    "$LAT_RATE" $((LAT_RATE * LAT_DUR)) "$DATA/callers_blocked.csv" >"$f" 2>&1 || echo "latency.py failed (rc $?)" >>"$f"
  out=$(tr '\n' ' ' <"$f")
  fact "$round" "$name" "latency${pass:+_$pass}" "$out"
  fact "$round" "$name" "lat_p50_us${pass:+_$pass}" "$(grep -o 'p50_us=[0-9]*' <<<"$out" | cut -d= -f2)"
  fact "$round" "$name" "lat_p99_us${pass:+_$pass}" "$(grep -o 'p99_us=[0-9]*' <<<"$out" | cut -d= -f2)"
}

# run_step NAME LABEL CSV RATE ROUND [retry]  -> 0 PASS, 1 fail, 2 the generator could not run
run_step() {
  local name=$1 label=$2 csv=$3 rate=$4 round=$5 retry=${6:-} other
  other=$(other_of "$name")
  local calls=$((rate * DUR)) limit=$((rate / 2 + 200))
  local dir=$RUN/steps/r${round}_${label}_${rate}_$name${retry:+_retry}
  rm -rf "$dir"; mkdir -p "$dir"
  local w=0
  while ! port_free "$UAC_PORT" && [ $w -lt 20 ]; do sleep 0.5; w=$((w + 1)); done   # the previous sipp's socket
  local uas; uas="$UASPID $(descendants "$UASPID" | tr '\n' ' ')"
  local p0 o0 u0 b0 t0 p1 o1 u1 b1 t1 s0 s1 rc=0
  # shellcheck disable=SC2086
  { p0=$(ticks ${PIDS[$name]}); o0=$(ticks ${PIDS[$other]:-}); u0=$(ticks $uas); b0=$(busy_ticks); s0=$(sip_ticks ${PIDS[$name]}); t0=$(date +%s.%N); }
  (cd "$dir" && exec timeout -k 5 $((DUR * 3 + 30)) "${PIN_LOAD[@]}" /usr/bin/time -f "%U %S %e" -o uac.time \
    sipp "127.0.0.1:${PORT[$name]}" -sf "$HERE/uac_screen.xml" -inf "$DATA/$csv" -i 127.0.0.1 -p "$UAC_PORT" \
      -r "$rate" -m "$calls" -l "$limit" -d "$PAUSE_MS" -recv_timeout 5000 \
      -timeout $((DUR * 3 + 20))s -nostdin -buff_size 4194304 -pause_msg_ign \
      -trace_stat -stf stat.csv -fd 1 -trace_screen -screen_file screen.log \
      -trace_rtt -rtt_freq 100 -trace_err -error_file errors.log) </dev/null >"$dir/uac.out" 2>&1 &
  CUR=$!; wait "$CUR" || rc=$?; CUR=""
  # shellcheck disable=SC2086
  { p1=$(ticks ${PIDS[$name]}); o1=$(ticks ${PIDS[$other]:-}); u1=$(ticks $uas); b1=$(busy_ticks); s1=$(sip_ticks ${PIDS[$name]}); t1=$(date +%s.%N); }
  local line
  line=$(python3 "$HERE/report.py" step "$dir" "$round" "$name" "$label" "$rate" "$calls" "$rc" \
    "$p0" "$p1" "$o0" "$o1" "$u0" "$u1" "$b0" "$b1" "$t0" "$t1" "$HZ")
  local verdict; verdict=$(awk -F'\t' '{print $NF}' <<<"$line")
  if [ "$verdict" = fail ] && [ "$(cut -f24 <<<"$line")" -gt 0 ] && [ "$RETRY_STALLED" = 1 ] && [ -z "$retry" ] && alive "$name"; then
    line=$(sed 's/\tfail$/\tstalled/' <<<"$line")   # kept in the details, left out of the summary
    echo "$line" >>"$STEPS"
    log "$(cut -f2-4 <<<"$line" | tr '\t' ' ') failed with sipp stalled (watchdog trips: $(cut -f24 <<<"$line")): running it again"
    sleep "$SETTLE"
    run_step "$name" "$label" "$csv" "$rate" "$round" retry
    return
  fi
  echo "$line" >>"$STEPS"
  if [ "$name" = eb ]; then   # EdgeBlocker's SIP receive threads alone: the rest of its CPU is mostly the record writer
    fact "$round" eb "sip_cpu_1k_${label}_${rate}" "$(awk -F'\t' -v t=$((s1 - s0)) -v hz="$HZ" '$6 + $7 > 0 {printf "%.4f", t / hz / ($6 + $7) * 1000}' <<<"$line")"
  fi
  log "$(awk -F'\t' '{printf "%-5s %-4s %-7s %6s cps: ok=%s failed=%s (%s%%) 607=%s 200=%s retrans=%s achieved=%s cps, proxy %s%% CPU, uac %s%%, %s CPU-s/1k",
      $NF, $2, $3, $4, $6, $7, $8, $9, $10, $11, $13, $14, $16, $19}' <<<"$line")$(awk -F'\t' '$24 > 0 {printf ", sipp watchdog trips: %s", $24}' <<<"$line")"
  if ! alive "$name"; then
    DEAD[$name]=1
    log "!!! $name DIED during $label $rate; its log:"; tail -30 "$RUN/${name}_1M_r$round.log" >&2 || true
    fact "$round" "$name" "died" "during $label $rate cps (see run/${name}_1M_r$round.log)"
  fi
  case "$verdict" in PASS) return 0 ;; error) return 2 ;; *) return 1 ;; esac
}

ladder() { # ladder LABEL CSV ROUND RATES...
  local label=$1 csv=$2 round=$3; shift 3
  local -A fails=([eb]=0 [kam]=0)
  local i=0 r name order
  for r in "$@"; do
    if [ $((i % 2)) -eq 0 ]; then order="$FIRST $SECOND"; else order="$SECOND $FIRST"; fi
    i=$((i + 1))
    for name in $order; do
      [ -n "${WPID[$name]:-}" ] || continue
      if [ -n "${DEAD[$name]:-}" ]; then log "skip $name $label $r (proxy died)"; continue; fi
      if [ "${fails[$name]}" -ge "$STOP_AFTER_FAILS" ]; then log "skip $name $label $r ($STOP_AFTER_FAILS failed steps in a row)"; continue; fi
      local v=0; run_step "$name" "$label" "$csv" "$r" "$round" || v=$?
      case $v in 0) fails[$name]=0 ;; 1) fails[$name]=$((fails[$name] + 1)) ;; *) log "step not run properly (see uac.out)" ;; esac
      sleep "$SETTLE"
    done
  done
}

hot_path_bytes() { # from EdgeBlocker's stop line: bytes its UDP receive threads allocated per call screened, whole run
  local round=$1 line calls bytes
  line=$(grep -o 'SIP stopped: .*' "$RUN/eb_1M_r$round.log" | tail -1) || return 0
  calls=$(grep -o '[0-9]* calls screened' <<<"$line" | cut -d' ' -f1)
  bytes=$(grep -o 'allocated [0-9]* bytes' <<<"$line" | cut -d' ' -f2)
  [ -n "$calls" ] && [ -n "$bytes" ] && [ "$calls" -gt 0 ] || return 0
  fact "$round" eb hot_path_bytes_per_call "$((bytes / calls))"
}

# steady_run RATE SECONDS: a fresh start of EdgeBlocker on the stored list, RATE blocked calls a second for SECONDS,
# stopped; prints "calls bytes" from its stop line (calls screened, bytes its UDP receive threads allocated).
steady_run() {
  local rate=$1 d=$2 dir=$RUN/steps/steady_$1_$2 w line
  rm -rf "$dir"; mkdir -p "$dir"
  proxy_cmd eb 1M
  (cd "$RUN" && exec timeout -k 10 "$MAXT" "${PIN_PROXY[@]}" "${PCMD[@]}") </dev/null >"$RUN/eb_steady_${rate}_$d.log" 2>&1 &
  w=$!; WPID[eb]=$w
  if ! timeout $((READY_TIMEOUT + 10)) "${PIN_LOAD[@]}" python3 "$HERE/probe.py" 127.0.0.1 "$EB_PORT" "$READY_TIMEOUT" "$w" >/dev/null; then
    stop_proxy eb; return 1
  fi
  (cd "$dir" && exec timeout -k 5 $((d * 3 + 30)) "${PIN_LOAD[@]}" \
    sipp "127.0.0.1:$EB_PORT" -sf "$HERE/uac_screen.xml" -inf "$DATA/callers_blocked.csv" -i 127.0.0.1 -p "$UAC_PORT" \
      -r "$rate" -m $((rate * d)) -l $((rate / 2 + 200)) -d "$PAUSE_MS" -recv_timeout 5000 \
      -timeout $((d * 3 + 20))s -nostdin -buff_size 4194304 -pause_msg_ign) </dev/null >"$dir/uac.out" 2>&1 &
  CUR=$!; wait "$CUR" || true; CUR=""
  stop_proxy eb
  line=$(grep -o 'SIP stopped: .*' "$RUN/eb_steady_${rate}_$d.log" | tail -1) || return 1
  echo "$(grep -o '[0-9]* calls screened' <<<"$line" | cut -d' ' -f1) $(grep -o 'allocated [0-9]* bytes' <<<"$line" | cut -d' ' -f2)"
}

# steady_bytes RATE: what a blocked call allocates on EdgeBlocker's SIP receive threads once warm. The whole-run figure
# (hot_path_bytes) includes what working sets take as they grow: the live transactions grow to the rate times T4 (5 s)
# before the first ones end and are used again, and above what the record writer keeps up with, its queue fills (up
# to 50,000 records, each a pending call). Two runs of one rate, STEADY_SHORT and STEADY_LONG seconds, share that
# growth once both last longer than it; what the longer allocated beyond the shorter, per call more, is the steady cost.
steady_bytes() {
  local rate=$1 short long c0 b0 c1 b1
  short=$(steady_run "$rate" "$STEADY_SHORT") && long=$(steady_run "$rate" "$STEADY_LONG") || { log "steady-state run at $rate failed"; return 0; }
  read -r c0 b0 <<<"$short"; read -r c1 b1 <<<"$long"
  [ -n "$c0" ] && [ -n "$c1" ] && [ "$c1" -gt "$c0" ] || return 0
  fact 1 eb "steady_calls_$rate" "$c0 $c1"
  fact 1 eb "steady_bytes_$rate" "$b0 $b1"
  fact 1 eb "steady_bytes_per_blocked_call_$rate" "$(awk -v b0="$b0" -v b1="$b1" -v c0="$c0" -v c1="$c1" 'BEGIN{printf "%.2f", (b1 - b0) / (c1 - c0)}')"
}

record_account() { # from the record writer's stop line: call records written and dropped over the whole run
  local round=$1 line written dropped
  line=$(grep -o 'Call records since start: .*' "$RUN/eb_1M_r$round.log" | tail -1) || return 0
  written=$(grep -o '[0-9]* written' <<<"$line" | cut -d' ' -f1) || return 0
  dropped=$(grep -o '[0-9]* dropped' <<<"$line" | cut -d' ' -f1) || dropped=0  # "none dropped"
  fact "$round" eb records_written "$written"
  fact "$round" eb records_dropped "${dropped:-0}"
}

after_load() { # memory after the ladders
  local name=$1 round=$2 main
  alive "$name" || return 0
  main=$(pgrep -P "${WPID[$name]}" | head -1)
  # shellcheck disable=SC2086
  fact "$round" "$name" "pss_kB_after" "$(pss_sum ${PIDS[$name]})"
  fact "$round" "$name" "hwm_kB_after" "$(kb_of "$main" VmHWM)"
}

# ---------------------------------------------------------------- main
main() {
  install
  [ "$KAMAILIO" = 1 ] && [ ! -r "$KAM_CFG" ] && die "no Kamailio reference config at $KAM_CFG (set KAM_DIR, or KAMAILIO=0)"
  for p in "$UAC_PORT" "$UAS_PORT" "$EB_PORT"; do port_free "$p" || die "UDP port $p is in use (another test?); set EB_PORT/UAS_PORT/UAC_PORT"; done
  [ "$KAMAILIO" = 1 ] && { port_free "$KAM_PORT" || die "UDP port $KAM_PORT is in use"; }
  generate
  build_eb
  rm -rf "$RUN/steps" "$RUN"/*.log "$RUN"/latency_*.txt; : >"$STEPS"; : >"$FACTS"; : >"$META"
  meta note1 "Measured on $(hostname) at $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc --all) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')). Load average at start: $(cut -d' ' -f1-3 /proc/loadavg). Other jobs on the machine are not controlled: treat absolute figures as lower bounds; the ratio is the figure to read."
  meta note2 "Pinning: $([ "$PIN" = 1 ] && echo "proxy under test (all processes/threads) on CPU $PROXY_CPU, sipp UAC/UAS and the python probes on CPU $LOAD_CPU (PIN=0 to disable)" || echo "none (PIN=0)")."
  meta note3 "Both proxies are resident during the ladders (Kamailio 127.0.0.1:$KAM_PORT, EdgeBlocker 127.0.0.1:$EB_PORT) and each step alternates between them; a step passes with < 0.1 % failed calls and achieved ≥ 95 % of offered (sipp -m rate*DUR)."
  meta note4 "Memory: PSS summed over all proxy processes (Kamailio: main + workers, shared memory counted once), and the main process's RSS."
  meta note5 "EdgeBlocker's environment, from packaging/edgeblocker.service: ${EB_ENV[*]}"
  meta EdgeBlocker "$EB_BUILD; $EB_BIN; $($EB_BIN --version 2>/dev/null || echo '?')"
  [ "$KAMAILIO" = 1 ] && meta Kamailio "$(kamailio -v | head -1); cfg $KAM_CFG; $KAM_WORKERS UDP workers, SQLite htable, -x tlsf"
  meta sipp "$(sipp -v 2>&1 | grep -o 'SIPp v[^ ]*' | head -1)"
  meta dotnet "$(dotnet --version 2>/dev/null || echo '?')"
  meta knobs "ROUNDS=$ROUNDS DUR=$DUR RATES_BLOCKED=\"$RATES_BLOCKED\" RATES_MIX=\"$RATES_MIX\" LAT_RATE=$LAT_RATE LAT_DUR=$LAT_DUR PIN=$PIN SETTLE=$SETTLE STOP_AFTER_FAILS=$STOP_AFTER_FAILS RETRY_STALLED=$RETRY_STALLED RSS_10M=$RSS_10M QUICK=$QUICK"
  meta LAT_RATE "$LAT_RATE"
  meta data "$DATA (1M list: $(wc -l <"$DATA/blocklist.txt") numbers; callers: 200k-line CSVs, 5 dialing formats, PAI on every 3rd)"

  local round
  for round in $(seq "$ROUNDS"); do
    if [ "$KAMAILIO" = 1 ]; then
      if [ $((round % 2)) -eq 1 ]; then FIRST=kam; SECOND=eb; else FIRST=eb; SECOND=kam; fi
    else FIRST=eb; SECOND=none; fi
    log "=== round $round: start $FIRST then $SECOND (1M list)"
    for name in $FIRST $SECOND; do [ "$name" = none ] || start_proxy "$name" 1M "$round"; done
    start_uas
    for name in $FIRST $SECOND; do [ "$name" = none ] || latency "$name" "$round"; done
    # Again once both have run a while: EdgeBlocker's first pass is its first 20 s, while the runtime still compiles
    # hot code optimised (on the proxy's one core) and its first full GC comes; the second is how it runs from then on.
    for name in $FIRST $SECOND; do [ "$name" = none ] || latency "$name" "$round" settled; done
    ladder blocked callers_blocked.csv "$round" $RATES_BLOCKED
    ladder mix callers_mix.csv "$round" $RATES_MIX
    for name in $FIRST $SECOND; do [ "$name" = none ] || after_load "$name" "$round"; done
    stop_pid $(descendants "$UASPID") "$UASPID"; UASPID=""
    stop_proxy eb; stop_proxy kam
    hot_path_bytes "$round"
    record_account "$round"
  done

  if [ "$STEADY" = 1 ]; then
    local rate
    for rate in $STEADY_RATES; do
      log "=== EdgeBlocker once warm: $rate blocked calls a second for $STEADY_SHORT s, then for $STEADY_LONG s"
      steady_bytes "$rate"
    done
  fi

  if [ "$RSS_10M" = 1 ]; then
    log "=== 10M list: READY time and memory only, one proxy at a time"
    READY_TIMEOUT=$((READY_TIMEOUT * 3)) start_proxy eb 10M 1 soft || true; stop_proxy eb
    if [ "$KAMAILIO" = 1 ] && [ "$KAM_10M" = 1 ]; then
      READY_TIMEOUT=$((READY_TIMEOUT * 3)) start_proxy kam 10M 1 soft || true; stop_proxy kam
    fi
  fi

  meta "load average at end" "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  python3 "$HERE/report.py" table "$RUN" "$RES"
  echo
  log "results: $RES (details: step directories under $RUN/steps, proxy logs in $RUN)"
}
main "$@"
