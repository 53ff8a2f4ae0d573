/**
 * Resolves what a value refers to: a `${type.name.attr}` reference (any attribute of the same
 * resource is the same resource), a splat over counted instances, or, in plans and for names set
 * in the input, a literal id, ARN or name. Every lookup is a Map access.
 */
import type { Address, RawResource } from "./model";
import { instanceAddress, referencesIn, refExpression, splitAddress, wholeReference, type Reference } from "./references";
import { isExpression, pushTo } from "./values";

/** Attributes whose literal values identify a resource (known ids in plans, names set in the input). */
/** Attributes whose literal value identifies a resource wherever another resource names it (a state's `vpc-…` id). */
export const IDENTIFYING = ["id", "arn", "name", "bucket", "key_id"] as const;

/** Index of raw resources by address, base address, type and identifying literal. */
export class Resolver {
  private readonly byAddress = new Map<Address, RawResource>();
  private readonly byBase = new Map<Address, RawResource[]>();
  private readonly byType = new Map<string, RawResource[]>();
  private readonly byLiteral = new Map<string, RawResource[]>();

  constructor(resources: readonly RawResource[]) {
    for (const resource of resources) {
      this.byAddress.set(resource.address, resource);
      pushTo(this.byBase, splitAddress(resource.address).base, resource);
      pushTo(this.byType, resource.type, resource);
      for (const attribute of IDENTIFYING) {
        const value = resource.values[attribute];
        if (typeof value === "string" && value !== "" && !isExpression(value)) pushTo(this.byLiteral, value, resource);
      }
    }
  }

  /** The resource at an address. */
  get(address: Address): RawResource | undefined {
    return this.byAddress.get(address);
  }

  /** Every resource (or data source, with `mode`) of a type, in input order. */
  ofType(type: string, mode: RawResource["mode"] = "managed"): RawResource[] {
    return (this.byType.get(type) ?? []).filter((resource) => resource.mode === mode);
  }

  /** The resources a value refers to, optionally only of the given types; lists are resolved item by item. */
  resolve(value: unknown, types?: readonly string[]): RawResource[] {
    const found = new Map<Address, RawResource>();
    for (const resource of this.resolveAll(value)) {
      if (types === undefined || types.includes(resource.type)) found.set(resource.address, resource);
    }
    return [...found.values()];
  }

  /** The first resource a value refers to, optionally of the given types. */
  resolveOne(value: unknown, types?: readonly string[]): RawResource | undefined {
    return this.resolve(value, types)[0];
  }

  /**
   * The canonical expression for an attribute of a resource: its literal value when the input
   * knows it (a plan's known id, a name set in the configuration), else `${address.attribute}`.
   */
  ref(resource: RawResource, attribute: string): string {
    const value = resource.values[attribute];
    return typeof value === "string" && value !== "" && !isExpression(value) ? value : refExpression(resource.address, attribute);
  }

  private resolveAll(value: unknown): RawResource[] {
    if (Array.isArray(value)) return value.flatMap((item) => this.resolveAll(item));
    if (typeof value !== "string") return [];
    const whole = wholeReference(value);
    if (whole !== undefined) return this.instances(whole);
    if (!isExpression(value)) return this.byLiteral.get(value) ?? [];
    return referencesIn(value).flatMap((reference) => this.instances(reference));
  }

  private instances(reference: Reference): RawResource[] {
    const exact = reference.anyInstance ? undefined : this.byAddress.get(instanceAddress(reference));
    if (exact !== undefined) return [exact];
    return this.byBase.get(reference.base) ?? [];
  }
}
