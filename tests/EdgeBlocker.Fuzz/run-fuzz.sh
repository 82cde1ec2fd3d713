#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with SharpFuzz and AFL++ (`make fuzz`).
#
# Installs afl++ (apt, as root) and the SharpFuzz command-line tool (into the output directory) when missing, publishes
# the harness, instruments copies of the assemblies under test, runs each target under afl-fuzz for a set time with
# its seed corpus, then prints per target: executions, corpus and edges, crashes and hangs. Exits 1 when a crash was found.
#
# Knobs (environment):
#   FUZZ_SECONDS     fuzzing time per target (default 600)
#   FUZZ_TARGETS     targets to run, space-separated (default: sip-datagram sip-stream feed number)
#   FUZZ_OUT         output directory (default: artifacts/fuzz under the repository)
#   FUZZ_TIMEOUT_MS  afl-fuzz's per-input time limit; slower inputs are hangs (default 5000: shared, loaded machines)
#   FUZZ_NICE        niceness of afl-fuzz and the targets (default 10)
#
# Findings: FUZZ_OUT/findings/TARGET/default/{crashes,hangs,queue} for the last run; every crash and hang found is also
# copied to FUZZ_OUT/crashes/TARGET/, kept across runs. Replay one outside afl-fuzz:
#   dotnet FUZZ_OUT/bin/EdgeBlocker.Fuzz.dll TARGET --replay FUZZ_OUT/crashes/TARGET
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/tests/EdgeBlocker.Fuzz"
seconds=${FUZZ_SECONDS:-600}
targets=${FUZZ_TARGETS:-sip-datagram sip-stream feed number}
out=${FUZZ_OUT:-$root/artifacts/fuzz}
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}
niceness=${FUZZ_NICE:-10}
sharpfuzz_version=2.3.0

log() { echo "fuzz: $*"; }

for target in $targets; do
    case "$target" in
        sip-datagram | sip-stream | feed | number) ;;
        *) echo "fuzz: unknown target '$target' (known: sip-datagram sip-stream feed number)" >&2; exit 2 ;;
    esac
done

# --- tools -----------------------------------------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null 2>&1; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "fuzz: afl-fuzz is missing; run as root: apt-get update && apt-get install -y afl++" >&2
        exit 1
    fi
    log "installing afl++"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq afl++ >/dev/null
fi

mkdir -p "$out"
tools="$out/tools"
if [[ ! -x "$tools/sharpfuzz" ]]; then
    log "installing the SharpFuzz command-line tool $sharpfuzz_version"
    dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$tools" >/dev/null
fi

# --- build and instrument --------------------------------------------------------------------------------------------
# A published copy: the assemblies instrumented here are never the ones the unit tests load from bin/.
bin="$out/bin"
rm -rf "$bin"
log "publishing the harness to $bin"
dotnet publish "$here/EdgeBlocker.Fuzz.csproj" -c Release -o "$bin" -v quiet -nologo >/dev/null
for assembly in EdgeBlocker.Sip EdgeBlocker.Screening EdgeBlocker.Sync; do
    "$tools/sharpfuzz" "$bin/$assembly.dll" >/dev/null
done
log "instrumented EdgeBlocker.Sip, EdgeBlocker.Screening and EdgeBlocker.Sync"

# --- seeds -----------------------------------------------------------------------------------------------------------
fixtures="$root/tests/EdgeBlocker.Sip.Tests/Fixtures"
seed_dir() {
    local target=$1 dir="$out/seeds/$1" i=0
    rm -rf "$dir"
    mkdir -p "$dir"
    case "$target" in
        sip-datagram | sip-stream)
            cp "$fixtures"/rfc4475/*.dat "$fixtures"/rfc5118/*.dat "$here"/seeds/sip/* "$dir"/ ;;
        feed)
            cp "$here"/seeds/feed/* "$dir"/ ;;
        number)
            # One number a line in the seed list; one file each, without the newline.
            while IFS= read -r line; do
                i=$((i + 1))
                printf '%s' "$line" >"$dir/number-$i"
            done <"$here/seeds/number/numbers.txt" ;;
    esac
    # Continue from what the last run learned: its corpus joins the seeds.
    if [[ -d "$out/findings/$target/default/queue" ]]; then
        find "$out/findings/$target/default/queue" -maxdepth 1 -type f -name 'id:*' -exec cp {} "$dir"/ \; 2>/dev/null || true
        (cd "$dir" && for f in id:*; do [[ -e "$f" ]] && mv "$f" "queue-${f//[:,]/_}"; done) || true
    fi
    echo "$dir"
}

dictionary() {
    case "$1" in
        sip-*) echo "$here/dictionaries/sip.dict" ;;
        *) echo "$here/dictionaries/$1.dict" ;;
    esac
}

stat_of() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1" 2>/dev/null; }

# --- fuzz ------------------------------------------------------------------------------------------------------------
export AFL_SKIP_BIN_CHECK=1               # the target is `dotnet`, instrumented by SharpFuzz, not by afl's compilers
export AFL_NO_UI=1
export AFL_SKIP_CPUFREQ=1
export AFL_NO_AFFINITY=1                  # shared machines: do not pin to a core another job uses
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_TieredPGO=0                 # steadier timings across iterations
unset AFL_AUTORESUME

summary=()
total_crashes=0
for target in $targets; do
    seeds=$(seed_dir "$target")
    findings="$out/findings/$target"
    rm -rf "$findings"
    mkdir -p "$findings"
    log "$target: ${seconds}s with $(find "$seeds" -type f | wc -l) seeds (log: $findings/afl.log)"
    status=0
    # -V stops fuzzing after the time; timeout(1) is the backstop should afl-fuzz not stop by itself.
    timeout --kill-after=30 $((seconds + 300)) \
        nice -n "$niceness" afl-fuzz -i "$seeds" -o "$findings" -V "$seconds" -t "$timeout_ms" -m none \
        -x "$(dictionary "$target")" -- dotnet "$bin/EdgeBlocker.Fuzz.dll" "$target" >"$findings/afl.log" 2>&1 || status=$?
    stats="$findings/default/fuzzer_stats"
    if [[ ! -f "$stats" ]]; then
        tail -n 30 "$findings/afl.log" >&2
        echo "fuzz: $target: afl-fuzz did not start (exit $status)" >&2
        exit 1
    fi

    crashes=$(stat_of "$stats" saved_crashes)
    hangs=$(stat_of "$stats" saved_hangs)
    mkdir -p "$out/crashes/$target"
    for kind in crashes hangs; do
        for f in "$findings/default/$kind"/id:*; do
            [[ -e "$f" ]] || continue
            name=$(basename "$f")
            cp "$f" "$out/crashes/$target/$kind-$(date -u +%Y%m%dT%H%M%S)-${name//[:,]/_}"
        done
    done
    total_crashes=$((total_crashes + ${crashes:-0}))
    summary+=("$(printf '%-13s %10s %8s %6s %8s %7s %5s' "$target" "$(stat_of "$stats" execs_done)" \
        "$(stat_of "$stats" execs_per_sec)" "$(stat_of "$stats" corpus_count)" "$(stat_of "$stats" edges_found)" \
        "${crashes:-?}" "${hangs:-?}")")
done

echo
printf '%-13s %10s %8s %6s %8s %7s %5s\n' target executions exec/s corpus edges crashes hangs
printf '%s\n' "${summary[@]}"
echo "fuzz: findings in $out/findings, crashes and hangs kept in $out/crashes"
if ((total_crashes > 0)); then
    echo "fuzz: $total_crashes crash(es): replay with dotnet $bin/EdgeBlocker.Fuzz.dll TARGET --replay $out/crashes/TARGET" >&2
    exit 1
fi
