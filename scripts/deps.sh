#!/usr/bin/env bash
# Install the Debian packages covplan needs to build, test and run, when any is missing.
set -euo pipefail
PACKAGES=(build-essential cmake pkg-config
          libgdal-dev gdal-bin libproj-dev proj-bin
          libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite
          libcairo2-dev libpango1.0-dev fonts-noto-cjk
          libglpk-dev libjansson-dev
          poppler-utils libxml2-utils python3 valgrind pandoc)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "covplan: installing Debian packages: ${missing[*]}" >&2
    SUDO=
    [ "$(id -u)" = 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
