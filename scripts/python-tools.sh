#!/usr/bin/env bash
# Creates (once) the virtual environment of the Python tools the tests use to check our work
# from outside: openapi-spec-validator and schemathesis for /openapi.json, the official anthropic SDK against
# llm-sim, selenium driving headless Chromium through the pages. Never part of the product's runtime.
# Prints the environment's bin directory.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/python-tools"
packages=(openapi-spec-validator anthropic selenium schemathesis)

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2 || {
        # Debian's python3 needs python3-venv for `-m venv`.
        bash "$root/scripts/install-deps.sh" python3-venv >&2
        python3 -m venv "$venv" >&2
    }
fi
missing=()
for package in "${packages[@]}"; do
    "$venv/bin/python" -m pip show -q "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "${missing[@]}" >&2
fi
echo "$venv/bin"
