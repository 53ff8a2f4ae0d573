/**
 * Reading Terraform JSON attribute values as written: literals, `${...}` expressions, and
 * nested blocks that may be an object or a list of objects.
 */
import type { Address, RawResource, Topology } from "../../topology/model";

/** A value the rules cannot know before apply. */
export const UNRESOLVED = Symbol("unresolved");
export type Unresolved = typeof UNRESOLVED;

/** True for a string holding a Terraform interpolation (`$${` is an escaped literal `${`). */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && /(^|[^$])\$\{/.test(value);
}

/** A boolean attribute: `absent` when unset or null, UNRESOLVED for an expression or a non-boolean. */
export function readBool(value: unknown, absent: boolean): boolean | Unresolved {
  if (value === undefined || value === null) return absent;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return UNRESOLVED;
}

/** A string attribute: undefined when unset, UNRESOLVED for an expression or a non-string. */
export function readString(value: unknown): string | undefined | Unresolved {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return String(value);
  if (typeof value !== "string" || isExpression(value)) return UNRESOLVED;
  return value;
}

/** A list of strings: UNRESOLVED when the list itself or any element is an expression. */
export function readStrings(value: unknown): string[] | Unresolved {
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const strings: string[] = [];
  for (const item of list) {
    const text = readString(item);
    if (text === UNRESOLVED) return UNRESOLVED;
    if (text !== undefined) strings.push(text);
  }
  return strings;
}

/**
 * A nested block (`metadata_options`, `ingress`, `rule`): synthesized JSON writes one block as
 * an object or a list of objects. UNRESOLVED when the block is an expression (or `dynamic`).
 */
export function readBlocks(value: unknown): Record<string, unknown>[] | Unresolved {
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const blocks: Record<string, unknown>[] = [];
  for (const item of list) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return UNRESOLVED;
    blocks.push(item as Record<string, unknown>);
  }
  return blocks;
}

/** The first block, `{}` when there is none. */
export function readBlock(value: unknown): Record<string, unknown> | Unresolved {
  const blocks = readBlocks(value);
  return blocks === UNRESOLVED ? UNRESOLVED : (blocks[0] ?? {});
}

/** Managed resources of one type (data sources excluded). */
export function resourcesOfType(topology: Topology, type: string): RawResource[] {
  return topology.resources.filter((resource) => resource.mode === "managed" && resource.type === type);
}

/** The raw resource at an address. */
export function resourceAt(topology: Topology, address: Address): RawResource | undefined {
  return topology.resources.find((resource) => resource.address === address);
}

