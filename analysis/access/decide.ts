/**
 * Decides one request of the matrix: the S3 hop (identity, bucket and endpoint policies) and, for
 * object reads and writes on an SSE-KMS bucket, the KMS hop S3 makes on the caller's behalf (key
 * policy, identity policies, `kms:ViaService`, no endpoint policy). Results are memoized: requests
 * that differ only by an origin with the same context (NAT and internet) are decided once.
 */
import { s3ViaService } from "../aws-facts";
import { evaluate, PolicyError } from "../policy";
import { arnAccount } from "../policy/arn";
import type { Decision, EvaluationInput, EvaluationResult, PolicyDocument } from "../policy/types";
import type { BucketModel, KmsKeyModel } from "../topology/model";
import { crossAccountNoGrant, describeDecision, noGrant, ruleSentence, statementsReason, withNotes, type PolicyLabels } from "./because";
import type { OriginSpec } from "./origins";
import { ALLOW_ALL, FULL_ACCESS, usable, type LabeledPolicy } from "./policies";
import type { PrincipalSpec } from "./principals";
import { bucketKey, type AccessScope } from "./scope";
import { DenyingHop } from "./types";
import type { AccessDecision, DeniedBy, PolicyRef, Reason } from "./types";
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
  /** What decided, typed; `because` words it. */
  readonly reason: Reason;
  readonly because: string;
  /** The hop that denied: an endpoint's policy, the bucket policy, the role policy, the KMS key policy, ... */
  readonly deniedBy?: DeniedBy;
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

/** An evaluation; `refused` holds the evaluator's complaint when it refused the request (a malformed principal ARN). */
type Evaluated = EvaluationResult & { readonly refused?: string };

interface Hop {
  readonly result: Evaluated;
  readonly labels: PolicyLabels;
  readonly input: EvaluationInput;
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
    const bucketPolicy = usable(bucket.policy, "resource", this.scope.buckets.length > 1 ? `bucket policy of ${bucket.address}` : "bucket policy");
    const notes = [...principal.unresolved, ...optional(bucketPolicy.unresolved), ...optional(origin.unresolved)];
    const context = { ...principal.context, ...origin.context, "aws:SecureTransport": "true" };
    const s3Request = { principal: principal.arn, action: request.action, resource: request.resource, resourceAccount: this.scope.account, context };
    const hop = run(principal, s3Request, bucketPolicy.policy, origin.endpointPolicy);
    const unknown = unknownDependence(hop.input, safeEvaluate);
    if (unknown !== undefined) return unknownVerdict(unknown, notes);
    const unknownPolicies = { identity: principal.identityUnknown === true, resource: bucketPolicy.documentUnknown === true, endpoint: origin.policyUnknown === true };
    const unknownPolicy = unknownPolicyDependence(hop.input, unknownPolicies, safeEvaluate);
    if (unknownPolicy !== undefined) return unknownVerdict(unknownPolicy, notes);
    const verdict = this.withKms(s3Verdict(hop, request, notes), request);
    const sameAccount = sameAccountDecision(hop, principal, this.scope.account);
    if (sameAccount !== undefined) {
      const dependsOn = `unknown until apply: the bucket's account ${this.scope.account} may be the principal's ${principal.context["aws:PrincipalAccount"] ?? ""} (then ${sameAccount}) or another`;
      return { ...verdict, because: `${dependsOn} (then ${verdict.decision}: ${verdict.because})`, dependsOn };
    }
    if (origin.externalEndpointId === undefined || verdict.decision !== "Allow") return verdict;
    // The other policies allow it; the endpoint's own policy, outside the input, may still refuse.
    const dependsOn = `unknown: the policy of ${origin.externalEndpointId} is outside the input`;
    return { ...verdict, because: `${dependsOn}, and the other policies allow it (${verdict.because})`, dependsOn };
  }

  /** The S3 verdict, joined with the KMS hop when S3 allows an object read or write on an SSE-KMS bucket. */
  private withKms(s3: Verdict, request: RequestSpec): Verdict {
    if (s3.decision !== "Allow") return s3;
    const kms = this.kmsHop(request);
    if (kms === undefined) return s3;
    const reason = withKmsReason(s3.reason, KMS_ACTION[request.action.toLowerCase()] ?? "", kms.reason);
    if (kms.decision !== "Allow") return { ...kms, reason, because: `S3 would allow it, but KMS refuses: ${kms.because}` };
    return { decision: "Allow", reason, because: `${s3.because}; KMS: ${kms.because}`, unresolved: [...s3.unresolved, ...kms.unresolved] };
  }

  /** The KMS hop for object reads and writes on an SSE-KMS bucket; undefined when there is none to evaluate. */
  private kmsHop(request: RequestSpec): Verdict | undefined {
    const action = KMS_ACTION[request.action.toLowerCase()];
    const key = bucketKey(this.scope, request.bucket);
    if (action === undefined || key === undefined) return undefined;
    const memoKey = `${request.principal.label}|${request.principal.arn}|${action}|${key.address}`;
    if (!this.kmsMemo.has(memoKey)) this.kmsMemo.set(memoKey, this.kmsOnce(request.principal, action, key));
    return this.kmsMemo.get(memoKey);
  }

  private kmsOnce(principal: PrincipalSpec, action: string, key: KmsKeyModel): Verdict | undefined {
    const keyPolicy = key.policy === undefined ? { policy: defaultKeyPolicy(this.scope, key) } : usable(key.policy, "resource", "key policy");
    if (keyPolicy.policy === undefined) return unknownVerdict(`${action}, not evaluated`, optional(keyPolicy.unresolved));
    const context = { ...principal.context, "kms:ViaService": s3ViaService(this.scope.region), "kms:CallerAccount": principal.context["aws:PrincipalAccount"] ?? this.scope.account };
    // A literal key ARN names its own account (perhaps another than the configuration's); a reference does not.
    const literal = arnAccount(key.arnRef);
    const owner = literal === undefined || literal.includes("${") ? { resourceAccount: this.scope.account } : {};
    const hop = run(principal, { principal: principal.arn, action, resource: key.arnRef, ...owner, context }, keyPolicy.policy, null, "key");
    const unknown = unknownDependence(hop.input, safeEvaluate);
    if (unknown !== undefined) return unknownVerdict(`${action}: ${unknown}`, principal.unresolved);
    if (hop.result.rule !== undefined) return { decision: hop.result.decision, reason: { kind: "rule", rule: hop.result.rule }, because: ruleSentence(hop.result.rule, action), deniedBy: { hop: DenyingHop.KMS_KEY_ACCOUNT }, unresolved: [] };
    const reason = statementsReason(hop.result, hop.labels);
    if (hop.result.decision === "Allow") return { decision: "Allow", reason, because: `${action} ${describeDecision(hop.result, hop.labels)}`, unresolved: principal.unresolved };
    if (hop.result.decision === "ExplicitDeny") return { decision: "ExplicitDeny", reason, because: `${action} ${describeDecision(hop.result, hop.labels)}`, deniedBy: { hop: DenyingHop.KMS_KEY_POLICY }, unresolved: [] };
    const delegates = retry(hop, { identityPolicies: [ALLOW_ALL] }).decision === "Allow";
    const because = delegates ? `the key policy of ${key.address} leaves ${action} to IAM, and ${noGrant(action, { identity: hop.labels.identity }, "key policy")}` : `no statement in the key policy of ${key.address} allows ${action} for this principal`;
    const gate = delegates ? DenyingHop.KMS_ROLE_POLICY : DenyingHop.KMS_KEY_POLICY;
    return { decision: "ImplicitDeny", reason: { kind: "implicit-deny", gate }, because: withNotes(because, principal.unresolved), deniedBy: { hop: gate }, unresolved: principal.unresolved };
  }
}

/** The reason of an S3 allow joined with the KMS hop's; a KMS decision that turns on an unknown value is the reason itself. */
function withKmsReason(s3: Reason, action: string, kms: Reason): Reason {
  if (kms.kind === "unknown") return kms;
  return s3.kind === "statements" || s3.kind === "rule" ? { ...s3, kms: { action, reason: kms } } : s3;
}

/** The S3 hop's verdict, naming the failing gate on an implicit deny. */
function s3Verdict(hop: Hop, request: RequestSpec, notes: readonly string[]): Verdict {
  const { result, labels } = hop;
  if (result.refused !== undefined) {
    const because = `not evaluated: the evaluator refuses the request (${result.refused})`;
    return { decision: "ImplicitDeny", reason: { kind: "implicit-deny", gate: DenyingHop.REQUEST }, because: withNotes(because, notes), deniedBy: { hop: DenyingHop.REQUEST }, unresolved: notes, dependsOn: because };
  }
  if (result.decision === "ExplicitDeny") {
    const first = result.decisive[0];
    const deniedAt = first?.policy === "endpoint" ? DenyingHop.ENDPOINT_POLICY : first?.policy === "identity" ? DenyingHop.ROLE_POLICY : DenyingHop.BUCKET_POLICY;
    const deniedBy: DeniedBy = deniedAt === DenyingHop.ENDPOINT_POLICY && labels.endpoint !== undefined ? { hop: deniedAt, policy: labels.endpoint } : { hop: deniedAt };
    return { decision: "ExplicitDeny", reason: statementsReason(result, labels), because: describeDecision(result, labels), deniedBy, unresolved: [] };
  }
  if (result.rule !== undefined) {
    const because = withNotes(ruleSentence(result.rule, request.action), notes);
    const reason: Reason = { kind: "rule", rule: result.rule };
    return result.decision === "Allow" ? { decision: "Allow", reason, because, unresolved: notes } : { decision: result.decision, reason, because, deniedBy: { hop: DenyingHop.BUCKET_OWNER_ACCOUNT }, unresolved: notes };
  }
  if (result.decision === "Allow") return { decision: "Allow", reason: statementsReason(result, labels), because: withNotes(describeDecision(result, labels), notes), unresolved: notes };
  // The gate check evaluates the endpoint policy alone: cheap, unlike re-running the bucket policy.
  const endpointGate = hop.input.endpointPolicy !== null && retry(hop, { identityPolicies: [ALLOW_ALL], resourcePolicy: FULL_ACCESS }).decision !== "Allow";
  if (endpointGate) {
    const because = withNotes(`no statement in the ${labels.endpoint?.label ?? "endpoint policy"} allows ${request.action}`, notes);
    const deniedBy: DeniedBy = labels.endpoint === undefined ? { hop: DenyingHop.ENDPOINT_POLICY } : { hop: DenyingHop.ENDPOINT_POLICY, policy: labels.endpoint };
    return { decision: "ImplicitDeny", reason: { kind: "implicit-deny", gate: DenyingHop.ENDPOINT_POLICY }, because, deniedBy, unresolved: notes };
  }
  if (isCrossAccount(request.principal, hop.input.request.resourceAccount) && retry(hop, { resourcePolicy: FULL_ACCESS }).decision === "Allow") {
    const because = withNotes(crossAccountNoGrant(request.action, request.principal.context["aws:PrincipalAccount"] ?? "", labels.resource), notes);
    return { decision: "ImplicitDeny", reason: { kind: "implicit-deny", gate: DenyingHop.BUCKET_POLICY }, because, deniedBy: { hop: DenyingHop.BUCKET_POLICY }, unresolved: notes };
  }
  const byRole = request.principal.identityPolicies.length > 0 || request.principal.role !== undefined;
  const because = withNotes(noGrant(request.action, { identity: labels.identity, ...(labels.resource === undefined ? {} : { resource: labels.resource }) }, "bucket policy"), notes);
  const gate = byRole ? DenyingHop.ROLE_POLICY : DenyingHop.BUCKET_POLICY;
  return { decision: "ImplicitDeny", reason: { kind: "implicit-deny", gate }, because, deniedBy: { hop: gate }, unresolved: notes };
}

function run(principal: PrincipalSpec, request: EvaluationInput["request"], resource: LabeledPolicy | undefined, endpoint: LabeledPolicy | null, resourceKind: "resource" | "key" = "resource"): Hop {
  const input: EvaluationInput = {
    request,
    identityPolicies: principal.identityPolicies.map((policy) => policy.document),
    resourcePolicy: resource?.document ?? null,
    endpointPolicy: endpoint?.document ?? null,
  };
  const labels: PolicyLabels = {
    identity: principal.identityPolicies.map((policy) => policyRef("identity", policy)),
    ...(resource === undefined ? {} : { resource: policyRef(resourceKind, resource) }),
    ...(endpoint === null ? {} : { endpoint: policyRef("endpoint", endpoint) }),
  };
  return { result: safeEvaluate(input), labels, input };
}

function policyRef(kind: PolicyRef["kind"], policy: LabeledPolicy): PolicyRef {
  return { kind, ...(policy.address === undefined ? {} : { address: policy.address }), label: policy.label };
}

function retry(hop: Hop, change: Partial<EvaluationInput>): EvaluationResult {
  return safeEvaluate({ ...hop.input, ...change });
}

/** Evaluates; a malformed request (a principal the evaluator refuses) is an implicit deny saying why, rather than a crash. */
function safeEvaluate(input: EvaluationInput): Evaluated {
  try {
    return evaluate(input);
  } catch (error) {
    if (error instanceof PolicyError) return { decision: "ImplicitDeny", decisive: [], refused: error.message };
    throw error;
  }
}

/** AWS's default key policy: the account's IAM policies decide. */
function defaultKeyPolicy(scope: AccessScope, key: KmsKeyModel): LabeledPolicy {
  const document: PolicyDocument = { Version: "2012-10-17", Statement: [{ Sid: "DefaultKeyPolicy", Effect: "Allow", Principal: { AWS: `arn:${scope.partition}:iam::${scope.account}:root` }, Action: "kms:*", Resource: "*" }] };
  return { document, label: `default key policy (${key.address} has none)` };
}

/** The verdict of a request whose decision depends on a value the input does not determine. */
function unknownVerdict(reason: string, notes: readonly string[]): Verdict {
  return { decision: "Unknown", reason: { kind: "unknown", value: reason }, because: withNotes(`depends on ${reason}`, notes), deniedBy: { hop: DenyingHop.UNKNOWN_VALUE }, unresolved: notes };
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
function sameAccountDecision(hop: Hop, principal: PrincipalSpec, resourceAccount: string): Decision | undefined {
  const account = principal.context["aws:PrincipalAccount"];
  if (account === undefined || account === resourceAccount || account.includes("${") === resourceAccount.includes("${")) return undefined;
  const same = retry(hop, { request: { ...hop.input.request, resourceAccount: account } });
  return same.decision === hop.result.decision ? undefined : same.decision;
}

function optional(value: string | undefined): string[] {
  return value === undefined ? [] : [value];
}
