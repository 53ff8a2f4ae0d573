/**
 * Principal matching (IAM User Guide, "AWS JSON policy elements: Principal" and
 * "AWS JSON policy elements: NotPrincipal").
 */
import type { RequestContext } from "./context";

/** The principal types a policy may name. */
export type PrincipalType = "AWS" | "Service" | "Federated" | "CanonicalUser";

/** One principal named in a Principal or NotPrincipal element. */
export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly value: string;
}

/** A policy statement's Principal or NotPrincipal element, normalized. */
export interface PrincipalElement {
  /** `"*"` or `{"AWS": "*"}`: everyone, including anonymous requests. */
  readonly everyone: boolean;
  readonly entries: readonly PrincipalEntry[];
}

/**
 * How a Principal element matched:
 * - `direct`: it names this principal (or everyone);
 * - `account`: it names the principal's account (`arn:aws:iam::ACCOUNT:root` or
 *   `ACCOUNT`), which in a resource policy delegates to the account's IAM policies;
 * - `none`.
 */
export type PrincipalMatch = "direct" | "account" | "none";

/** The calling principal, as far as Principal matching needs it. */
export interface RequestPrincipal {
  readonly arn: string;
  /** An unsigned request (`"anonymous"`). */
  readonly anonymous: boolean;
  /** An AWS service principal such as `cloudtrail.amazonaws.com`. */
  readonly service: boolean;
  /** From the ARN, else from `aws:PrincipalAccount`; undefined when unknown. */
  readonly account?: string;
  /** True for the account root user, `arn:aws:iam::ACCOUNT:root`. */
  readonly root: boolean;
  /** For an assumed-role session: the role it belongs to. */
  readonly role?: SessionRole;
}

/** The role behind an assumed-role session. */
interface SessionRole {
  /** The role ARN from `aws:PrincipalArn`, when the request context carries it. */
  readonly arn?: string;
  readonly partition: string;
  readonly account: string;
  readonly name: string;
}

const ANONYMOUS = "anonymous";
const SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;
const ACCOUNT_ROOT = /^arn:([^:]+):iam::([^:]+):root$/;
const ASSUMED_ROLE = /^arn:([^:]+):sts::([^:]+):assumed-role\/([^/]+)\/.+$/;
const ROLE = /^arn:([^:]+):iam::([^:]+):role\/(?:.*\/)?([^/]+)$/;

/** Describes the request's principal; `"anonymous"` is an unsigned request. */
export function describePrincipal(principal: string, context: RequestContext): RequestPrincipal {
  if (principal === ANONYMOUS) return { arn: principal, anonymous: true, service: false, root: false };
  const account = arnAccount(principal) ?? context.single("aws:PrincipalAccount");
  const session = ASSUMED_ROLE.exec(principal);
  const root = ACCOUNT_ROOT.test(principal);
  const base = { arn: principal, anonymous: false, service: SERVICE.test(principal), account, root };
  if (session === null) return base;
  const [, partition = "", roleAccount = "", name = ""] = session;
  const role: SessionRole = { arn: context.single("aws:PrincipalArn"), partition, account: roleAccount, name };
  return { ...base, role };
}

/**
 * The global keys AWS puts in every signed request's context that follow from
 * the principal ARN: `aws:PrincipalAccount`, and `aws:PrincipalArn`. For a role
 * session AWS sets `aws:PrincipalArn` to the role ARN; the session ARN does not
 * carry the role's path, so the derived value assumes none (`role/NAME`). Give
 * `aws:PrincipalArn` in the context for a role with a path.
 */
export function derivedPrincipalKeys(principal: string): Record<string, string> {
  if (principal === ANONYMOUS || !principal.startsWith("arn:")) return {};
  const account = arnAccount(principal);
  const keys: Record<string, string> = account === undefined ? {} : { "aws:PrincipalAccount": account };
  const session = ASSUMED_ROLE.exec(principal);
  const principalArn = session === null ? principal : `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
  return { ...keys, "aws:PrincipalArn": principalArn };
}

/**
 * Matches a Principal element. `accountMeans` says what naming an account
 * matches: in bucket and key policies every principal of the account
 * (`delegate`); in gateway endpoint policies only the account root user
 * (`root-user`, per "Endpoint policies for gateway endpoints").
 */
export function matchPrincipal(element: PrincipalElement, who: RequestPrincipal, accountMeans: "delegate" | "root-user"): PrincipalMatch {
  if (element.everyone) return "direct";
  if (who.anonymous) return "none";
  let best: PrincipalMatch = "none";
  for (const entry of element.entries) {
    const match = matchEntry(entry, who);
    if (match === "direct") return "direct";
    if (match === "account" && accountMeans === "delegate") best = "account";
  }
  return best;
}

/**
 * True when a NotPrincipal element exempts the principal. Naming an account
 * root exempts only the root user itself, not the account's roles and users
 * ("AWS JSON policy elements: NotPrincipal").
 */
export function exemptedByNotPrincipal(element: PrincipalElement, who: RequestPrincipal): boolean {
  if (element.everyone) return true;
  if (who.anonymous) return false;
  return element.entries.some((entry) => matchEntry(entry, who) === "direct");
}

function matchEntry(entry: PrincipalEntry, who: RequestPrincipal): PrincipalMatch {
  if (entry.type !== "AWS") return entry.value === who.arn ? "direct" : "none";
  const rootOf = accountOfRootEntry(entry.value);
  if (rootOf !== undefined) {
    if (rootOf !== who.account) return "none";
    return who.root ? "direct" : "account";
  }
  if (entry.value === who.arn) return "direct";
  return who.role !== undefined && namesSessionRole(entry.value, who.role) ? "direct" : "none";
}

/** A role ARN in a policy matches that role's sessions; `aws:PrincipalArn` wins over the name in the session ARN. */
function namesSessionRole(value: string, role: SessionRole): boolean {
  if (role.arn !== undefined) return value === role.arn;
  const parsed = ROLE.exec(value);
  return parsed !== null && parsed[1] === role.partition && parsed[2] === role.account && parsed[3] === role.name;
}

/** The account an `arn:aws:iam::ACCOUNT:root` or bare 12-digit entry names, if it is one. */
function accountOfRootEntry(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  return ACCOUNT_ROOT.exec(value)?.[2];
}

function arnAccount(arn: string): string | undefined {
  const fields = arn.split(":");
  const account = fields[0] === "arn" && fields.length >= 6 ? fields[4] : undefined;
  return account === "" ? undefined : account;
}
