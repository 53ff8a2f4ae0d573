/**
 * How the typed hops of the access analysis read: an instance's route (`subnet app (aws_subnet.x)`,
 * `route table aws_route_table.y`, `endpoint readers`, `nat aws_nat_gateway.z`), the gate that refused
 * a script, and why a script cannot be fetched. The review formats, the library's matchers and the
 * synth-time guards' refusals (./guards.ts) all word them here.
 */
import { Gate, HopKind, RouteGap, type DeniedBy, type Hop, type InstanceBootCheck, type ScriptFetch } from "../../analysis/access/types";

/** The words of each hop of a route (by `wordOf`); two endpoint hops in a row (a conflict AWS refuses) read as one. */
export function pathWords(path: readonly Hop[], wordOf: (hop: Hop) => string = hopText): string[] {
  const words: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const hop = path[i] as Hop;
    const run = hop.kind === HopKind.ENDPOINT ? endpointRun(path, i) : [hop];
    words.push(
      run.length > 1
        ? `endpoints ${run.map((endpoint) => endpoint.label).join(", ")} (two S3 endpoint routes on one route table: ` +
            `AWS refuses the second)`
        : wordOf(hop),
    );
    i += run.length - 1;
  }
  return words;
}

/** `subnet … → route table … → endpoint readers`. */
export function pathText(path: readonly Hop[]): string {
  return pathWords(path).join(" → ");
}

/** The words of one hop. */
export function hopText(hop: Hop): string {
  switch (hop.kind) {
    case HopKind.SUBNET:
      return `subnet ${hop.label} (${hop.address ?? "not in the input"})`;
    case HopKind.ROUTE_TABLE:
      return `route table ${hop.label}`;
    case HopKind.ENDPOINT:
      return `endpoint ${hop.label}`;
    case HopKind.NAT:
      return `nat ${hop.label}`;
    case HopKind.INTERNET_GATEWAY:
      return `internet gateway ${hop.label}`;
    case HopKind.NONE:
      return gapText(hop);
  }
}

const GAP_WORDS: Readonly<Record<RouteGap, string>> = {
  [RouteGap.NO_SUBNET]: "no subnet",
  [RouteGap.SUBNET_OUTSIDE_INPUT]: "(not in the input)",
  [RouteGap.NO_ROUTE_TABLE]: "no route table in the input",
  [RouteGap.NO_ROUTE]: "no route to S3",
  [RouteGap.NO_ENDPOINT_ROUTE_OUTSIDE_INPUT]: "no S3 endpoint route (its other routes are outside the input)",
};

function gapText(hop: Hop): string {
  if (hop.gap === RouteGap.SUBNET_OUTSIDE_INPUT) return `subnet ${hop.label} ${GAP_WORDS[hop.gap]}`;
  return hop.gap === undefined ? hop.label : GAP_WORDS[hop.gap];
}

function endpointRun(path: readonly Hop[], from: number): Hop[] {
  const run: Hop[] = [];
  for (let i = from; i < path.length && path[i]?.kind === HopKind.ENDPOINT; i++) run.push(path[i] as Hop);
  return run;
}

const GATE_WORDS: Readonly<Record<Gate, string>> = {
  [Gate.ROUTE]: "route",
  [Gate.ENDPOINT_POLICY]: "endpoint policy",
  [Gate.BUCKET_POLICY]: "bucket policy",
  [Gate.ROLE_POLICY]: "role policy",
  [Gate.KMS_KEY_POLICY]: "KMS key policy",
  [Gate.KMS_ROLE_POLICY]: "role policy (KMS)",
  [Gate.INSTANCE_PROFILE]: "instance profile (no role: the requests are unsigned)",
  [Gate.REQUEST]: "request",
  [Gate.BUCKET_OWNER_ACCOUNT]: "S3 (bucket owner's account only)",
  [Gate.KMS_KEY_ACCOUNT]: "KMS (same-account-only operation)",
  [Gate.UNKNOWN_VALUE]: "an unknown value",
};

/** The gate that refused a script: the endpoint policy's own label, else the gate in words; `unknown` when none is known. */
export function deniedByText(deniedBy: DeniedBy | undefined): string {
  if (deniedBy === undefined) return "unknown";
  return deniedBy.policy?.label ?? GATE_WORDS[deniedBy.gate];
}

/** Why a script of an instance cannot be fetched (or can): the route when none reaches S3, else the policies' reason. */
export function scriptBecause(check: Pick<InstanceBootCheck, "path">, script: ScriptFetch): string {
  return script.reason.kind === "no-route" ? `no route from ${pathText(check.path)} reaches S3` : (script.because ?? "");
}
