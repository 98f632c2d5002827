#!/bin/sh
# Builds production bundles of commlab services: for each service, OUT_DIR/<service> holds its compiled
# dist/ plus production node_modules only; workspace libs are copied in as packages that resolve through
# their "default" export (dist/), never the @commlab/source condition.
# The Dockerfile and infra/compose-check's e2e test both run this script, so they build the same thing.
#
# usage: infra/docker/build-service.sh <out-dir> <service> [<service> …]
#   <service>: auth-service | inventory-service | order-service | …
# Run from the repository root after `pnpm install --frozen-lockfile`.
#
# pnpm 10's `deploy` needs either inject-workspace-packages=true or --legacy; commlab uses --legacy
# (it copies each workspace dependency's published `files`: dist/ and, for contracts, proto/).
set -eu

if [ "$#" -lt 2 ]; then
  echo "usage: $0 <out-dir> <service> [<service> …]" >&2
  exit 2
fi
out_dir="$1"
shift

# Compile the services and every workspace package they depend on, once (tsc -p tsconfig.build.json each).
filters=""
for service in "$@"; do
  filters="$filters --filter @commlab/${service}..."
done
# shellcheck disable=SC2086 # one word per filter flag
pnpm $filters run build

# Copy each one with production dependencies only (in parallel: they share pnpm's store, not a directory).
pids=""
for service in "$@"; do
  (
    rm -rf "${out_dir:?}/${service}"
    pnpm --filter "@commlab/${service}" deploy --legacy --prod "${out_dir}/${service}"
    test -f "${out_dir}/${service}/dist/main.js"
  ) &
  pids="$pids $!"
done
status=0
for pid in $pids; do
  wait "$pid" || status=1
done
exit "$status"
