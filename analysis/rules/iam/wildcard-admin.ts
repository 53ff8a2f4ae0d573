/**
 * IAM-001: an identity policy allows every action (`Action: "*"`, or any `NotAction`) on
 * `Resource: "*"`, or the AWS managed AdministratorAccess policy is attached: full admin.
 * IAM-002: an identity policy allows a whole service (`service:*`) on `Resource: "*"`.
 */
import type { NormalizedStatement } from "../../policy";
import type { RawResource } from "../../topology/model";
import { eachPolicy, eachSubject, type ReadDocument } from "../check";
import type { IdentityPolicy } from "../support/identity-policies";
import { compliant, nonCompliant } from "../support/outcome";
import { policyText, statementName } from "../support/policy";
import { RuleStatus, type RuleOutcome, type SubjectCheck } from "../types";

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

export const noFullAdmin = [judgePolicies(isFullAdmin), eachSubject("policy-attachment", checkAttachment)];

export const noServiceWildcard = judgePolicies(isServiceWildcard);

function checkAttachment(attachment: RawResource): RuleOutcome[] {
  const arn = attachment.values["policy_arn"];
  return typeof arn === "string" && ADMINISTRATOR_ACCESS.test(arn)
    ? [nonCompliant(attachment.address, "attaches AdministratorAccess")]
    : [];
}

/** One outcome per identity policy: the statements that match `bad`. */
function judgePolicies(bad: (statement: NormalizedStatement) => string | undefined): SubjectCheck {
  return eachPolicy("identity-policy", { absent: { status: RuleStatus.COMPLIANT } }, ({ address }: IdentityPolicy, read: ReadDocument) => {
    const found = read.normalized.statements.flatMap((s) => {
      const what = bad(s);
      return what === undefined ? [] : [`${statementName(s)} allows ${what} on *`];
    });
    return found.length === 0 ? compliant(address) : nonCompliant(address, found.join("; "));
  });
}

function onEverything(statement: NormalizedStatement): boolean {
  return statement.effect === "Allow" && !statement.resource.negated && statement.resource.value.some((r) => policyText(r) === "*");
}

function isFullAdmin(statement: NormalizedStatement): string | undefined {
  if (!onEverything(statement)) return undefined;
  if (statement.action.negated) return `every action except ${statement.action.value.join(", ")}`;
  return statement.action.value.includes("*") ? "*" : undefined;
}

function isServiceWildcard(statement: NormalizedStatement): string | undefined {
  if (!onEverything(statement) || statement.action.negated) return undefined;
  const services = statement.action.value.filter((action) => /^[A-Za-z0-9-]+:\*$/.test(action));
  return services.length === 0 ? undefined : services.join(", ");
}
