#!/usr/bin/env bash
# Prepares an Amazon Linux 2023 host: installs nginx with dnf unless it is already installed.
# The AL2023 repositories are served from S3 (bucket al2023-repos-<region>-de612dc2), so behind
# the gateway endpoint this works only while the endpoint policy allows that bucket (the
# stack's default). BOOTSTRAP_DRY_RUN=1 changes nothing, for test boxes without dnf.
set -euo pipefail

log() { printf '[00-prepare] %s\n' "$*"; }

if [[ "${BOOTSTRAP_DRY_RUN:-}" == "1" ]]; then
  log "dry run: would install nginx with dnf"
  exit 0
fi
if ! command -v dnf >/dev/null 2>&1; then
  log "dnf not found: this script targets Amazon Linux 2023 (set BOOTSTRAP_DRY_RUN=1 to skip)"
  exit 1
fi

if rpm -q nginx >/dev/null 2>&1; then
  log "nginx already installed"
else
  # Weak dependencies are skipped: fewer packages to fetch through the endpoint.
  dnf install -y --setopt=install_weak_deps=False nginx
  log "nginx installed"
fi
