#!/usr/bin/env bash
# Configures a small static site on nginx, port 8080, with a /healthz page; idempotent: files
# are rewritten and nginx reloaded only when their content changes.
# BOOTSTRAP_DRY_RUN=1 writes the files under BOOTSTRAP_ROOT (required then, so that a dry run
# never touches the host) and skips nginx -t and systemctl.
set -euo pipefail

readonly ROOT="${BOOTSTRAP_ROOT:-}"
readonly DRY_RUN="${BOOTSTRAP_DRY_RUN:-}"
readonly SITE_DIR="${ROOT}/usr/share/nginx/bootstrap"
readonly CONF_FILE="${ROOT}/etc/nginx/conf.d/bootstrap.conf"
readonly PORT=8080

log() { printf '[10-app] %s\n' "$*"; }

changed=0
# Writes stdin to $1 (mode 0644) only when it differs, atomically, and then sets changed=1.
# Called as a plain command, never in an && list, so that set -e still stops on a failed write.
write_if_changed() {
  local dest="$1" tmp
  tmp="$(mktemp "${dest}.XXXXXX")"
  cat >"${tmp}"
  chmod 0644 "${tmp}"
  if [[ -f "${dest}" ]] && cmp -s "${tmp}" "${dest}"; then
    rm -f "${tmp}"
  else
    mv -f "${tmp}" "${dest}"
    changed=1
  fi
}

if [[ "${DRY_RUN}" == "1" && -z "${ROOT}" ]]; then
  log "BOOTSTRAP_DRY_RUN=1 needs BOOTSTRAP_ROOT, a scratch directory for the files"
  exit 1
fi

install -d -m 0755 "${SITE_DIR}" "$(dirname "${CONF_FILE}")"
write_if_changed "${SITE_DIR}/index.html" <<HTML
<!doctype html>
<title>${BOOTSTRAP_INSTANCE:-instance}</title>
<p>Booted from private S3 through a VPC gateway endpoint.</p>
HTML
write_if_changed "${CONF_FILE}" <<NGINX
server {
    listen ${PORT};
    server_name _;
    root /usr/share/nginx/bootstrap;
    location = /healthz {
        default_type text/plain;
        return 200 "ok\n";
    }
}
NGINX

if [[ "${DRY_RUN}" == "1" ]]; then
  log "dry run: files written under ${ROOT}, nginx not touched (changed=${changed})"
  exit 0
fi
nginx -t
systemctl enable --now nginx
if ((changed)); then
  systemctl reload nginx
fi
log "nginx serving on port ${PORT} (changed=${changed})"
