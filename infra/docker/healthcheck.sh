#!/bin/sh
# Container healthcheck: GET http://127.0.0.1:<http port>/health must answer 2xx within 3 s.
# COMMLAB_SERVICE is set by the Dockerfile; the port is the service's *_HTTP_PORT or its default
# (PORTS in libs/contracts; infra/compose-check's test checks these defaults against it).
# The image has no curl or wget, so Node's fetch does the request.
set -eu

case "${COMMLAB_SERVICE:-}" in
  auth-service) port="${AUTH_HTTP_PORT:-3001}" ;;
  inventory-service) port="${INVENTORY_HTTP_PORT:-3002}" ;;
  order-service) port="${ORDER_HTTP_PORT:-3000}" ;;
  notification-service) port="${NOTIFICATION_HTTP_PORT:-3003}" ;;
  reporting-service) port="${REPORTING_HTTP_PORT:-3004}" ;;
  console) port="${CONSOLE_PORT:-8080}" ;;
  *)
    echo "healthcheck: unknown COMMLAB_SERVICE '${COMMLAB_SERVICE:-}'" >&2
    exit 1
    ;;
esac

exec node -e '
fetch(`http://127.0.0.1:${process.argv[1]}/health`, { signal: AbortSignal.timeout(3000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
' "$port"
