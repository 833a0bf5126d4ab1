# Connect: the platform server (`connect`) and the load harness (`connect-load`) in one image.
#
#   docker build -t connect .                       (docker compose builds it for you)
#   docker run --rm connect --help                  (ENTRYPOINT is `connect`, CMD is `serve`)
#
# Configuration is environment only (`connect serve --help`, docs/OPERATIONS.md). The working
# directory /app holds migrations/, seed/ and loadtests/: `connect migrate`, `connect seed` and
# `connect-load run smoke` find them there at run time.

# Pin a patch release with --build-arg SWIFT_IMAGE=swift:6.3.1-bookworm. The runtime image must be
# the same Debian release as the build image, so libpq5 and libhiredis0.14 match what was linked.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------
# Build: release binaries with the Swift runtime linked in statically.
FROM ${SWIFT_IMAGE} AS build

RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libpq-dev libhiredis-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Dependencies first: this layer is reused until Package.swift (or a local Package.resolved) changes.
COPY Package.* ./
RUN swift package resolve

COPY . .

# `swift build` takes one --product: build the two executables one after the other (the second
# reuses everything the first compiled). Resource bundles, if a target ever declares some, go
# beside the binaries, where Bundle.module looks for them.
RUN swift build -c release --static-swift-stdlib --product connect \
    && swift build -c release --static-swift-stdlib --product connect-load \
    && bin="$(swift build -c release --static-swift-stdlib --show-bin-path)" \
    && mkdir -p /staging/bin \
    && cp "$bin/connect" "$bin/connect-load" /staging/bin/ \
    && find "$bin" -maxdepth 1 -name '*.resources' -exec cp -R {} /staging/bin/ \; \
    && cp -R migrations seed loadtests /staging/

# ---------------------------------------------------------------------------------------------
# Run: a slim Debian with only the C client libraries the binaries load, plus curl for the probe.
# (libstdc++6, libgcc-s1 and zlib1g, also needed, are part of the base image.)
FROM ${RUNTIME_IMAGE}

RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libpq5 libhiredis0.14 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --user-group --uid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin connect

WORKDIR /app
COPY --from=build /staging/bin/ /usr/local/bin/
COPY --from=build /staging/migrations ./migrations
COPY --from=build /staging/seed ./seed
COPY --from=build /staging/loadtests ./loadtests

# Listen on every interface inside the container; JSON log lines for the log collector.
ENV HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json \
    CONNECT_MIGRATIONS_DIR=/app/migrations \
    CONNECT_SEED_DIR=/app/seed

USER connect:connect
EXPOSE 3000

# Liveness only: answered on the event loop without touching PostgreSQL or Redis, so a database
# outage degrades /api/health (readiness) without getting every replica restarted.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/api/health/live" >/dev/null || exit 1

# SIGTERM (docker stop) drains in-flight requests, then exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["connect"]
CMD ["serve"]
