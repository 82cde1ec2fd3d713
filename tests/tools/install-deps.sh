#!/usr/bin/env bash
# Installs, when missing, what `make run` and `make test` need on a fresh Debian 12 machine.
# Idempotent: installs nothing (and does not touch apt) when everything is already there.
#
# Usage: tests/tools/install-deps.sh [NEED...]
#   always : sipp  (apt package sip-tester; SIP peers in the integration tests and benchmarks)
#   NEED   : extra needs a target asks for:
#            chromium
#            qemu  (qemu-user-static and the arm64 runtime libraries, from `dpkg --add-architecture arm64`:
#                   the published linux-arm64 build runs under emulation in the packaging tests)
#            deb   (dpkg-dev, file, lintian, debootstrap, systemd-analyze: `make deb` and the package install/purge test)
#            faketime  (libfaketime: the clock-jump test runs the service with a wall clock it moves)
# The .NET SDK is expected on the machine; this script only checks for it.
set -euo pipefail

needs=(sipp "$@")
packages=()
# The linux-arm64 build's runtime libraries (the package's Depends, arm64 side) for the emulated run.
arm64_libs=(libc6:arm64 libgcc-s1:arm64 libstdc++6:arm64 libssl3:arm64 zlib1g:arm64)
add_arch=

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
        qemu)
            command -v qemu-aarch64-static >/dev/null 2>&1 || add qemu-user-static
            if ! dpkg --print-foreign-architectures | grep -qx arm64; then
                add_arch=arm64
            fi
            for lib in "${arm64_libs[@]}"; do
                dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q 'ok installed' || add "$lib"
            done ;;
        deb)
            command -v dpkg-deb >/dev/null 2>&1 || add dpkg
            command -v dpkg-architecture >/dev/null 2>&1 || add dpkg-dev
            command -v file >/dev/null 2>&1 || add file
            command -v lintian >/dev/null 2>&1 || add lintian
            command -v debootstrap >/dev/null 2>&1 || add debootstrap
            command -v systemd-analyze >/dev/null 2>&1 || add systemd ;;
        faketime)
            dpkg-query -W -f='${Status}' libfaketime 2>/dev/null | grep -q 'ok installed' || add libfaketime ;;
        *)
            echo "install-deps: unknown need '$need' (known: sipp chromium qemu deb faketime)" >&2
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
    [[ -z "$add_arch" ]] || echo "install-deps: run as root: dpkg --add-architecture $add_arch" >&2
    echo "install-deps: run as root: apt-get update && apt-get install -y ${packages[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
if [[ -n "$add_arch" ]]; then
    dpkg --add-architecture "$add_arch"
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
