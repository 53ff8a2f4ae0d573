/**
 * Converts a `data "aws_iam_policy_document"` block (its `statement` blocks, and the documents it
 * merges through `source_policy_documents` / `override_policy_documents`) into a PolicyDocument,
 * the way the AWS provider renders its `json` attribute.
 */
import type { PolicyDocument, PolicyKind, PolicyStatement } from "../policy/types";
import { canonicalize } from "./canonical";
import type { Address, PolicyRead, RawResource } from "./model";
import { documentRead, unresolvedPolicy, writtenDocument, type PolicyReader } from "./policy-read";
import { unknownReason } from "./unknown";
import { asBlocks, asString, asStringList } from "./values";

const LIST_FIELDS = [
  ["actions", "Action"],
  ["not_actions", "NotAction"],
  ["resources", "Resource"],
  ["not_resources", "NotResource"],
] as const;

/** Reads a policy value the data source holds (its known `json`, a merged document), one reference level deeper. */
export type ReadNested = (value: unknown, holder: Address) => PolicyRead;

/** The document of a policy document data source read as a policy of `kind`, or why it cannot be resolved. */
export function documentFromDataSource(source: RawResource, reader: PolicyReader, kind: PolicyKind, readNested: ReadNested): PolicyRead {
  const known = asString(source.values["json"]);
  if (known !== undefined && known !== "" && !reader.templates) return readNested(known, source.address);
  const base = mergedDocuments(source, ["source_policy_documents", "source_json"], readNested);
  if (typeof base === "string") return unresolvedPolicy(source.address, base);
  const own = ownStatements(source);
  if (typeof own === "string") return unresolvedPolicy(source.address, own);
  const overrides = mergedDocuments(source, ["override_policy_documents", "override_json"], readNested);
  if (typeof overrides === "string") return unresolvedPolicy(source.address, overrides);
  const statements = overrideBySid(overrideBySid(base, own), overrides);
  const document: PolicyDocument = { Version: asString(source.values["version"]) ?? "2012-10-17", Statement: statements };
  const id = asString(source.values["policy_id"]);
  const withId = id === undefined ? document : { ...document, Id: id };
  return documentRead(canonicalize(withId, reader.canonical), source.address, kind);
}

/** Statements of the documents named by the given attributes, or a reason when one is unresolved. */
function mergedDocuments(source: RawResource, attributes: readonly string[], readNested: ReadNested): PolicyStatement[] | string {
  const statements: PolicyStatement[] = [];
  for (const attribute of attributes) {
    const value = source.values[attribute];
    for (const item of Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) {
      const read = readNested(item, source.address);
      const document = writtenDocument(read);
      if (document === undefined) return `${attribute}: ${read.state === "unresolved" ? read.reason : "empty document"}`;
      const statement = document.Statement;
      statements.push(...(Array.isArray(statement) ? statement : [statement]));
    }
  }
  return statements;
}

/** Later statements replace earlier ones with the same non-empty Sid; others are appended. */
function overrideBySid(earlier: PolicyStatement[], later: PolicyStatement[]): PolicyStatement[] {
  const result = [...earlier];
  for (const statement of later) {
    const at = statement.Sid === undefined || statement.Sid === "" ? -1 : result.findIndex((other) => other.Sid === statement.Sid);
    if (at >= 0) result[at] = statement;
    else result.push(statement);
  }
  return result;
}

function ownStatements(source: RawResource): PolicyStatement[] | string {
  const statements: PolicyStatement[] = [];
  for (const [index, block] of asBlocks(source.values["statement"]).entries()) {
    const statement = toStatement(block);
    if (typeof statement === "string") return `statement[${index}].${statement}`;
    statements.push(statement);
  }
  return statements;
}

function toStatement(block: Record<string, unknown>): PolicyStatement | string {
  const effect = asString(block["effect"]) ?? "Allow";
  if (effect !== "Allow" && effect !== "Deny") return `effect is ${effect}`;
  const statement: PolicyStatement = { Effect: effect };
  const sid = asString(block["sid"]);
  if (sid !== undefined && sid !== "") statement.Sid = sid;
  for (const [attribute, element] of LIST_FIELDS) {
    const value = block[attribute];
    if (value === undefined || value === null) continue;
    if (typeof value === "string" && unknownReason(value) === undefined) return `${attribute} is the expression ${value}`;
    statement[element] = asStringList(value);
  }
  const principal = principalElement(block["principals"]);
  if (principal !== undefined) statement.Principal = principal;
  const notPrincipal = principalElement(block["not_principals"]);
  if (notPrincipal !== undefined) statement.NotPrincipal = notPrincipal;
  const condition = conditionElement(block["condition"]);
  if (condition !== undefined) statement.Condition = condition;
  return statement;
}

function principalElement(value: unknown): unknown {
  const blocks = asBlocks(value);
  if (blocks.length === 0) return undefined;
  const byType: Record<string, string[]> = {};
  for (const block of blocks) {
    const type = asString(block["type"]) ?? "AWS";
    const identifiers = asStringList(block["identifiers"]);
    if (type === "*") return "*";
    byType[type] = [...(byType[type] ?? []), ...identifiers];
  }
  return byType;
}

function conditionElement(value: unknown): Record<string, Record<string, unknown>> | undefined {
  const blocks = asBlocks(value);
  if (blocks.length === 0) return undefined;
  const condition: Record<string, Record<string, string[]>> = {};
  for (const block of blocks) {
    const test = asString(block["test"]);
    const variable = asString(block["variable"]);
    if (test === undefined || variable === undefined) continue;
    const byKey = condition[test] ?? {};
    condition[test] = byKey;
    byKey[variable] = [...(byKey[variable] ?? []), ...asStringList(block["values"])];
  }
  return condition;
}
