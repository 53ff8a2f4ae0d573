/**
 * Reads policy documents wherever Terraform JSON puts them: a JSON string (CDKTF writes policies
 * as JSON text with `${...}` references inside), a `${data.aws_iam_policy_document.x.json}`
 * reference, a `${aws_iam_policy.x.policy}` reference, or an expression it cannot resolve.
 */
import type { PolicyDocument, PolicyKind } from "../policy/types";
import { canonicalize } from "./canonical";
import type { Address, PolicyRead } from "./model";
import { documentFromDataSource } from "./policy-document";
import { absentPolicy, documentRead, unresolvedPolicy, type PolicyReader } from "./policy-read";
import { wholeReference } from "./references";
import { unknownReason } from "./unknown";
import { asRecord } from "./values";

const MAX_DEPTH = 8;

/** A policy value held at `holder`, read as a policy of `kind` (see {@link PolicyRead}). */
export function readPolicy(value: unknown, holder: Address, kind: PolicyKind, reader: PolicyReader, depth = 0): PolicyRead {
  if (value === undefined || value === null || value === "") return absentPolicy(holder);
  if (depth > MAX_DEPTH) return unresolvedPolicy(holder, "policy references nest too deep (a cycle?)");
  const record = asRecord(value);
  if (record !== undefined) return fromObject(record, holder, kind, reader);
  if (typeof value !== "string")
    return unresolvedPolicy(holder, `policy is a ${Array.isArray(value) ? "list" : typeof value}, not a JSON document`);
  const unknown = unknownReason(value);
  if (unknown !== undefined && value.trim().startsWith("${unknown(")) return unresolvedPolicy(holder, `the policy is ${unknown}`);
  const reference = wholeReference(value);
  if (reference !== undefined) return fromReference(value, holder, kind, reader, depth);
  return fromText(value, holder, kind, reader);
}

function fromReference(value: string, holder: Address, kind: PolicyKind, reader: PolicyReader, depth: number): PolicyRead {
  const target = reader.resolver.resolveOne(value);
  if (target?.type === "aws_iam_policy_document" && target.mode === "data") {
    return documentFromDataSource(target, reader, kind, (nested, at) => readPolicy(nested, at, kind, reader, depth + 1));
  }
  if (target?.type === "aws_iam_policy" && target.mode === "managed") {
    const read = readPolicy(target.values["policy"], target.address, kind, reader, depth + 1);
    return read.state === "absent" ? unresolvedPolicy(target.address, "the referenced aws_iam_policy has no policy") : read;
  }
  return unresolvedPolicy(holder, `policy is the Terraform expression ${shorten(value)}`);
}

function fromText(value: string, holder: Address, kind: PolicyKind, reader: PolicyReader): PolicyRead {
  const text = reader.templates ? value.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{") : value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const what = text.trimStart().startsWith("${") ? `the Terraform expression ${shorten(text)}` : `not JSON (${shorten(text)})`;
    return unresolvedPolicy(holder, `policy is ${what}`);
  }
  const record = asRecord(parsed);
  return record === undefined ? unresolvedPolicy(holder, "policy JSON is not an object") : fromObject(record, holder, kind, reader);
}

function fromObject(record: Record<string, unknown>, holder: Address, kind: PolicyKind, reader: PolicyReader): PolicyRead {
  if (!("Statement" in record)) return unresolvedPolicy(holder, "policy JSON has no Statement");
  return documentRead(canonicalize(record, reader.canonical) as unknown as PolicyDocument, holder, kind);
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
