/**
 * Pure renderer for an instance's EC2 user data: a `#cloud-config` part plus a bash runner
 * that fetches the instance's boot scripts from S3 through the VPC gateway endpoint, verifies
 * them against a SHA-256 manifest pinned at synth, runs them in order and marks health.
 *
 * No cdktf imports and no I/O: data in, strings out. The stack escapes `${` and `%{` for
 * Terraform and substitutes the bucket placeholder afterwards.
 */
import { Document } from "yaml";

/** One boot script, as uploaded to the bucket at synth. */
interface BootScript {
  /** File name as in scriptsDir, e.g. "00-prepare.sh"; the run order is the array order. */
  readonly fileName: string;
  /** Full S3 object key, e.g. "bootstrap/web/00-prepare.sh" (treated as opaque). */
  readonly key: string;
  /** Lower-case hex SHA-256 of the file content, computed at synth. */
  readonly sha256: string;
}

/** What the user data of one instance is rendered from. */
export interface UserDataProps {
  /** Instance name, used in log lines and exported to the scripts as BOOTSTRAP_INSTANCE. */
  readonly instanceName: string;
  /** AWS region; passed as --region to every aws s3 call (gateway endpoints are same-region only). */
  readonly region: string;
  /**
   * Bucket name, or an opaque placeholder such as "@@BUCKET@@" that the stack replaces with a
   * Terraform reference. It appears exactly once in the runner, verbatim, inside double quotes.
   */
  readonly bucketName: string;
  /** The scripts to fetch, verify and run, in run order. At least one. */
  readonly scripts: readonly BootScript[];
}

/** EC2 limit on raw (pre-base64) user data. */
const USER_DATA_MAX_BYTES = 16384;
/** Where the runner logs on the instance (also teed to the console). */
const BOOTSTRAP_LOG_PATH = "/var/log/bootstrap.log";
/** Written by the runner only when every script succeeded; removed at the start of each run. */
const BOOTSTRAP_HEALTH_MARKER_PATH = "/var/lib/bootstrap/healthy";
/** Fixed multipart boundary, so that the same input always renders the same bytes. */
const USER_DATA_MIME_BOUNDARY = "==VPCE-BOOTSTRAP-BOUNDARY==";

/** S3's maximum bucket name length: the size check assumes the placeholder grows to this. */
const MAX_BUCKET_NAME_LENGTH = 63;

/** Thrown by {@link renderUserData} when the rendered user data exceeds {@link USER_DATA_MAX_BYTES}. */
export class UserDataTooLargeError extends Error {
  constructor(
    readonly instanceName: string,
    readonly sizeBytes: number,
    readonly limitBytes: number = USER_DATA_MAX_BYTES,
  ) {
    super(
      `instances "${instanceName}": user data is ${sizeBytes} bytes, over the EC2 limit of ${limitBytes} bytes; ` +
        "use fewer boot scripts, or shorter script names and key prefix",
    );
    this.name = "UserDataTooLargeError";
  }
}

const PATTERNS = {
  instanceName: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
  region: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
  // Real names are [a-z0-9.-]; "@" admits placeholders like "@@BUCKET@@". None is special in "...".
  bucketName: /^[A-Za-z0-9._@-]{1,255}$/,
  // Leading "." or "-" could read as a hidden file or an option; "/" would escape the work dir.
  fileName: /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/,
  // AWS's documented "safe characters" for object keys: none is special inside double quotes.
  key: /^[A-Za-z0-9!_.*'()/-]{1,1024}$/,
  sha256: /^[0-9a-f]{64}$/,
};

/** One wording for every input error: the field, the bad value, and what to pass instead. */
function invalid(field: string, value: unknown, fix: string): Error {
  return new Error(`${field}: ${JSON.stringify(value)} is invalid; ${fix}`);
}

function validateScript(script: BootScript, index: number): void {
  const at = `scripts[${index}]`;
  if (script.fileName.includes("/")) {
    throw invalid(`${at}.fileName`, script.fileName, "pass a bare file name from scriptsDir, without '/'");
  }
  if (!PATTERNS.fileName.test(script.fileName)) {
    throw invalid(`${at}.fileName`, script.fileName, "use letters, digits, '.', '_' and '-', not starting with '.' or '-'");
  }
  if (!PATTERNS.key.test(script.key)) {
    throw invalid(`${at}.key`, script.key, "pass a non-empty S3 key of letters, digits and !_.*'()/-");
  }
  if (!PATTERNS.sha256.test(script.sha256)) {
    throw invalid(`${at}.sha256`, script.sha256, "pass the 64-character lower-case hex SHA-256 of the file");
  }
}

/** Throws an Error naming the field and value of the first invalid input. */
function validate(props: UserDataProps): void {
  if (!PATTERNS.instanceName.test(props.instanceName)) {
    throw invalid("instanceName", props.instanceName, "use letters, digits, '.', '_' and '-' (at most 64)");
  }
  if (!PATTERNS.region.test(props.region)) {
    throw invalid("region", props.region, 'pass an AWS region code such as "us-east-1"');
  }
  if (!PATTERNS.bucketName.test(props.bucketName)) {
    throw invalid("bucketName", props.bucketName, 'pass a bucket name or a placeholder such as "@@BUCKET@@"');
  }
  if (props.scripts.length === 0) {
    throw invalid("scripts", [], "configure at least one boot script for the instance");
  }
  props.scripts.forEach(validateScript);
  const seen = new Set<string>();
  props.scripts.forEach((script, index) => {
    if (seen.has(script.fileName)) {
      throw invalid(`scripts[${index}].fileName`, script.fileName, "list each script once");
    }
    seen.add(script.fileName);
  });
}

/**
 * Renders the `#cloud-config` part: output to the console and a log file, and no package
 * update or upgrade, so that nothing but the runner needs the network during boot.
 */
function renderCloudConfig(props: UserDataProps): string {
  validate(props);
  const doc = new Document({
    output: { all: "| tee -a /var/log/cloud-init-output.log" },
    package_update: false,
    package_upgrade: false,
  });
  doc.commentBefore =
    ` Instance "${props.instanceName}": the boot scripts are fetched, verified and run by the` +
    " runner in the next part (see bootstrap-runner.sh).";
  return `#cloud-config\n${doc.toString({ lineWidth: 0 })}`;
}

/** Shell array literal of already-validated, double-quote-safe values. */
function bashArray(values: readonly string[]): string {
  return `(${values.map((v) => `"${v}"`).join(" ")})`;
}

function runnerHeader(props: UserDataProps): string {
  return `#!/bin/bash
# Boot runner for instance "${props.instanceName}", rendered at synth by modules/cloud-init.ts.
# Downloads the instance's boot scripts from S3 (through the VPC gateway endpoint), verifies
# them against the SHA-256 manifest pinned at synth, runs them in order with a clean
# environment, and writes ${BOOTSTRAP_HEALTH_MARKER_PATH} only when all of them succeeded.
# Any failure exits nonzero, so cloud-init reports the boot as failed. Log: ${BOOTSTRAP_LOG_PATH}.
#
# Scripts run from the work dir with umask 022 and only: PATH, HOME, LANG, BOOTSTRAP_INSTANCE,
# BOOTSTRAP_REGION, BOOTSTRAP_BUCKET, BOOTSTRAP_WORK_DIR, BOOTSTRAP_ROOT, BOOTSTRAP_DRY_RUN.
#
# Test hooks, off by default and never set by the stacks:
#   BOOTSTRAP_S3_ENDPOINT_URL  adds --endpoint-url to every aws call (a local S3 server); the
#                              only setting that changes where the scripts are fetched from.
#   BOOTSTRAP_ROOT             prefix for /var/log, /var/lib and the work dir (default: empty).
#   BOOTSTRAP_RETRY_BASE_SEC   backoff base in seconds (default 1: waits 1, 2, 4, 8, 16 s).
#   BOOTSTRAP_MAX_ATTEMPTS     download attempts per script (default 6).
#   BOOTSTRAP_DRY_RUN          passed through to the scripts (the examples then skip dnf/systemctl).
set -euo pipefail
umask 077
# A fixed PATH, so that no shim or per-user bin directory decides which aws CLI runs.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

readonly INSTANCE="${props.instanceName}"
readonly REGION="${props.region}"
readonly BUCKET="${props.bucketName}"
readonly -a FILES=${bashArray(props.scripts.map((s) => s.fileName))}
readonly -a KEYS=${bashArray(props.scripts.map((s) => s.key))}
`;
}

function runnerManifest(scripts: readonly BootScript[]): string {
  const lines = scripts.map((s) => `${s.sha256}  ${s.fileName}`).join("\n");
  return `
# The SHA-256 manifest pinned at synth, in sha256sum format.
write_manifest() {
  cat >"\${WORK_DIR}/manifest.sha256" <<'MANIFEST'
${lines}
MANIFEST
}
`;
}

/** The instance-independent part of the runner; every dynamic value is defined above it. */
const RUNNER_BODY =
  `
readonly ROOT="\${BOOTSTRAP_ROOT:-}"
readonly LOG_FILE="\${ROOT}${BOOTSTRAP_LOG_PATH}"
readonly STATE_DIR="\${ROOT}/var/lib/bootstrap"
readonly WORK_DIR="\${STATE_DIR}/work"
readonly MARKER="\${ROOT}${BOOTSTRAP_HEALTH_MARKER_PATH}"
readonly MAX_ATTEMPTS="\${BOOTSTRAP_MAX_ATTEMPTS:-6}"
readonly RETRY_BASE_SEC="\${BOOTSTRAP_RETRY_BASE_SEC:-1}"
ENDPOINT_ARGS=()
if [[ -n "\${BOOTSTRAP_S3_ENDPOINT_URL:-}" ]]; then
  ENDPOINT_ARGS=(--endpoint-url "\${BOOTSTRAP_S3_ENDPOINT_URL}")
fi

log() { printf '%s bootstrap[%s]: %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "\${INSTANCE}" "$*"; }
die() {
  log "ERROR: $*"
  exit 1
}
on_exit() {
  local status=$?
  if ((status != 0)); then log "FAILED (exit \${status}): host not marked healthy"; fi
}

# Retries with exponential backoff: at boot the network or the endpoint route may not be ready.
# --region is mandatory: gateway endpoints serve their own region only.
fetch() {
  local key="$1" dest="$2" attempt delay
  for ((attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)); do
    log "fetch s3://\${BUCKET}/\${key} attempt \${attempt}/\${MAX_ATTEMPTS}"
    if aws s3 cp "s3://\${BUCKET}/\${key}" "\${dest}" --region "\${REGION}" --only-show-errors "\${ENDPOINT_ARGS[@]}"; then
      return 0
    fi
    if ((attempt < MAX_ATTEMPTS)); then
      delay="$(awk -v b="\${RETRY_BASE_SEC}" -v n="\${attempt}" 'BEGIN { printf "%.3f", b * 2 ^ (n - 1) }')"
      log "retrying in \${delay}s"
      sleep "\${delay}"
    fi
  done
  die "cannot download s3://\${BUCKET}/\${key} after \${MAX_ATTEMPTS} attempts; ` +
  `check that the object exists, the route to the S3 endpoint, the endpoint policy and the instance role"
}

verify() {
  write_manifest
  log "verifying \${#FILES[@]} files against the SHA-256 manifest pinned at synth"
  if ! (cd "\${WORK_DIR}" && sha256sum --check --strict manifest.sha256); then
    die "a boot script is missing or altered: refusing to run any script"
  fi
}

run_one() {
  local file="$1" status=0
  log "running \${file}"
  chmod 0700 "\${WORK_DIR}/\${file}"
  # umask 022: what the scripts install (web roots, configs) must stay readable by services.
  (cd "\${WORK_DIR}" && umask 022 && exec env -i PATH="\${PATH}" HOME=/root LANG=C.UTF-8 \\
    BOOTSTRAP_INSTANCE="\${INSTANCE}" BOOTSTRAP_REGION="\${REGION}" BOOTSTRAP_BUCKET="\${BUCKET}" \\
    BOOTSTRAP_WORK_DIR="\${WORK_DIR}" BOOTSTRAP_ROOT="\${ROOT}" BOOTSTRAP_DRY_RUN="\${BOOTSTRAP_DRY_RUN:-}" \\
    "./\${file}") || status=$?
  if ((status != 0)); then die "\${file} exited \${status}: later scripts not run"; fi
  log "\${file} succeeded"
}

main() {
  mkdir -p "\${ROOT}/var/log" "\${STATE_DIR}"
  exec > >(tee -a "\${LOG_FILE}") 2>&1
  trap on_exit EXIT
  if [[ -n "\${ENDPOINT_ARGS[*]}\${ROOT}" ]]; then
    log "TEST HOOKS ACTIVE: endpoint '\${BOOTSTRAP_S3_ENDPOINT_URL:-}', root '\${ROOT}'"
  fi
  [[ "\${RETRY_BASE_SEC}" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "BOOTSTRAP_RETRY_BASE_SEC '\${RETRY_BASE_SEC}' is not a number of seconds"
  [[ "\${MAX_ATTEMPTS}" =~ ^[1-9][0-9]?$ ]] || die "BOOTSTRAP_MAX_ATTEMPTS '\${MAX_ATTEMPTS}' is not a number of attempts from 1 to 99"
  # A marker from an earlier run must not vouch for this one.
  rm -f "\${MARKER}"
  rm -rf "\${WORK_DIR}"
  mkdir -m 0700 "\${WORK_DIR}"
  log "start: \${#FILES[@]} scripts from s3://\${BUCKET} in \${REGION}"
  local i
  for i in "\${!FILES[@]}"; do fetch "\${KEYS[i]}" "\${WORK_DIR}/\${FILES[i]}"; done
  verify
  for i in "\${!FILES[@]}"; do run_one "\${FILES[i]}"; done
  date -u +%Y-%m-%dT%H:%M:%SZ >"\${MARKER}.tmp"
  mv -f "\${MARKER}.tmp" "\${MARKER}"
  log "healthy: all \${#FILES[@]} scripts succeeded"
}

main "$@"
`;

/**
 * Renders the bash runner (`#!/bin/bash`), the user data's second part. On the instance it:
 * downloads each script with `aws s3 cp ... --region <region>`, retrying with exponential
 * backoff (6 attempts, waits 1, 2, 4, 8, 16 s); verifies all files with `sha256sum --check`
 * against the manifest pinned here and runs none if any is missing or altered; runs them in
 * order under `env -i`; logs to {@link BOOTSTRAP_LOG_PATH} and the console; writes
 * {@link BOOTSTRAP_HEALTH_MARKER_PATH} only when all succeeded; exits nonzero otherwise.
 *
 * Test hooks, read from the environment, off by default and never set by the stacks:
 * - `BOOTSTRAP_S3_ENDPOINT_URL`: adds `--endpoint-url` to every aws call (a local S3 server).
 *   It is the only setting that changes where the scripts are fetched from.
 * - `BOOTSTRAP_ROOT`: prefix for /var/log, /var/lib and the work dir (default: empty).
 * - `BOOTSTRAP_RETRY_BASE_SEC`: backoff base in seconds (default 1).
 * - `BOOTSTRAP_MAX_ATTEMPTS`: download attempts per script (default 6).
 * - `BOOTSTRAP_DRY_RUN`: passed through to the scripts; the example scripts then skip dnf and systemctl.
 *
 * @throws Error naming the field and value when an input is invalid.
 */
function renderRunner(props: UserDataProps): string {
  validate(props);
  return runnerHeader(props) + runnerManifest(props.scripts) + RUNNER_BODY;
}

/** One MIME part. MIME swallows the line break before a boundary, so the body keeps its own. */
function mimePart(contentType: string, fileName: string, body: string): string {
  return [
    `--${USER_DATA_MIME_BOUNDARY}`,
    `Content-Type: ${contentType}; charset="us-ascii"`,
    "MIME-Version: 1.0",
    "Content-Transfer-Encoding: 7bit",
    `Content-Disposition: attachment; filename="${fileName}"`,
    "",
    body,
  ].join("\n");
}

/**
 * Size once the stack has replaced the bucket placeholder (which the runner holds exactly once)
 * by a real name, assuming the longest one S3 allows.
 */
function worstCaseBytes(userData: string, bucketName: string): number {
  return Buffer.byteLength(userData, "utf8") + Math.max(0, MAX_BUCKET_NAME_LENGTH - bucketName.length);
}

/**
 * Renders the complete user data: a deterministic multipart/mixed MIME document with the
 * cloud-config (`text/cloud-config`) and the runner (`text/x-shellscript`), LF line endings.
 *
 * @throws UserDataTooLargeError when it would exceed {@link USER_DATA_MAX_BYTES}, measured
 *   with the bucket name at S3's 63-character maximum.
 */
export function renderUserData(props: UserDataProps): string {
  const cloudConfig = renderCloudConfig(props);
  const runner = renderRunner(props);
  const userData = [
    `Content-Type: multipart/mixed; boundary="${USER_DATA_MIME_BOUNDARY}"`,
    "MIME-Version: 1.0",
    "",
    mimePart("text/cloud-config", "cloud-config.yaml", cloudConfig),
    mimePart("text/x-shellscript", "bootstrap-runner.sh", runner),
    `--${USER_DATA_MIME_BOUNDARY}--`,
    "",
  ].join("\n");
  const sizeBytes = worstCaseBytes(userData, props.bucketName);
  if (sizeBytes > USER_DATA_MAX_BYTES) {
    throw new UserDataTooLargeError(props.instanceName, sizeBytes);
  }
  return userData;
}
