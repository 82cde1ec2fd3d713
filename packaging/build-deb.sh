#!/usr/bin/env bash
# Builds edgeblocker_VERSION_ARCH.deb from a published self-contained build and the files in packaging/, with
# dpkg-deb: the build is already made by `dotnet publish`, so there is nothing for dpkg-buildpackage to compile, and a
# staged tree packs the same way for arm64 and amd64 on any build machine (no cross toolchain, no build-dependencies).
#
# Usage: packaging/build-deb.sh ARCH VERSION PUBLISH_DIR OUTPUT.deb      (ARCH: arm64 or amd64)
set -euo pipefail

arch=$1 version=$2 publish=$3 output=$4
here=$(cd "$(dirname "$0")" && pwd)

case "$arch" in
    # libgpiod drives the status LEDs on the Pi; a PC has no GPIO, so there it is only recommended.
    arm64) depends_gpio=libgpiod2; recommends=; expected_elf=aarch64 ;;
    amd64) depends_gpio=; recommends=libgpiod2; expected_elf=x86-64 ;;
    *) echo "build-deb: unknown architecture '$arch' (arm64 or amd64)" >&2; exit 2 ;;
esac
# What the self-contained .NET runtime loads from the system on Debian 12 / Raspberry Pi OS: the C and C++ runtimes,
# OpenSSL (HTTPS list feeds), zlib. No libicu: the build uses invariant globalization. adduser for the postinst.
depends="adduser, libc6 (>= 2.27), libgcc-s1, libstdc++6, libssl3, zlib1g${depends_gpio:+, $depends_gpio}"

if [[ ! -x "$publish/edgeblocker" ]]; then
    echo "build-deb: $publish/edgeblocker is missing (make publish)" >&2
    exit 2
fi
if ! file -L "$publish/edgeblocker" | grep -q "$expected_elf"; then
    echo "build-deb: $publish/edgeblocker is not an $expected_elf executable" >&2
    exit 2
fi
changelog_version=$(sed -n '1s/^edgeblocker (\([^)]*\)).*/\1/p' "$here/debian/changelog")
if [[ "$changelog_version" != "$version" ]]; then
    echo "build-deb: packaging/debian/changelog is at $changelog_version, the build at $version: add a changelog entry" >&2
    exit 2
fi

stage=$(dirname "$output")/deb-stage/$arch
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/usr/lib/edgeblocker" "$stage/usr/bin" "$stage/etc/edgeblocker" \
    "$stage/lib/systemd/system" "$stage/usr/lib/sysctl.d" "$stage/usr/share/doc/edgeblocker" "$stage/usr/share/lintian/overrides"

# The program. Not shipped: the development settings (a demo list) and the LTTng trace provider (it needs liblttng,
# which an appliance does not have; the runtime starts without it).
cp -a "$publish/." "$stage/usr/lib/edgeblocker/"
rm -f "$stage/usr/lib/edgeblocker/appsettings.Development.json" "$stage/usr/lib/edgeblocker/libcoreclrtraceptprovider.so"
find "$stage/usr/lib/edgeblocker" -type d -exec chmod 0755 {} +
find "$stage/usr/lib/edgeblocker" -type f -exec chmod 0644 {} +
chmod 0755 "$stage/usr/lib/edgeblocker/edgeblocker" "$stage/usr/lib/edgeblocker/createdump"
ln -s ../lib/edgeblocker/edgeblocker "$stage/usr/bin/edgeblocker"

install -m 0644 "$here/appsettings.json" "$stage/etc/edgeblocker/appsettings.json"
install -m 0644 "$here/edgeblocker.service" "$stage/lib/systemd/system/edgeblocker.service"
install -m 0644 "$here/60-edgeblocker.conf" "$stage/usr/lib/sysctl.d/60-edgeblocker.conf"
install -m 0644 "$here/debian/copyright" "$stage/usr/share/doc/edgeblocker/copyright"
install -m 0644 "$here/README.md" "$stage/usr/share/doc/edgeblocker/README.Debian"
install -m 0644 "$here/../README.md" "$stage/usr/share/doc/edgeblocker/README.md"
gzip -9n < "$here/debian/changelog" > "$stage/usr/share/doc/edgeblocker/changelog.gz"
chmod 0644 "$stage/usr/share/doc/edgeblocker/changelog.gz"
install -m 0644 "$here/debian/lintian-overrides" "$stage/usr/share/lintian/overrides/edgeblocker"

install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$stage/DEBIAN/"
install -m 0644 "$here/debian/conffiles" "$stage/DEBIAN/conffiles"
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
    -e "s/@DEPENDS@/$depends/" -e "s/@RECOMMENDS@/$recommends/" -e '/^Recommends: $/d' \
    "$here/debian/control.in" > "$stage/DEBIAN/control"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"

# Reproducible: file times from the changelog entry, root-owned files without fakeroot.
SOURCE_DATE_EPOCH=$(date -d "$(sed -n 's/^ -- .*>  //p' "$here/debian/changelog" | head -1)" +%s)
export SOURCE_DATE_EPOCH
find "$stage" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
dpkg-deb --root-owner-group -Zxz --build "$stage" "$output" >/dev/null
echo "build-deb: $output ($(du -k "$output" | cut -f1) KiB, installed $installed_size KiB)"
