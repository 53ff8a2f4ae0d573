/**
 * Validates and normalizes the Principal / NotPrincipal element of a statement.
 */
import { arnProblem } from "./arn";
import { describeValue } from "./errors";
import { asObject, fail, stringList, type Negatable, type StatementAt } from "./fields";
import type { PrincipalElement, PrincipalEntry, PrincipalType } from "./principal";

const PRINCIPAL_TYPES: readonly PrincipalType[] = ["AWS", "Service", "Federated", "CanonicalUser"];

/**
 * Reads Principal or NotPrincipal. Identity policies must name neither (the
 * principal is the identity the policy is attached to); bucket, key and
 * endpoint policies need exactly one. NotPrincipal is supported with Deny only.
 */
export function normalizePrincipalElement(
  statement: Record<string, unknown>,
  at: StatementAt,
  effect: "Allow" | "Deny",
): Negatable<PrincipalElement> | undefined {
  const plain = statement["Principal"];
  const negated = statement["NotPrincipal"];
  if (at.location.kind === "identity") {
    if (plain === undefined && negated === undefined) return undefined;
    const field = plain === undefined ? "NotPrincipal" : "Principal";
    throw fail(at, field, `an identity policy cannot name a principal; remove ${field}`);
  }
  if (plain !== undefined && negated !== undefined) {
    throw fail(at, "Principal", "Principal and NotPrincipal are both present; a statement takes one of them");
  }
  if (plain === undefined && negated === undefined) {
    throw fail(at, "Principal", `missing; a ${at.location.kind} policy statement needs Principal or NotPrincipal`);
  }
  if (negated !== undefined && effect === "Allow") {
    throw fail(at, "NotPrincipal", 'NotPrincipal is supported with "Effect": "Deny" only');
  }
  const field = plain === undefined ? "NotPrincipal" : "Principal";
  return { negated: plain === undefined, value: principalElement(plain ?? negated, at, field) };
}

function principalElement(raw: unknown, at: StatementAt, field: string): PrincipalElement {
  if (raw === "*") return { everyone: true, entries: [] };
  if (typeof raw === "string") {
    throw fail(at, field, `a string ${field} must be "*"; name principals as {"AWS": "${raw}"}`);
  }
  const byType = asObject(raw, () => fail(at, field, `expected "*" or an object such as {"AWS": [...]}, got ${describeValue(raw)}`));
  const types = Object.keys(byType);
  if (types.length === 0) throw fail(at, field, "expected at least one principal type (AWS, Service, Federated, CanonicalUser)");
  const entries: PrincipalEntry[] = [];
  for (const type of types) {
    if (!isPrincipalType(type)) {
      throw fail(at, `${field}.${type}`, "unknown principal type; expected AWS, Service, Federated or CanonicalUser");
    }
    const values = stringList(byType[type], at, `${field}.${type}`);
    values.forEach((value, i) => {
      const problem = type === "AWS" ? arnProblem(value) : undefined;
      const where = Array.isArray(byType[type]) ? `${field}.${type}[${i}]` : `${field}.${type}`;
      if (problem !== undefined)
        throw fail(
          at,
          where,
          `"${value}" ${problem}; AWS refuses the policy (MalformedPolicy) — fix the ARN, e.g. arn:aws:iam::111122223333:role/name`,
        );
      entries.push({ type, value });
    });
  }
  const everyone = entries.some((entry) => entry.type === "AWS" && entry.value === "*");
  return { everyone, entries: entries.filter((entry) => entry.value !== "*" || entry.type !== "AWS") };
}

function isPrincipalType(value: string): value is PrincipalType {
  return (PRINCIPAL_TYPES as readonly string[]).includes(value);
}
