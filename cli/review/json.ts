/**
 * `--format json`: exactly the docs/DESIGN.md §5 shape,
 * `{ "stacks": [ { "stack", "access", "instances", "findings" } ] }`, plus `file` and `cost`
 * at stack level, and the Terraform addresses each entry is about: a finding's `address`; an
 * access row's `address` (the bucket), `principalAddress` (an instance principal's `aws_instance`)
 * and `originAddress` (an endpoint origin's `aws_vpc_endpoint`); an instance's `address`.
 *
 * When suppressions were given (a review config or `--suppress`), `findings` holds the active
 * findings only; each stack adds `suppressed` (the acknowledged findings, each with the
 * `justification` of its suppression), and the document `unusedSuppressions` (the stale ones).
 * Without suppressions the document is exactly as before.
 */
import { Gate, type AccessRow, type InstanceBootCheck, type ScriptFetch } from "../../analysis/access/types";
import type { Topology } from "../../analysis/topology/model";
import type { Finding } from "../../analysis/rules/types";
import { deniedByText, pathWords, scriptBecause } from "../words/hops";
import { sourceText, type ReviewSuppression, type StackReview, type SuppressionReport } from "./model";

/** Renders the JSON document, with a trailing newline. */
export function renderJson(reviews: readonly StackReview[], suppressions?: SuppressionReport): string {
  const stacks = reviews.map((review) => {
    const addresses = addressesOf(review.topology);
    return {
      stack: review.stack,
      file: review.file,
      access: review.report.access.map((row) => withAddresses(rowEntry(row), addresses, row.originAddress)),
      instances: review.report.instances.map((check) => instanceEntry(check, addresses)),
      findings: review.findings.map(findingEntry),
      ...(suppressions === undefined
        ? {}
        : {
            suppressed: review.suppressed.map(({ finding, suppression }) => ({
              ...findingEntry(finding),
              justification: suppression.reason,
            })),
          }),
      cost: review.cost,
    };
  });
  const document = suppressions === undefined ? { stacks } : { stacks, unusedSuppressions: suppressions.unused.map(unusedEntry) };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function findingEntry({ id, severity, address, message, fix }: Finding): Finding {
  return { id, severity, address, message, fix };
}

/** A stale suppression as given, with where it was given (`source`: the config file entry or the flag). */
export function unusedEntry(suppression: ReviewSuppression): {
  rule: string;
  address: string;
  reason: string;
  stack?: string;
  source: string;
} {
  const { rule, address, reason, stack } = suppression;
  return { rule, address, reason, ...(stack === undefined ? {} : { stack }), source: sourceText(suppression.source) };
}

/** The Terraform addresses of a stack's instances and buckets, to name what a row is about. */
export interface Addresses {
  readonly instances: ReadonlyMap<string, string>;
  /** Bucket ARN expressions with their address, longest first (so that a prefix never shadows a longer ARN). */
  readonly buckets: readonly (readonly [string, string])[];
}

/** Indexes the addresses of a topology. */
export function addressesOf(topology: Topology): Addresses {
  return {
    instances: new Map(topology.instances.map((instance) => [instance.name, instance.address])),
    buckets: topology.buckets.map((bucket) => [bucket.arnRef, bucket.address] as const).sort((a, b) => b[0].length - a[0].length),
  };
}

/** The row with the addresses it is about: `address` (the bucket), `principalAddress` and `originAddress` where it has them. */
export function withAddresses<T extends Pick<AccessRow, "principal" | "resource">>(
  row: T,
  addresses: Addresses,
  originAddress: string | undefined,
): T & { address?: string; principalAddress?: string; originAddress?: string } {
  const bucket = addresses.buckets.find(([arn]) => row.resource === arn || row.resource.startsWith(`${arn}/`))?.[1];
  const principal = row.principal.startsWith("instance:") ? addresses.instances.get(row.principal.slice("instance:".length)) : undefined;
  return {
    ...row,
    ...(bucket === undefined ? {} : { address: bucket }),
    ...(principal === undefined ? {} : { principalAddress: principal }),
    ...(originAddress === undefined ? {} : { originAddress }),
  };
}

/** A row as the contract names it: the typed reason stays out, `because` words it. */
function rowEntry({ origin, principal, action, resource, decision, because }: AccessRow) {
  return { origin, principal, action, resource, decision, because };
}

function instanceEntry(check: InstanceBootCheck, addresses: Addresses) {
  const address = addresses.instances.get(check.name);
  const scripts = check.scripts.map((script) => scriptEntry(check, script));
  return {
    name: check.name,
    ...(address === undefined ? {} : { address }),
    canFetchScripts: check.canFetchScripts,
    path: pathWords(check.path),
    scripts,
  };
}

/** The hops `deniedAt` has named since before the refusals outside the policies were typed; the others are worded in `deniedBy` only. */
const NAMED_AT: ReadonlySet<Gate> = new Set([
  Gate.ROUTE,
  Gate.ENDPOINT_POLICY,
  Gate.BUCKET_POLICY,
  Gate.ROLE_POLICY,
  Gate.KMS_KEY_POLICY,
  Gate.KMS_ROLE_POLICY,
  Gate.INSTANCE_PROFILE,
]);

function scriptEntry(check: InstanceBootCheck, script: ScriptFetch) {
  const because = scriptBecause(check, script);
  if (script.decision === "Allow") return { key: script.key, decision: script.decision, because };
  const at = script.deniedBy !== undefined && NAMED_AT.has(script.deniedBy.gate) ? { deniedAt: script.deniedBy.gate } : {};
  return { key: script.key, decision: script.decision, deniedBy: deniedByText(script.deniedBy), ...at, because };
}
