/**
 * Making a {@link PolicyRead}: the one place that decides whether a written document is `ok` or
 * `malformed` (the evaluator's normalizer refuses it), once per document object and kind.
 */
import { normalizePolicy, PolicyError, type NormalizedPolicy } from "../policy";
import type { PolicyDocument, PolicyKind } from "../policy/types";
import type { Canonicalizer } from "./canonical";
import type { Address, PolicyRead } from "./model";
import type { Resolver } from "./resolver";

/** What reading a policy needs besides the value itself. */
export interface PolicyReader {
  readonly resolver: Resolver;
  readonly canonical: Canonicalizer;
  /** True for Terraform JSON, whose strings are templates (`$${` is a literal `${`); false for plan values. */
  readonly templates: boolean;
}

/** No policy at `address`. */
export function absentPolicy(address: Address): PolicyRead {
  return { state: "absent", address };
}

/** A policy the input holds at `address` without giving its document, with a one-line reason. */
export function unresolvedPolicy(address: Address, reason: string): PolicyRead {
  return { state: "unresolved", address, reason };
}

/** The normalizer's verdict per document object and policy kind: the normalized policy, or its complaint. */
const judged = new WeakMap<object, Map<PolicyKind, NormalizedPolicy | string>>();

/**
 * The read of a written document held at `address`: `ok` when the evaluator's normalizer accepts it
 * as a policy of `kind`, else `malformed` with the normalizer's complaint. Decided once per document
 * object and kind; the document must not be changed afterwards.
 */
export function documentRead(document: PolicyDocument, address: Address, kind: PolicyKind): PolicyRead {
  const verdict = verdictOn(document, kind);
  if (typeof verdict === "string") return { state: "malformed", address, document, problem: verdict };
  return { state: "ok", address, document, normalized: verdict };
}

function verdictOn(document: PolicyDocument, kind: PolicyKind): NormalizedPolicy | string {
  // Raw JSON may be no object at all (`3`, `null`): the normalizer refuses it, and there is nothing to key a memo by.
  if (typeof document !== "object" || document === null) return normalized(document, kind);
  const byKind = judged.get(document) ?? new Map<PolicyKind, NormalizedPolicy | string>();
  judged.set(document, byKind);
  const verdict = byKind.get(kind) ?? normalized(document, kind);
  byKind.set(kind, verdict);
  return verdict;
}

function normalized(document: PolicyDocument, kind: PolicyKind): NormalizedPolicy | string {
  try {
    return normalizePolicy(document, kind === "identity" ? { kind, policyIndex: 0 } : { kind });
  } catch (error) {
    if (error instanceof PolicyError) return error.message;
    throw error;
  }
}

/** The document as the input writes it, whether the evaluator accepts it or not; undefined when absent or unresolved. */
export function writtenDocument(read: PolicyRead): PolicyDocument | undefined {
  return read.state === "ok" || read.state === "malformed" ? read.document : undefined;
}
