/**
 * Jest matchers over the review of a synthesized stack: `toAllowAccess`, `toDenyAccess`,
 * `toBootCleanly`, `toHaveNoFindings`. Every decision comes from the access analyzer and the rule
 * pack (`analysis/`), exactly as `npm run review` reports it; nothing is re-derived here.
 */
import { decidedBy, statementName } from "../analysis/access/because";
import type { AccessRow, InstanceBootCheck, Origin, PrincipalLabel } from "../analysis/access/types";
import { deniedByText, pathText, scriptBecause } from "../cli/words/hops";
import { SEVERITIES, type Finding, type Severity } from "../analysis/rules/types";
import { reviewSynth } from "./review";

/** One cell (or a set of cells) of the access matrix. */
export interface AccessQuery {
  /**
   * `instance:<name>`, `admin` (the deployer), `admin:<arn>` (another administrator the bucket policy
   * exempts), `account-principal` (the worst-case insider) or `anonymous`.
   */
  readonly principal: PrincipalLabel;
  /** An S3 action of the matrix, such as `s3:GetObject` (compared case-insensitively, as IAM does). */
  readonly action: string;
  /**
   * `endpoint:<group>`, `endpoint:<vpce-id>` (a trusted endpoint outside the input), `nat` or `internet`.
   * @default - every origin the matrix has for the principal: all of them must match
   */
  readonly origin?: Origin;
  /**
   * The bucket or object: the row's resource exactly (`${aws_s3_bucket.ScriptBucket_7411736E.arn}/bootstrap/00-prepare.sh`)
   * or a suffix of it that starts after a `/` or `:` (`bootstrap/00-prepare.sh`, `00-prepare.sh`).
   * @default - every resource the matrix has for the principal and action: all of them must match
   */
  readonly resource?: string;
}

/** Options of `toHaveNoFindings`. */
export interface FindingsOptions {
  /**
   * The lowest severity that counts: `high`, `medium`, `low` or `info` (`info` includes the rules
   * that could not be evaluated because a value is unknown before apply).
   * @default "low"
   */
  readonly atLeast?: Severity;
  /**
   * Rule ids to leave out, for a documented exception (`["EC2-004"]`).
   * @default []
   */
  readonly except?: readonly string[];
}

/** The matchers' declarations, merged into jest's `Matchers` by `vpce-s3-lockdown/testing`. */
export interface AccessMatchers<R = unknown> {
  /** Every access matrix row matching the query is `Allow`. */
  toAllowAccess(query: AccessQuery): R;
  /** Every access matrix row matching the query is `ImplicitDeny` or `ExplicitDeny`. */
  toDenyAccess(query: AccessQuery): R;
  /** The stack has instances and every one can fetch all its boot scripts. */
  toBootCleanly(): R;
  /** The rule pack finds nothing at or above `atLeast` (default `low`). */
  toHaveNoFindings(options?: FindingsOptions): R;
}

/** What jest passes as `this` that the matchers use. */
export interface MatcherState {
  readonly isNot?: boolean;
}

/** A synchronous jest matcher result. */
export interface AccessMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** The matchers for `expect.extend(accessMatchers)`. */
export type AccessMatcherFunctions = {
  readonly toAllowAccess: (this: MatcherState, received: unknown, query: AccessQuery) => AccessMatcherResult;
  readonly toDenyAccess: (this: MatcherState, received: unknown, query: AccessQuery) => AccessMatcherResult;
  readonly toBootCleanly: (this: MatcherState, received: unknown) => AccessMatcherResult;
  readonly toHaveNoFindings: (this: MatcherState, received: unknown, options?: FindingsOptions) => AccessMatcherResult;
};

export const accessMatchers: AccessMatcherFunctions = {
  toAllowAccess(received, query) {
    return accessMatcher(this, received, query, "allowed");
  },
  toDenyAccess(received, query) {
    return accessMatcher(this, received, query, "denied");
  },
  toBootCleanly(received) {
    const { instances } = reviewSynth(received).report;
    if (instances.length === 0) {
      // Neither form can hold of a stack without instances: both fail.
      return {
        pass: this.isNot === true,
        message: () => "expected the stack's instances to boot cleanly, but the stack has no aws_instance",
      };
    }
    const failing = instances.filter((instance) => !instance.canFetchScripts);
    if (failing.length === 0) {
      return {
        pass: true,
        message: () =>
          `expected an instance not to boot cleanly, but every instance can fetch its scripts:\n${instances.map(bootLine).join("\n")}`,
      };
    }
    return {
      pass: false,
      message: () =>
        `expected every instance to boot cleanly, but ${failing.length} of ${instances.length} cannot fetch its ` +
        `scripts:\n${failing.map(bootLine).join("\n")}`,
    };
  },
  toHaveNoFindings(received, options = {}) {
    const atLeast = options.atLeast ?? "low";
    const rank = SEVERITIES.indexOf(atLeast);
    if (rank < 0) throw new TypeError(`toHaveNoFindings: atLeast must be one of ${SEVERITIES.join(", ")}, not ${JSON.stringify(atLeast)}`);
    const except = new Set(options.except ?? []);
    const counted = reviewSynth(received).findings.filter(
      (finding) => SEVERITIES.indexOf(finding.severity) <= rank && !except.has(finding.id),
    );
    const scope = `at or above ${atLeast}${except.size > 0 ? ` (except ${[...except].join(", ")})` : ""}`;
    if (counted.length === 0) return { pass: true, message: () => `expected findings ${scope}, but there are none` };
    return {
      pass: false,
      message: () =>
        `expected no findings ${scope}, but there ` +
        `${counted.length === 1 ? "is 1" : `are ${counted.length}`}:\n${counted.map(findingLine).join("\n")}`,
    };
  },
};

type Expected = "allowed" | "denied";

function accessMatcher(state: MatcherState, received: unknown, query: AccessQuery, expected: Expected): AccessMatcherResult {
  const rows = reviewSynth(received).report.access;
  const subject = describeQuery(query);
  const matching = rows.filter((row) => matches(row, query));
  const [first] = matching;
  if (first === undefined) {
    // Neither form can hold of a request the matrix does not have: both fail, saying what it has.
    return {
      pass: state.isNot === true,
      message: () => `expected ${subject} to be ${expected}, but the access matrix has no such row: ${whatExists(rows, query)}`,
    };
  }
  const unknown = matching.find((row) => row.decision === "Unknown");
  if (unknown !== undefined) {
    // A decision that turns on a value known only at apply is neither allowed nor denied: both forms fail.
    return {
      pass: state.isNot === true,
      message: () =>
        `expected ${subject} to be ${expected}, but it is ` +
        `${explain(unknown)}${matching.length > 1 ? ` on ${unknown.resource}${viaOf(unknown, query)}` : ""}`,
    };
  }
  const isExpected = (row: AccessRow) =>
    expected === "allowed" ? row.decision === "Allow" : row.decision === "ImplicitDeny" || row.decision === "ExplicitDeny";
  const wrong = matching.find((row) => !isExpected(row));
  const several = matching.length > 1;
  if (wrong !== undefined) {
    const others = matching.filter((row) => !isExpected(row)).length - 1;
    const more = others > 0 ? ` (and ${others} more row${others === 1 ? "" : "s"})` : "";
    return {
      pass: false,
      message: () =>
        `expected ${subject} to be ${expected}, but it is ` +
        `${explain(wrong)}${several ? ` on ${wrong.resource}${viaOf(wrong, query)}${more}` : ""}`,
    };
  }
  return {
    pass: true,
    message: () =>
      `expected ${subject} not to be ${expected}, but it is ${explain(first)}${several ? ` on all ${matching.length} matching rows` : ""}`,
  };
}

function matches(row: AccessRow, query: AccessQuery): boolean {
  return (
    row.principal === query.principal &&
    row.action.toLowerCase() === query.action.toLowerCase() &&
    (query.origin === undefined || row.origin === query.origin) &&
    (query.resource === undefined || resourceMatches(row.resource, query.resource))
  );
}

/** The resource exactly, or a suffix of it that starts after a `/` or `:`. */
function resourceMatches(resource: string, wanted: string): boolean {
  if (resource === wanted) return true;
  if (wanted === "" || !resource.endsWith(wanted)) return false;
  const before = resource.charAt(resource.length - wanted.length - 1);
  return before === "/" || before === ":" || wanted.startsWith("/");
}

/** `instance:web s3:PutObject via endpoint:readers on bootstrap/00-prepare.sh` */
function describeQuery(query: AccessQuery): string {
  return (
    `${query.principal} ${query.action} via ` +
    `${query.origin ?? "any origin"}${query.resource === undefined ? "" : ` on ${query.resource}`}`
  );
}

function viaOf(row: AccessRow, query: AccessQuery): string {
  return query.origin === undefined ? ` via ${row.origin}` : "";
}

/**
 * `ExplicitDeny by bucket policy statement "DenyWritesThroughReadOnlyEndpoints"`, or for an implicit
 * deny `ImplicitDeny: no statement in the bucket policy allows s3:GetObject`.
 */
function explain(row: Pick<AccessRow, "decision" | "reason" | "because">): string {
  const by = statementsOf(row);
  return by === undefined ? `${row.decision}: ${row.because}` : `${row.decision} ${by}`;
}

/** `by <the statements>` of an allow or an explicit deny that statements decided (KMS hop included); undefined otherwise. */
function statementsOf({ decision, reason }: Pick<AccessRow, "decision" | "reason">): string | undefined {
  const effect = decision === "Allow" ? "Allow" : decision === "ExplicitDeny" ? "Deny" : undefined;
  if (reason.kind !== "statements" || reason.statements[0] === undefined || reason.statements[0].effect !== effect) return undefined;
  if (reason.kms === undefined) return decidedBy(reason.statements, statementName);
  if (reason.kms.reason.kind !== "statements") return undefined;
  return (
    `${decidedBy(reason.statements, statementName)}; KMS: ${reason.kms.action} allowed ` +
    `${decidedBy(reason.kms.reason.statements, statementName)}`
  );
}

/** Narrows the matrix field by field and names the values that exist where the query stops matching. */
function whatExists(rows: readonly AccessRow[], query: AccessQuery): string {
  const distinct = (values: readonly string[]) => [...new Set(values)].join(", ") || "none";
  const byPrincipal = rows.filter((row) => row.principal === query.principal);
  if (byPrincipal.length === 0) return `no principal "${query.principal}" (principals: ${distinct(rows.map((row) => row.principal))})`;
  const byOrigin = byPrincipal.filter((row) => query.origin === undefined || row.origin === query.origin);
  if (byOrigin.length === 0)
    return (
      `${query.principal} has no origin "${query.origin}" (its origins: ` +
      `${distinct(byPrincipal.map((row) => row.origin))}; all origins: ${distinct(rows.map((row) => row.origin))})`
    );
  const byAction = byOrigin.filter((row) => row.action.toLowerCase() === query.action.toLowerCase());
  if (byAction.length === 0) return `no action "${query.action}" (actions: ${distinct(byOrigin.map((row) => row.action))})`;
  return `no resource matching "${query.resource}" (resources: ${distinct(byAction.map((row) => row.resource))})`;
}

/** `  web: cannot fetch bootstrap/00-prepare.sh, refused at bucket policy: denied by … (path: subnet … → nat …)` */
function bootLine(check: InstanceBootCheck): string {
  const path = pathText(check.path);
  const failed = check.scripts.find((script) => script.decision !== "Allow");
  if (check.canFetchScripts || failed === undefined)
    return `  ${check.name}: can fetch ${check.scripts.length} script${check.scripts.length === 1 ? "" : "s"} via ${path}`;
  return (
    `  instance ${check.name} cannot fetch ${failed.key}: refused at ${deniedByText(failed.deniedBy)} ` +
    `(${failed.decision}: ${scriptBecause(check, failed)}); path: ${path}`
  );
}

function findingLine(finding: Finding): string {
  return `  ${finding.severity} ${finding.id} ${finding.address}: ${finding.message}`;
}
