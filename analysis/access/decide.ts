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
import { crossAccountNoGrant, describeDecision, noGrant, ruleSentence, statementsReason, withNotes, type PolicyLabels } from "./because";
import type { OriginSpec } from "./origins";
import { ALLOW_ALL, documentUnknown, FULL_ACCESS, labeled, leftOutNote, type LabeledPolicy } from "./policies";
import type { PrincipalSpec } from "./principals";
import { bucketKey, type AccessScope } from "./scope";
import { Gate } from "./types";
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
  /** The gate that denied: the route, an endpoint's policy, the bucket policy, the role policy, the KMS key policy, ... */
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

/**
 * One policy checkpoint of a request (the S3 request, or the KMS request S3 makes): what was asked, the answer, and the
 * policies' labels.
 */
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
    const s3Request = {
      principal: principal.arn,
      action: request.action,
      resource: request.resource,
      resourceAccount: this.scope.account,
      context,
    };
    const checked = askAt(principal, s3Request, labeled(bucket.policy, bucketLabel), origin.endpointPolicy);
    const unknown = unknownDependence(checked.input);
    if (unknown !== undefined) return unknownVerdict(unknown, notes);
    const unknownPolicies = {
      identity: principal.identityUnknown === true,
      resource: documentUnknown(bucket.policy),
      endpoint: origin.policyUnknown === true,
    };
    const unknownPolicy = unknownPolicyDependence(checked.input, unknownPolicies);
    if (unknownPolicy !== undefined) return unknownVerdict(unknownPolicy, notes);
    const verdict = this.withKms(s3Verdict(checked, request, notes), request);
    const sameAccount = sameAccountDecision(checked, principal, this.scope.account);
    if (sameAccount !== undefined) {
      const dependsOn =
        `unknown until apply: the bucket's account ${this.scope.account} may be the principal's ` +
        `${principal.context["aws:PrincipalAccount"] ?? ""} (then ${sameAccount}) or another`;
      return { ...verdict, because: `${dependsOn} (then ${verdict.decision}: ${verdict.because})`, dependsOn };
    }
    if (origin.externalEndpointId === undefined || verdict.decision !== "Allow") return verdict;
    // The other policies allow it; the endpoint's own policy, outside the input, may still refuse.
    const dependsOn = `unknown: the policy of ${origin.externalEndpointId} is outside the input`;
    return { ...verdict, because: `${dependsOn}, and the other policies allow it (${verdict.because})`, dependsOn };
  }

  /** The S3 verdict, joined with the KMS checkpoint when S3 allows an object read or write on an SSE-KMS bucket. */
  private withKms(s3: Verdict, request: RequestSpec): Verdict {
    if (s3.decision !== "Allow") return s3;
    const kms = this.kmsVerdict(request);
    if (kms === undefined) return s3;
    const reason = withKmsReason(s3.reason, KMS_ACTION[request.action.toLowerCase()] ?? "", kms.reason);
    if (kms.decision !== "Allow") return { ...kms, reason, because: `S3 would allow it, but KMS refuses: ${kms.because}` };
    return { decision: "Allow", reason, because: `${s3.because}; KMS: ${kms.because}`, unresolved: [...s3.unresolved, ...kms.unresolved] };
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
    const context = {
      ...principal.context,
      "kms:ViaService": s3ViaService(this.scope.region),
      "kms:CallerAccount": principal.context["aws:PrincipalAccount"] ?? this.scope.account,
    };
    // A literal key ARN names its own account (perhaps another than the configuration's); a reference does not.
    const literal = arnAccount(key.arnRef);
    const owner = literal === undefined || literal.includes("${") ? { resourceAccount: this.scope.account } : {};
    const checked = askAt(principal, { principal: principal.arn, action, resource: key.arnRef, ...owner, context }, keyPolicy, null, "key");
    const unknown = unknownDependence(checked.input);
    if (unknown !== undefined) return unknownVerdict(`${action}: ${unknown}`, principal.unresolved);
    if (checked.result.rule !== undefined)
      return {
        decision: checked.result.decision,
        reason: { kind: "rule", rule: checked.result.rule },
        because: ruleSentence(checked.result.rule, action),
        deniedBy: { gate: Gate.KMS_KEY_ACCOUNT },
        unresolved: [],
      };
    const reason = statementsReason(checked.result, checked.labels);
    if (checked.result.decision === "Allow")
      return {
        decision: "Allow",
        reason,
        because: `${action} ${describeDecision(checked.result, checked.labels)}`,
        unresolved: principal.unresolved,
      };
    if (checked.result.decision === "ExplicitDeny")
      return {
        decision: "ExplicitDeny",
        reason,
        because: `${action} ${describeDecision(checked.result, checked.labels)}`,
        deniedBy: { gate: Gate.KMS_KEY_POLICY },
        unresolved: [],
      };
    const delegates = reevaluate(checked, { identityPolicies: [ALLOW_ALL] }).decision === "Allow";
    const because = delegates
      ? `the key policy of ${key.address} leaves ${action} to IAM, and ` +
        `${noGrant(action, { identity: checked.labels.identity }, "key policy")}`
      : `no statement in the key policy of ${key.address} allows ${action} for this principal`;
    const gate = delegates ? Gate.KMS_ROLE_POLICY : Gate.KMS_KEY_POLICY;
    return {
      decision: "ImplicitDeny",
      reason: { kind: "implicit-deny", gate },
      because: withNotes(because, principal.unresolved),
      deniedBy: { gate: gate },
      unresolved: principal.unresolved,
    };
  }
}

/** The reason of an S3 allow joined with the KMS checkpoint's; a KMS decision that turns on an unknown value is the reason itself. */
function withKmsReason(s3: Reason, action: string, kms: Reason): Reason {
  if (kms.kind === "unknown") return kms;
  return s3.kind === "statements" || s3.kind === "rule" ? { ...s3, kms: { action, reason: kms } } : s3;
}

/** The S3 checkpoint's verdict, naming the failing gate on an implicit deny. */
function s3Verdict(checked: Checkpoint, request: RequestSpec, notes: readonly string[]): Verdict {
  const { answer, result, labels } = checked;
  if (answer.kind === "refused") {
    const because = `not evaluated: the evaluator refuses the request (${answer.problem})`;
    return {
      decision: "ImplicitDeny",
      reason: { kind: "implicit-deny", gate: Gate.REQUEST },
      because: withNotes(because, notes),
      deniedBy: { gate: Gate.REQUEST },
      unresolved: notes,
      dependsOn: because,
    };
  }
  if (result.decision === "ExplicitDeny") {
    const first = result.decisive[0];
    const deniedAt =
      first?.policy === "endpoint" ? Gate.ENDPOINT_POLICY : first?.policy === "identity" ? Gate.ROLE_POLICY : Gate.BUCKET_POLICY;
    const deniedBy: DeniedBy =
      deniedAt === Gate.ENDPOINT_POLICY && labels.endpoint !== undefined ? { gate: deniedAt, policy: labels.endpoint } : { gate: deniedAt };
    return {
      decision: "ExplicitDeny",
      reason: statementsReason(result, labels),
      because: describeDecision(result, labels),
      deniedBy,
      unresolved: [],
    };
  }
  if (result.rule !== undefined) {
    const because = withNotes(ruleSentence(result.rule, request.action), notes);
    const reason: Reason = { kind: "rule", rule: result.rule };
    return result.decision === "Allow"
      ? { decision: "Allow", reason, because, unresolved: notes }
      : { decision: result.decision, reason, because, deniedBy: { gate: Gate.BUCKET_OWNER_ACCOUNT }, unresolved: notes };
  }
  if (result.decision === "Allow")
    return {
      decision: "Allow",
      reason: statementsReason(result, labels),
      because: withNotes(describeDecision(result, labels), notes),
      unresolved: notes,
    };
  // The gate check evaluates the endpoint policy alone: cheap, unlike re-running the bucket policy.
  const endpointGate =
    checked.input.endpointPolicy !== null &&
    reevaluate(checked, { identityPolicies: [ALLOW_ALL], resourcePolicy: FULL_ACCESS }).decision !== "Allow";
  if (endpointGate) {
    const because = withNotes(`no statement in the ${labels.endpoint?.label ?? "endpoint policy"} allows ${request.action}`, notes);
    const deniedBy: DeniedBy =
      labels.endpoint === undefined ? { gate: Gate.ENDPOINT_POLICY } : { gate: Gate.ENDPOINT_POLICY, policy: labels.endpoint };
    return {
      decision: "ImplicitDeny",
      reason: { kind: "implicit-deny", gate: Gate.ENDPOINT_POLICY },
      because,
      deniedBy,
      unresolved: notes,
    };
  }
  if (
    isCrossAccount(request.principal, checked.input.request.resourceAccount) &&
    reevaluate(checked, { resourcePolicy: FULL_ACCESS }).decision === "Allow"
  ) {
    const because = withNotes(
      crossAccountNoGrant(request.action, request.principal.context["aws:PrincipalAccount"] ?? "", labels.resource),
      notes,
    );
    return {
      decision: "ImplicitDeny",
      reason: { kind: "implicit-deny", gate: Gate.BUCKET_POLICY },
      because,
      deniedBy: { gate: Gate.BUCKET_POLICY },
      unresolved: notes,
    };
  }
  const byRole = request.principal.identityPolicies.length > 0 || request.principal.role !== undefined;
  const because = withNotes(
    noGrant(
      request.action,
      { identity: labels.identity, ...(labels.resource === undefined ? {} : { resource: labels.resource }) },
      "bucket policy",
    ),
    notes,
  );
  const gate = byRole ? Gate.ROLE_POLICY : Gate.BUCKET_POLICY;
  return { decision: "ImplicitDeny", reason: { kind: "implicit-deny", gate }, because, deniedBy: { gate: gate }, unresolved: notes };
}

/** Asks the evaluator about one checkpoint: the principal's identity policies, the resource policy and the endpoint gate. */
function askAt(
  principal: PrincipalSpec,
  request: EvaluationInput["request"],
  resource: LabeledPolicy | undefined,
  endpoint: LabeledPolicy | null,
  resourceKind: "resource" | "key" = "resource",
): Checkpoint {
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
  const answer = ask(input);
  return { input, answer, result: resultOf(answer), labels };
}

function policyRef(kind: PolicyRef["kind"], policy: LabeledPolicy): PolicyRef {
  return { kind, ...(policy.address === undefined ? {} : { address: policy.address }), label: policy.label };
}

/** The result of the checkpoint's request with part of its input changed (another policy in place of one), to find which gate decided. */
function reevaluate(checked: Checkpoint, change: Partial<EvaluationInput>): EvaluationResult {
  return resultOf(ask({ ...checked.input, ...change }));
}

/** AWS's default key policy: the account's IAM policies decide. */
function defaultKeyPolicy(scope: AccessScope, key: KmsKeyModel): LabeledPolicy {
  const document: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DefaultKeyPolicy",
        Effect: "Allow",
        Principal: { AWS: `arn:${scope.partition}:iam::${scope.account}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
  return { document, label: `default key policy (${key.address} has none)` };
}

/** The verdict of a request whose decision depends on a value the input does not determine. */
function unknownVerdict(reason: string, notes: readonly string[]): Verdict {
  return {
    decision: "Unknown",
    reason: { kind: "unknown", value: reason },
    because: withNotes(`depends on ${reason}`, notes),
    deniedBy: { gate: Gate.UNKNOWN_VALUE },
    unresolved: notes,
  };
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
