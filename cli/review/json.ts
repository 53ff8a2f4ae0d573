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
import type { AccessRow, InstanceBootCheck } from "../../analysis/access/types";
import type { Topology } from "../../analysis/topology/model";
import type { Finding } from "../../analysis/rules/types";
import { sourceText, type ReviewSuppression, type StackReview, type SuppressionReport } from "./model";

/** Renders the JSON document, with a trailing newline. */
export function renderJson(reviews: readonly StackReview[], suppressions?: SuppressionReport): string {
  const stacks = reviews.map((review) => {
    const addresses = addressesOf(review.topology);
    return {
      stack: review.stack,
      file: review.file,
      access: review.report.access.map((row) => withAddresses(row, addresses)),
      instances: review.report.instances.map((check) => instanceEntry(check, addresses)),
      findings: review.findings.map(findingEntry),
      ...(suppressions === undefined ? {} : { suppressed: review.suppressed.map(({ finding, suppression }) => ({ ...findingEntry(finding), justification: suppression.reason })) }),
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
export function unusedEntry(suppression: ReviewSuppression): { rule: string; address: string; reason: string; stack?: string; source: string } {
  const { rule, address, reason, stack } = suppression;
  return { rule, address, reason, ...(stack === undefined ? {} : { stack }), source: sourceText(suppression.source) };
}

/** The Terraform addresses of a stack's instances, endpoints and buckets, to name what a row is about. */
export interface Addresses {
  readonly instances: ReadonlyMap<string, string>;
  readonly endpoints: ReadonlyMap<string, string>;
  /** Bucket ARN expressions with their address, longest first (so that a prefix never shadows a longer ARN). */
  readonly buckets: readonly (readonly [string, string])[];
}

/** Indexes the addresses of a topology. */
export function addressesOf(topology: Topology): Addresses {
  return {
    instances: new Map(topology.instances.map((instance) => [instance.name, instance.address])),
    endpoints: new Map(topology.endpoints.map((endpoint) => [endpoint.name, endpoint.address])),
    buckets: topology.buckets.map((bucket) => [bucket.arnRef, bucket.address] as const).sort((a, b) => b[0].length - a[0].length),
  };
}

/** The row with the addresses it is about: `address` (the bucket), `principalAddress` and `originAddress` where it has them. */
export function withAddresses<T extends Pick<AccessRow, "origin" | "principal" | "resource">>(row: T, addresses: Addresses): T & { address?: string; principalAddress?: string; originAddress?: string } {
  const bucket = addresses.buckets.find(([arn]) => row.resource === arn || row.resource.startsWith(`${arn}/`))?.[1];
  const principal = row.principal.startsWith("instance:") ? addresses.instances.get(row.principal.slice("instance:".length)) : undefined;
  const origin = row.origin.startsWith("endpoint:") ? addresses.endpoints.get(row.origin.slice("endpoint:".length)) : undefined;
  return {
    ...row,
    ...(bucket === undefined ? {} : { address: bucket }),
    ...(principal === undefined ? {} : { principalAddress: principal }),
    ...(origin === undefined ? {} : { originAddress: origin }),
  };
}

function instanceEntry(check: InstanceBootCheck, addresses: Addresses): InstanceBootCheck & { address?: string } {
  const address = addresses.instances.get(check.name);
  return address === undefined ? check : { name: check.name, address, canFetchScripts: check.canFetchScripts, path: check.path, scripts: check.scripts };
}
