#!/usr/bin/env bash
# Creates (once) the virtual environment of the Python tools the tests use to check our work
# from outside: openapi-spec-validator and schemathesis for /openapi.json, the official anthropic SDK against
# llm-sim, selenium driving headless Chromium through the pages, kubernetes-validate (the Kubernetes
# API schemas, offline) for deploy/kubernetes, opentelemetry-proto decoding the spans an OTLP receiver
# in the tests gets. Never part of the product's runtime.
# Prints the environment's bin directory.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/python-tools"
# NAME or NAME==VERSION (pinned where the version is part of the check).
packages=(openapi-spec-validator anthropic selenium schemathesis kubernetes-validate==1.32.0 opentelemetry-proto)

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2 || {
        # Debian's python3 needs python3-venv for `-m venv`.
        bash "$root/scripts/install-deps.sh" python3-venv >&2
        python3 -m venv "$venv" >&2
    }
fi
missing=()
for package in "${packages[@]}"; do
    name=${package%%==*}
    wanted=${package#"$name"}
    installed=$("$venv/bin/python" -m pip show "$name" 2>/dev/null | awk '/^Version:/ {print $2}' || true)
    if [ -z "$installed" ] || { [ -n "$wanted" ] && [ "==$installed" != "$wanted" ]; }; then missing+=("$package"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "${missing[@]}" >&2
fi
echo "$venv/bin"
