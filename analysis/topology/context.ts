/**
 * What the per-kind builders share: the resolver, the policy reader, and the region of a resource.
 */
import { partitionOf } from "../aws-facts";
import { makeCanonicalizer } from "./canonical";
import type { Address, RawResource, Topology } from "./model";
import type { PolicyReader } from "./policy-read";
import { splitAddress } from "./references";
import { Resolver } from "./resolver";
import { asString, isExpression } from "./values";

/** The raw material of a topology, from either reader. */
export interface BuildInput {
  readonly name: string;
  readonly format: Topology["format"];
  readonly resources: readonly RawResource[];
  /** Region of the AWS provider without alias, when literal. */
  readonly defaultRegion?: string;
  /** Region of the provider configuration of a resource, when not the default one. */
  readonly resourceRegions: ReadonlyMap<Address, string>;
}

/** Shared state of one build. */
export interface BuildContext {
  readonly resolver: Resolver;
  readonly reader: PolicyReader;
  /** ARN partition of the default provider's region (`aws` when unknown). */
  readonly partition: string;
  /** The region a resource lives in: its own `region` argument, its provider's, or the default provider's. */
  regionOf(resource: RawResource): string | undefined;
}

/** Indexes the input once for every builder. */
export function createContext(input: BuildInput): BuildContext {
  const resolver = new Resolver(input.resources);
  const partition = partitionOf(input.defaultRegion ?? "us-east-1");
  const reader: PolicyReader = {
    resolver,
    canonical: makeCanonicalizer(resolver, partition),
    templates: input.format === "terraform-json",
  };
  const regionOf = (resource: RawResource): string | undefined => {
    const own = asString(resource.values["region"]);
    if (own !== undefined && own !== "" && !isExpression(own)) return own;
    return input.resourceRegions.get(resource.address) ?? input.defaultRegion;
  };
  return { resolver, reader, partition, regionOf };
}

/** Canonical refs of what a value refers to among the given types; values that resolve to nothing are kept as written. */
export function refsOf(context: BuildContext, value: unknown, types: readonly string[], attribute = "id"): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const refs = new Set<string>();
  for (const item of items) {
    const targets = context.resolver.resolve(item, types);
    if (targets.length > 0) for (const target of targets) refs.add(context.resolver.ref(target, attribute));
    else if (typeof item === "string" && item !== "") refs.add(item);
  }
  return [...refs];
}

/** The canonical ref of the first resource of the given types a value refers to, else the value as written. */
export function refOf(context: BuildContext, value: unknown, types: readonly string[], attribute = "id"): string | undefined {
  return refsOf(context, value, types, attribute)[0];
}

/**
 * The display name CDKTF gives a resource: the last meaningful segment of its construct path
 * (`vpce-demo/Instances/web/Instance` gives `web`), or, when the metadata was stripped (as
 * `Testing.synth` does), of its unique id (`Instances_web_Instance_0D473B21` gives `web`).
 */
export function constructName(resource: RawResource): string | undefined {
  const uniqueId = /^(.+)_[0-9A-F]{8}$/.exec(resource.name)?.[1];
  const segments = resource.constructPath?.split("/").slice(1) ?? uniqueId?.split("_") ?? [];
  while (segments.length > 1 && GENERIC_SEGMENTS.has(segments[segments.length - 1] ?? "")) segments.pop();
  return segments[segments.length - 1];
}

/** The resource name with its instance key, as Terraform writes it in the address: `web[0]`, `s3["readers"]`. */
export function nameWithKey(resource: RawResource): string {
  const key = splitAddress(resource.address).key;
  return key === undefined ? resource.name : `${resource.name}[${key}]`;
}

/**
 * Display names made distinct: entities that share a name (the `Name` tag of every `count` instance)
 * each get their instance key (`web[0]`, `web[1]`), or their address when they have none.
 */
export function distinctNames<T extends { readonly address: Address; readonly name: string }>(items: readonly T[]): T[] {
  const count = new Map<string, number>();
  for (const item of items) count.set(item.name, (count.get(item.name) ?? 0) + 1);
  return items.map((item) => {
    if ((count.get(item.name) ?? 0) < 2) return item;
    const key = splitAddress(item.address).key;
    return { ...item, name: key === undefined ? item.address : `${item.name}[${key}]` };
  });
}

const GENERIC_SEGMENTS = new Set(["Instance", "Resource", "Default", "Endpoint", "Bucket", "Role"]);
