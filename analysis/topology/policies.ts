/**
 * Reads policy documents wherever Terraform JSON puts them: a JSON string (CDKTF writes policies
 * as JSON text with `${...}` references inside), a `${data.aws_iam_policy_document.x.json}`
 * reference, a `${aws_iam_policy.x.policy}` reference, or an expression it cannot resolve.
 */
import type { PolicyDocument } from "../policy/types";
import type { Canonicalizer } from "./canonical";
import type { Address, FoundPolicy } from "./model";
import { documentFromDataSource } from "./policy-document";
import { wholeReference } from "./references";
import { unknownReason } from "./unknown";
import type { Resolver } from "./resolver";
import { asRecord } from "./values";

/** What reading a policy needs besides the value itself. */
export interface PolicyReader {
  readonly resolver: Resolver;
  readonly canonical: Canonicalizer;
  /** True for Terraform JSON, whose strings are templates (`$${` is a literal `${`); false for plan values. */
  readonly templates: boolean;
}

const MAX_DEPTH = 8;

/** A policy value read into a FoundPolicy; null document with no `unresolved` when there is no policy. */
export function readPolicy(value: unknown, holder: Address, reader: PolicyReader, depth = 0): FoundPolicy {
  if (value === undefined || value === null || value === "") return { document: null, address: holder };
  if (depth > MAX_DEPTH) return unresolved(holder, "policy references nest too deep (a cycle?)");
  const record = asRecord(value);
  if (record !== undefined) return fromObject(record, holder, reader);
  if (typeof value !== "string") return unresolved(holder, `policy is a ${Array.isArray(value) ? "list" : typeof value}, not a JSON document`);
  const unknown = unknownReason(value);
  if (unknown !== undefined && value.trim().startsWith("${unknown(")) return unresolved(holder, `the policy is ${unknown}`);
  const reference = wholeReference(value);
  if (reference !== undefined) return fromReference(value, holder, reader, depth);
  return fromText(value, holder, reader);
}

/** A FoundPolicy that could not be resolved, with a one-line reason. */
export function unresolved(address: Address, reason: string): FoundPolicy {
  return { document: null, address, unresolved: reason };
}

/** Applies the canonicalizer to every string in a JSON value. */
export function canonicalize<T>(value: T, canonical: Canonicalizer): T {
  if (typeof value === "string") return canonical(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => canonicalize(item, canonical)) as T;
  const record = asRecord(value);
  if (record === undefined) return value;
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, canonicalize(item, canonical)])) as T;
}

function fromReference(value: string, holder: Address, reader: PolicyReader, depth: number): FoundPolicy {
  const target = reader.resolver.resolveOne(value);
  if (target?.type === "aws_iam_policy_document" && target.mode === "data") return documentFromDataSource(target, reader, depth + 1);
  if (target?.type === "aws_iam_policy" && target.mode === "managed") {
    const found = readPolicy(target.values["policy"], target.address, reader, depth + 1);
    return found.document === null && found.unresolved === undefined ? unresolved(target.address, "the referenced aws_iam_policy has no policy") : found;
  }
  return unresolved(holder, `policy is the Terraform expression ${shorten(value)}`);
}

function fromText(value: string, holder: Address, reader: PolicyReader): FoundPolicy {
  const text = reader.templates ? value.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{") : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const what = text.trimStart().startsWith("${") ? `the Terraform expression ${shorten(text)}` : `not JSON (${shorten(text)})`;
    return unresolved(holder, `policy is ${what}`);
  }
  const record = asRecord(parsed);
  return record === undefined ? unresolved(holder, "policy JSON is not an object") : fromObject(record, holder, reader);
}

function fromObject(record: Record<string, unknown>, holder: Address, reader: PolicyReader): FoundPolicy {
  if (!("Statement" in record)) return unresolved(holder, "policy JSON has no Statement");
  return { document: canonicalize(record, reader.canonical) as unknown as PolicyDocument, address: holder };
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
