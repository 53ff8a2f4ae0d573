/**
 * Linking resources the way Terraform does: by reference expression (`${aws_s3_bucket.x.id}`)
 * or by literal value. A link that is an expression naming no known resource (a variable, a
 * local, a module output) is reported as unresolved so that rules answer UNKNOWN, not "missing".
 */
import type { Address, RawResource, Topology } from "../../topology/model";
import { referencesIn, splitAddress } from "../../topology/references";
import { relationsOf } from "../../topology/relations";
import { IDENTIFYING } from "../../topology/resolver";
import { isExpression } from "../../topology/values";

/**
 * True when the value is a Terraform expression that references the resource at `address`
 * (any instance of it, with or without the `resource.` prefix some generators write).
 */
export function refersTo(value: unknown, address: Address): boolean {
  if (typeof value === "string") {
    const { base } = splitAddress(address);
    return isExpression(value) && referencesIn(value).some((reference) => reference.base === base);
  }
  return Array.isArray(value) && value.some((item) => refersTo(item, address));
}

/** The resources of `type` whose attribute `attribute` links to the target (by reference or literal). */
export interface Links {
  readonly linked: readonly RawResource[];
  /** Resources of `type` whose link is an expression the rules cannot resolve: they may point at the target. */
  readonly unresolved: readonly RawResource[];
}

/**
 * Why a link may be missing although none was found: the first resource that names its target (a
 * `bucket`, a `VPC`) through an expression the rules cannot resolve; undefined when none does.
 */
export function unresolvedLink(links: Links, target: string): string | undefined {
  const maybe = links.unresolved[0];
  return maybe === undefined ? undefined : `${maybe.address} names its ${target} through an expression`;
}

/** The target of a link: its address and type, plus literal values that identify it (a bucket name). */
export interface LinkTarget {
  readonly address: Address;
  readonly type: string;
  readonly literals?: readonly string[];
}

/**
 * Finds the `type` resources whose `attribute` points at `target`: by reference, by the literals
 * given, or by the target's own known identifying values (a state or a re-plan holds `vpc-…`
 * where the configuration wrote `${aws_vpc.x.id}`).
 */
export function linksTo(topology: Topology, type: string, attribute: string, target: LinkTarget): Links {
  const relations = relationsOf(topology);
  const targets = relations.resourcesOfType(target.type);
  const siblings = targets.map((resource) => resource.address);
  const self = targets.find((resource) => resource.address === target.address);
  const known = IDENTIFYING.map((name) => self?.values[name]).filter(
    (value): value is string => typeof value === "string" && value !== "" && !isExpression(value),
  );
  const literals = [...(target.literals ?? []), ...known];
  const linked: RawResource[] = [];
  const unresolved: RawResource[] = [];
  for (const resource of relations.resourcesOfType(type)) {
    const value = resource.values[attribute];
    if (refersTo(value, target.address) || (typeof value === "string" && literals.includes(value))) {
      linked.push(resource);
    } else if (isUnresolvedLink(value, siblings)) {
      unresolved.push(resource);
    }
  }
  return { linked, unresolved };
}

/** An expression that names none of the known resources of the target type, nor a data source. */
function isUnresolvedLink(value: unknown, knownTargets: readonly Address[]): boolean {
  if (typeof value !== "string" || !isExpression(value)) return false;
  if (knownTargets.some((address) => refersTo(value, address))) return false;
  return !referencesIn(value).some((reference) => reference.base.startsWith("data."));
}
