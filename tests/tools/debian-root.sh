#!/usr/bin/env bash
# Makes DIR a fresh, throwaway Debian 12 (bookworm) root for the package install test: minbase plus the packages
# given (the package's dependencies, and systemd so that `systemd-analyze verify --root` finds the targets). The
# debootstrap result is cached as a tarball under artifacts/debian-root/ (keyed by the package list), so only the
# first run in a clone downloads; every run after that unpacks a clean copy in seconds.
#
# Usage: tests/tools/debian-root.sh DIR PACKAGE[,PACKAGE...]
#        tests/tools/debian-root.sh --cache PACKAGE[,PACKAGE...]   (only make the cached tarball; `make test` does this
#        before the tests so that no single test spends minutes downloading)
set -euo pipefail

dir=$1 include=$2
cd "$(dirname "$0")/../.."
cache=artifacts/debian-root
key=$(echo "$include" | tr ',' '\n' | sort -u | paste -sd, | sha256sum | cut -c1-12)
tarball=$cache/bookworm-minbase-$key.tar

if [[ ! -f "$tarball" ]]; then
    command -v debootstrap >/dev/null || { echo "debian-root: debootstrap is missing (tests/tools/install-deps.sh deb)" >&2; exit 2; }
    mkdir -p "$cache"
    work=$(mktemp -d "$cache/debootstrap-XXXXXX")
    trap 'rm -rf "$work"' EXIT
    echo "debian-root: debootstrap bookworm minbase + $include (first run only)" >&2
    if ! debootstrap --variant=minbase --include="$include" bookworm "$work/root" >"$work/log" 2>&1; then
        tail -20 "$work/log" >&2
        exit 1
    fi
    rm -rf "$work/root/var/cache/apt/archives/"*.deb
    tar -C "$work/root" -cf "$work/root.tar" .
    mv "$work/root.tar" "$tarball"
fi

[[ "$dir" == --cache ]] && exit 0
rm -rf "$dir"
mkdir -p "$dir"
tar -C "$dir" -xf "$tarball"
