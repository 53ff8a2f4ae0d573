#!/usr/bin/env bash
# Health check run last: the runner writes its health marker only when this succeeds.
# Asks nginx for /healthz, retrying briefly while it starts. BOOTSTRAP_DRY_RUN=1 checks the
# files 10-app.sh wrote under BOOTSTRAP_ROOT instead.
set -euo pipefail

readonly ROOT="${BOOTSTRAP_ROOT:-}"
readonly URL="http://127.0.0.1:8080/healthz"

log() { printf '[90-health] %s\n' "$*"; }

if [[ "${BOOTSTRAP_DRY_RUN:-}" == "1" ]]; then
  for file in "${ROOT}/etc/nginx/conf.d/bootstrap.conf" "${ROOT}/usr/share/nginx/bootstrap/index.html"; do
    [[ -s "${file}" ]] || { log "unhealthy: ${file} missing"; exit 1; }
  done
  log "dry run: healthy (configuration present)"
  exit 0
fi

body="$(curl --fail --silent --show-error --max-time 5 --retry 10 --retry-delay 1 --retry-connrefused "${URL}")"
if [[ "${body}" != "ok" ]]; then
  log "unhealthy: ${URL} answered '${body}'"
  exit 1
fi
log "healthy: ${URL} answered ok"
