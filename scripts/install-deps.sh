#!/usr/bin/env bash
# Installs the Debian packages the build and the dev stack need, when missing.
# Build: libpq-dev, libhiredis-dev, pkg-config. Dev stack: postgresql, redis-server, redis-tools.
# Browser test (BrowserTests): chromium, chromium-driver, and fonts-nanum so Korean pages render.
# Live-output test: prometheus (a real Prometheus scrapes connect-load --out prometheus=).
# Extra packages (e.g. wrk nginx-light for `make bench`) can be named as arguments.
set -euo pipefail

packages=(libpq-dev libhiredis-dev pkg-config postgresql redis-server redis-tools chromium chromium-driver fonts-nanum prometheus "$@")
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "missing packages: ${missing[*]} (run as root or install them)" >&2; exit 1; }
    sudo="sudo"
fi
echo "installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
