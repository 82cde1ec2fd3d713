#!/usr/bin/env bash
# Installs, when missing, what `make run` and `make test` need on a fresh Debian 12 machine.
# Idempotent: installs nothing (and does not touch apt) when everything is already there.
#
# Usage: tests/tools/install-deps.sh [NEED...]
#   always : sipp  (apt package sip-tester; SIP peers in the integration tests and benchmarks)
#   NEED   : extra needs a target asks for: chromium
# The .NET SDK is expected on the machine; this script only checks for it.
set -euo pipefail

needs=(sipp "$@")
packages=()

add() {
    local pkg
    for pkg in "${packages[@]}"; do
        [[ "$pkg" == "$1" ]] && return 0
    done
    packages+=("$1")
}

for need in "${needs[@]}"; do
    case "$need" in
        sipp)
            command -v sipp >/dev/null 2>&1 || add sip-tester ;;
        chromium)
            command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || add chromium ;;
        *)
            echo "install-deps: unknown need '$need' (known: sipp chromium)" >&2
            exit 2 ;;
    esac
done

if ! command -v dotnet >/dev/null 2>&1; then
    echo "install-deps: the .NET 10 SDK (dotnet) is not on PATH; install it first" >&2
    exit 1
fi

if [[ ${#packages[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages: ${packages[*]}" >&2
    echo "install-deps: run as root: apt-get update && apt-get install -y ${packages[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
