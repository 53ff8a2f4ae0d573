/**
 * Canonical spellings, so that one thing is written one way everywhere: a bucket's ARN is its
 * `arnRef` whether a policy writes `${aws_s3_bucket.b.arn}` or `arn:aws:s3:::${aws_s3_bucket.b.id}`,
 * an attribute the input knows literally (a plan's known id, a name set in the configuration) is
 * that literal, and other references are written `${address.attribute}` (no `resource.` prefix). Applied to every
 * string of every policy document read.
 * A template is resolved part by part (literal text, IAM policy variables, resource attributes); one
 * with any other part (`${var.x}`, `${local.y}`, a function call) becomes an unknown value (see `unknown.ts`).
 */
import type { RawResource } from "./model";
import { wholeReference } from "./references";
import { unknownReason, unknownValue } from "./unknown";
import type { Resolver } from "./resolver";
import { asRecord, asString, isExpression } from "./values";

/** How a bucket is named in requests and policies. */
export interface BucketIdentity {
  readonly nameRef: string;
  readonly arnRef: string;
}

/** Rewrites one string into its canonical spelling. */
export type Canonicalizer = (text: string) => string;

const BUCKET_TYPES = ["aws_s3_bucket"];
const INTERPOLATION = /(arn:[a-z-]+:s3:::)?\$\{([^{}]*)\}/g;

/** The name and ARN expressions of a bucket: literal or templated `bucket`, a plan's known values, else references. */
export function bucketIdentity(bucket: RawResource, partition: string): BucketIdentity {
  const known = asString(bucket.values["arn"]);
  // Some generators write `${resource.random_pet.p.id}`; the canonical spelling has no `resource.` prefix.
  const name = asString(bucket.values["bucket"])?.replace(/\$\{\s*resource\./g, "${");
  if (name !== undefined && name !== "") {
    const arnRef = known !== undefined && !isExpression(known) ? known : `arn:${partition}:s3:::${name}`;
    return { nameRef: name, arnRef };
  }
  return { nameRef: `\${${bucket.address}.bucket}`, arnRef: `\${${bucket.address}.arn}` };
}

/** Applies the canonicalizer to every string in a JSON value. */
export function canonicalize<T>(value: T, canonical: Canonicalizer): T {
  if (typeof value === "string") return canonical(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => canonicalize(item, canonical)) as T;
  const record = asRecord(value);
  if (record === undefined) return value;
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, canonicalize(item, canonical)])) as T;
}

/** A canonicalizer over the resolver's resources. */
export function makeCanonicalizer(resolver: Resolver, partition: string): Canonicalizer {
  const identities = new Map<string, BucketIdentity>();
  const identityOf = (bucket: RawResource): BucketIdentity => {
    let identity = identities.get(bucket.address);
    if (identity === undefined) {
      identity = bucketIdentity(bucket, partition);
      identities.set(bucket.address, identity);
    }
    return identity;
  };
  return (text) => {
    if (!text.includes("${") || unknownReason(text) !== undefined) return text;
    let unresolvable: string | undefined;
    const canonical = text.replace(INTERPOLATION, (whole: string, arnPrefix: string | undefined, inner: string) => {
      if (POLICY_VARIABLE.test(inner.trim())) return whole;
      const reference = wholeReference(`\${${inner}}`);
      const attribute = reference?.attribute;
      if (reference === undefined || attribute === undefined || reference.anyInstance || !reference.simple) {
        unresolvable ??= inner.trim();
        return whole;
      }
      const target = resolver.resolveOne(`\${${inner}}`);
      if (target === undefined) return whole;
      const prefix = arnPrefix ?? "";
      if (BUCKET_TYPES.includes(target.type)) return canonicalBucket(identityOf(target), prefix, attribute) ?? whole;
      return prefix + resolver.ref(target, attribute);
    });
    if (unresolvable === undefined && !/\$\{[^}]*\{/.test(canonical)) return canonical;
    // A template with a part that is not a resource attribute (a variable, a local, a function call) has no value here.
    return unknownValue(`the template ${shorten(text)}, whose part ${unresolvable ?? "(a nested expression)"} has no value in the input`);
  };
}

/**
 * An IAM policy variable (`${aws:username}`, `${s3:prefix}`, `${aws:PrincipalTag/team, 'none'}`) or
 * special character (`${*}`, `${?}`, `${$}`): text IAM expands at request time, not a Terraform expression.
 */
const POLICY_VARIABLE = /^(?:[A-Za-z][A-Za-z0-9-]*:[^{}\s,']+(?:\s*,\s*'[^']*')?|\*|\?|\$)$/;

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function canonicalBucket(identity: BucketIdentity, arnPrefix: string, attribute: string): string | undefined {
  const naming = attribute === "bucket" || attribute === "id";
  if (arnPrefix !== "" && naming) return identity.arnRef;
  if (attribute === "arn") return arnPrefix + identity.arnRef;
  if (naming) return arnPrefix + identity.nameRef;
  return undefined;
}
