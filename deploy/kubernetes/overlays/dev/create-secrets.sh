#!/usr/bin/env bash
# Creates the dev overlay's two Secrets in the `connect` namespace with random values, once:
# `connect-postgres` (the database password, for the PostgreSQL StatefulSet) and
# `connect-secrets` (what the server reads: the store URLs with that password, the JWT signing
# secret, and ANTHROPIC_API_KEY from your environment when it is set). Existing Secrets are kept;
# delete them first to start over. Nothing is written to disk.
set -euo pipefail
namespace=${NAMESPACE:-connect}
kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"
if kubectl -n "$namespace" get secret connect-secrets >/dev/null 2>&1; then
    echo "secret connect-secrets exists in $namespace: kept" >&2
    exit 0
fi
password=$(openssl rand -hex 24)
kubectl -n "$namespace" create secret generic connect-postgres --from-literal=password="$password"
kubectl -n "$namespace" create secret generic connect-secrets \
    --from-literal=database-url="postgresql://connect:$password@postgres:5432/connect?sslmode=disable" \
    --from-literal=redis-cache-url="redis://redis-cache:6379" \
    --from-literal=redis-queue-url="redis://redis-queue:6379" \
    --from-literal=jwt-secret="$(openssl rand -hex 32)" \
    --from-literal=anthropic-api-key="${ANTHROPIC_API_KEY:-}"
