/**
 * Decides one request of the matrix: the S3 checkpoint (identity, bucket and endpoint policies) and, for
 * object reads and writes on an SSE-KMS bucket, the KMS checkpoint S3 makes on the caller's behalf (key
 * policy, identity policies, `kms:ViaService`, no endpoint policy). Results are memoized: requests
 * that differ only by an origin with the same context (NAT and internet) are decided once.
 */
import { s3ViaService } from "../aws-facts";
import { ask, resultOf, type Answer } from "../policy";
import { arnAccount } from "../policy/arn";
import type { Decision, EvaluationInput, EvaluationResult, PolicyDocument } from "../policy/types";
import type { BucketModel, KmsKeyModel } from "../topology/model";
import { crossAccountNoGrant, describeDecision, noGrant, ruleSentence, withNotes, type PolicyLabels } from "./because";
import type { OriginSpec } from "./origins";
import { ALLOW_ALL, documentUnknown, FULL_ACCESS, labeled, leftOutNote, type LabeledPolicy } from "./policies";
import type { PrincipalSpec } from "./principals";
import { bucketKey, type AccessScope } from "./scope";
import { DenyingHop } from "./types";
import type { AccessDecision } from "./types";
import { unknownDependence, unknownPolicyDependence } from "./unknown-values";

/** One request of the matrix. */
export interface RequestSpec {
  readonly principal: PrincipalSpec;
  readonly origin: OriginSpec;
  readonly action: string;
  readonly resource: string;
  readonly bucket: BucketModel;
}

/** The combined decision with its reason. */
export interface Verdict {
  readonly decision: AccessDecision;
  readonly because: string;
  /** The hop that denied: `endpoint policy of X`, `bucket policy`, `role policy`, `KMS key policy`, ... */
  readonly deniedBy?: string;
  /** The kind of that hop. */
  readonly deniedAt?: DenyingHop;
  /** Policies left out because unresolved or malformed, when they could change the decision. */
  readonly unresolved: readonly string[];
  /**
   * Set when the decision turns on a value the input does not give (the bucket's account, the
   * policy of an endpoint outside the input): which value, and what it changes. The matrix row is then `Unknown`.
   */
  readonly dependsOn?: string;
}

/** The KMS action S3 makes for an object action on an SSE-KMS bucket. */
const KMS_ACTION: Readonly<Record<string, string>> = { "s3:getobject": "kms:Decrypt", "s3:putobject": "kms:GenerateDataKey" };

/** One policy checkpoint of a request (the S3 request, or the KMS request S3 makes): what was asked, the answer, and the policies' labels. */
interface Checkpoint {
  readonly input: EvaluationInput;
  readonly answer: Answer;
  /** The answer as a result: a refused request is an implicit deny. */
  readonly result: EvaluationResult;
  readonly labels: PolicyLabels;
}

/** Decides requests for one scope, with memoization. */
export class Decider {
  private readonly memo = new Map<string, Verdict>();
  private readonly kmsMemo = new Map<string, Verdict | undefined>();

  constructor(private readonly scope: AccessScope) {}

  /** The decision for one request. */
  decide(request: RequestSpec): Verdict {
    // NAT and internet requests carry the same context and no endpoint policy: they share one decision.
    const from = request.origin.endpointPolicy === null ? "-" : request.origin.origin;
    const key = [request.principal.label, request.principal.arn, from, request.action, request.resource, request.bucket.address].join("|");
    let verdict = this.memo.get(key);
    if (verdict === undefined) {
      verdict = this.decideOnce(request);
      this.memo.set(key, verdict);
    }
    return verdict;
  }

  private decideOnce(request: RequestSpec): Verdict {
    const { principal, origin, bucket } = request;
    const bucketLabel = this.scope.buckets.length > 1 ? `bucket policy of ${bucket.address}` : "bucket policy";
    const notes = [...principal.unresolved, ...optional(leftOutNote(bucket.policy, bucketLabel)), ...optional(origin.unresolved)];
    const context = { ...principal.context, ...origin.context, "aws:SecureTransport": "true" };
    const s3Request = { principal: principal.arn, action: request.action, resource: request.resource, resourceAccount: this.scope.account, context };
    const checked = askAt(principal, s3Request, labeled(bucket.policy, bucketLabel), origin.endpointPolicy);
    const unknown = unknownDependence(checked.input);
    if (unknown !== undefined) return unknownVerdict(unknown, notes);
    const unknownPolicies = { identity: principal.identityUnknown === true, resource: documentUnknown(bucket.policy), endpoint: origin.policyUnknown === true };
    const unknownPolicy = unknownPolicyDependence(checked.input, unknownPolicies);
    if (unknownPolicy !== undefined) return unknownVerdict(unknownPolicy, notes);
    const verdict = this.withKms(s3Verdict(checked, request, notes), request);
    const sameAccount = sameAccountDecision(checked, principal, this.scope.account);
    if (sameAccount !== undefined) {
      const dependsOn = `unknown until apply: the bucket's account ${this.scope.account} may be the principal's ${principal.context["aws:PrincipalAccount"] ?? ""} (then ${sameAccount}) or another`;
      return { ...verdict, because: `${dependsOn} (then ${verdict.decision}: ${verdict.because})`, dependsOn };
    }
    if (origin.external !== true || verdict.decision !== "Allow") return verdict;
    // The other policies allow it; the endpoint's own policy, outside the input, may still refuse.
    const dependsOn = `unknown: the policy of ${origin.origin.slice("endpoint:".length)} is outside the input`;
    return { ...verdict, because: `${dependsOn}, and the other policies allow it (${verdict.because})`, dependsOn };
  }

  /** The S3 verdict, joined with the KMS checkpoint when S3 allows an object read or write on an SSE-KMS bucket. */
  private withKms(s3: Verdict, request: RequestSpec): Verdict {
    if (s3.decision !== "Allow") return s3;
    const kms = this.kmsVerdict(request);
    if (kms === undefined) return s3;
    if (kms.decision !== "Allow") return { ...kms, because: `S3 would allow it, but KMS refuses: ${kms.because}` };
    return { decision: "Allow", because: `${s3.because}; KMS: ${kms.because}`, unresolved: [...s3.unresolved, ...kms.unresolved] };
  }

  /** The KMS checkpoint's verdict for object reads and writes on an SSE-KMS bucket; undefined when there is none to evaluate. */
  private kmsVerdict(request: RequestSpec): Verdict | undefined {
    const action = KMS_ACTION[request.action.toLowerCase()];
    const key = bucketKey(this.scope, request.bucket);
    if (action === undefined || key === undefined) return undefined;
    const memoKey = `${request.principal.label}|${request.principal.arn}|${action}|${key.address}`;
    if (!this.kmsMemo.has(memoKey)) this.kmsMemo.set(memoKey, this.kmsOnce(request.principal, action, key));
    return this.kmsMemo.get(memoKey);
  }

  private kmsOnce(principal: PrincipalSpec, action: string, key: KmsKeyModel): Verdict | undefined {
    const keyPolicy = key.policy.state === "absent" ? defaultKeyPolicy(this.scope, key) : labeled(key.policy, "key policy");
    if (keyPolicy === undefined) return unknownVerdict(`${action}, not evaluated`, optional(leftOutNote(key.policy, "key policy")));
    const context = { ...principal.context, "kms:ViaService": s3ViaService(this.scope.region), "kms:CallerAccount": principal.context["aws:PrincipalAccount"] ?? this.scope.account };
    // A literal key ARN names its own account (perhaps another than the configuration's); a reference does not.
    const literal = arnAccount(key.arnRef);
    const owner = literal === undefined || literal.includes("${") ? { resourceAccount: this.scope.account } : {};
    const checked = askAt(principal, { principal: principal.arn, action, resource: key.arnRef, ...owner, context }, keyPolicy, null);
    const unknown = unknownDependence(checked.input);
    if (unknown !== undefined) return unknownVerdict(`${action}: ${unknown}`, principal.unresolved);
    if (checked.result.rule !== undefined) return { decision: checked.result.decision, because: ruleSentence(checked.result.rule, action), deniedBy: "KMS (same-account-only operation)", unresolved: [] };
    if (checked.result.decision === "Allow") return { decision: "Allow", because: `${action} ${describeDecision(checked.result, checked.labels)}`, unresolved: principal.unresolved };
    if (checked.result.decision === "ExplicitDeny") return { decision: "ExplicitDeny", because: `${action} ${describeDecision(checked.result, checked.labels)}`, deniedBy: "KMS key policy", deniedAt: DenyingHop.KMS_KEY_POLICY, unresolved: [] };
    const delegates = reevaluate(checked, { identityPolicies: [ALLOW_ALL] }).decision === "Allow";
    const because = delegates ? `the key policy of ${key.address} leaves ${action} to IAM, and ${noGrant(action, { identity: checked.labels.identity }, "key policy")}` : `no statement in the key policy of ${key.address} allows ${action} for this principal`;
    return { decision: "ImplicitDeny", because: withNotes(because, principal.unresolved), deniedBy: delegates ? "role policy (KMS)" : "KMS key policy", deniedAt: delegates ? DenyingHop.KMS_ROLE_POLICY : DenyingHop.KMS_KEY_POLICY, unresolved: principal.unresolved };
  }
}

/** The S3 checkpoint's verdict, naming the failing gate on an implicit deny. */
function s3Verdict(checked: Checkpoint, request: RequestSpec, notes: readonly string[]): Verdict {
  const { answer, result, labels } = checked;
  if (answer.kind === "refused") {
    const because = `not evaluated: the evaluator refuses the request (${answer.problem})`;
    return { decision: "ImplicitDeny", because: withNotes(because, notes), deniedBy: "request", unresolved: notes, dependsOn: because };
  }
  if (result.decision === "ExplicitDeny") {
    const first = result.decisive[0];
    const deniedAt = first?.policy === "endpoint" ? DenyingHop.ENDPOINT_POLICY : first?.policy === "identity" ? DenyingHop.ROLE_POLICY : DenyingHop.BUCKET_POLICY;
    const deniedBy = first?.policy === "endpoint" ? labels.endpoint : first?.policy === "identity" ? "role policy" : "bucket policy";
    return { decision: "ExplicitDeny", because: describeDecision(result, labels), deniedBy: deniedBy ?? "bucket policy", deniedAt, unresolved: [] };
  }
  if (result.rule !== undefined) {
    const because = withNotes(ruleSentence(result.rule, request.action), notes);
    return result.decision === "Allow" ? { decision: "Allow", because, unresolved: notes } : { decision: result.decision, because, deniedBy: "S3 (bucket owner's account only)", unresolved: notes };
  }
  if (result.decision === "Allow") return { decision: "Allow", because: withNotes(describeDecision(result, labels), notes), unresolved: notes };
  // The gate check evaluates the endpoint policy alone: cheap, unlike re-running the bucket policy.
  const endpointGate = checked.input.endpointPolicy !== null && reevaluate(checked, { identityPolicies: [ALLOW_ALL], resourcePolicy: FULL_ACCESS }).decision !== "Allow";
  if (endpointGate) return { decision: "ImplicitDeny", because: withNotes(`no statement in the ${labels.endpoint ?? "endpoint policy"} allows ${request.action}`, notes), deniedBy: labels.endpoint ?? "endpoint policy", deniedAt: DenyingHop.ENDPOINT_POLICY, unresolved: notes };
  if (isCrossAccount(request.principal, checked.input.request.resourceAccount) && reevaluate(checked, { resourcePolicy: FULL_ACCESS }).decision === "Allow") {
    const because = withNotes(crossAccountNoGrant(request.action, request.principal.context["aws:PrincipalAccount"] ?? "", labels.resource), notes);
    return { decision: "ImplicitDeny", because, deniedBy: "bucket policy", deniedAt: DenyingHop.BUCKET_POLICY, unresolved: notes };
  }
  const byRole = request.principal.identityPolicies.length > 0 || request.principal.role !== undefined;
  const because = withNotes(noGrant(request.action, { identity: labels.identity, ...(labels.resource === undefined ? {} : { resource: labels.resource }) }, "bucket policy"), notes);
  return { decision: "ImplicitDeny", because, deniedBy: byRole ? "role policy" : "bucket policy", deniedAt: byRole ? DenyingHop.ROLE_POLICY : DenyingHop.BUCKET_POLICY, unresolved: notes };
}

/** Asks the evaluator about one checkpoint: the principal's identity policies, the resource policy and the endpoint gate. */
function askAt(principal: PrincipalSpec, request: EvaluationInput["request"], resource: LabeledPolicy | undefined, endpoint: LabeledPolicy | null): Checkpoint {
  const input: EvaluationInput = {
    request,
    identityPolicies: principal.identityPolicies.map((policy) => policy.document),
    resourcePolicy: resource?.document ?? null,
    endpointPolicy: endpoint?.document ?? null,
  };
  const labels: PolicyLabels = {
    identity: principal.identityPolicies.map((policy) => policy.label),
    ...(resource === undefined ? {} : { resource: resource.label }),
    ...(endpoint === null ? {} : { endpoint: endpoint.label }),
  };
  const answer = ask(input);
  return { input, answer, result: resultOf(answer), labels };
}

/** The result of the checkpoint's request with part of its input changed (another policy in place of one), to find which gate decided. */
function reevaluate(checked: Checkpoint, change: Partial<EvaluationInput>): EvaluationResult {
  return resultOf(ask({ ...checked.input, ...change }));
}

/** AWS's default key policy: the account's IAM policies decide. */
function defaultKeyPolicy(scope: AccessScope, key: KmsKeyModel): LabeledPolicy {
  const document: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "DefaultKeyPolicy", Effect: "Allow", Principal: { AWS: `arn:${scope.partition}:iam::${scope.account}:root` }, Action: "kms:*", Resource: "*" }] };
  return { document, label: `default key policy (${key.address} has none)` };
}

/** The verdict of a request whose decision depends on a value the input does not determine. */
function unknownVerdict(reason: string, notes: readonly string[]): Verdict {
  return { decision: "Unknown", because: withNotes(`depends on ${reason}`, notes), deniedBy: "an unknown value", unresolved: notes };
}

/** A signed principal whose account is not the bucket's. */
function isCrossAccount(principal: PrincipalSpec, resourceAccount: string | undefined): boolean {
  const account = principal.context["aws:PrincipalAccount"];
  return account !== undefined && resourceAccount !== undefined && account !== resourceAccount;
}

/**
 * When one of the two accounts is a Terraform expression known only at apply and the other is a
 * literal, they may be the same account or not: the S3 decision were they the same, when it differs
 * from the one the evaluator gave comparing them as different strings; undefined otherwise.
 */
function sameAccountDecision(checked: Checkpoint, principal: PrincipalSpec, resourceAccount: string): Decision | undefined {
  const account = principal.context["aws:PrincipalAccount"];
  if (account === undefined || account === resourceAccount || account.includes("${") === resourceAccount.includes("${")) return undefined;
  const same = reevaluate(checked, { request: { ...checked.input.request, resourceAccount: account } });
  return same.decision === checked.result.decision ? undefined : same.decision;
}

function optional(value: string | undefined): string[] {
  return value === undefined ? [] : [value];
}
