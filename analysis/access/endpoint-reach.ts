/**
 * What each S3 endpoint lets through to each bucket under review: for every bucket or object action
 * of the access-level table, whether the endpoint's policy grants it, and the end-to-end decision for
 * the worst-case insider (an account principal whose identity policy allows `s3:*` and the bucket key)
 * through that endpoint. The rules "granted means reachable" and "bucket policy changeable through an
 * endpoint" both ask this.
 */
import { actsOnObjects, BUCKET_AND_OBJECT_ACTIONS, grants } from "../access-levels";
import { ask, resultOf } from "../policy";
import type { PolicyDocument } from "../policy/types";
import type { BucketModel, S3EndpointModel, Topology } from "../topology/model";
import { Decider, type Verdict } from "./decide";
import { endpointOrigin, type OriginSpec } from "./origins";
import { ALLOW_ALL } from "./policies";
import { insiderPrincipal, type PrincipalSpec } from "./principals";
import { scopeOf } from "./scope";
import { representativeObject } from "./scripts";

/** One endpoint in front of one bucket. */
export interface EndpointBucket {
  readonly endpoint: S3EndpointModel;
  readonly bucket: BucketModel;
}

/** One action through one endpoint to one bucket, decided end to end. */
export interface ReachCheck {
  readonly action: string;
  /** The bucket ARN, or a representative object's for an object action. */
  readonly resource: string;
  /** The end-to-end decision for the insider through the endpoint. */
  readonly verdict: Verdict;
}

/** False only when no Allow statement of the document can match the action (a NotAction statement always may). */
function mayAllow(document: PolicyDocument | undefined, action: string): boolean {
  if (document === undefined) return true;
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return statements.some((statement) => {
    if (statement.Effect !== "Allow") return false;
    if (statement.Action === undefined) return true;
    return grants(typeof statement.Action === "string" ? [statement.Action] : statement.Action, action);
  });
}

/** Decides requests through the endpoints of one topology, with one memo for all of them. */
export class EndpointReach {
  private readonly decider: Decider;
  private readonly insider: PrincipalSpec;
  private readonly origins = new Map<string, OriginSpec>();
  /** Every endpoint × bucket under review, in input order. */
  public readonly pairs: readonly EndpointBucket[];

  constructor(topology: Topology) {
    const scope = scopeOf(topology);
    this.decider = new Decider(scope);
    this.insider = insiderPrincipal(scope);
    this.pairs = topology.endpoints.flatMap((endpoint) => scope.buckets.map((bucket) => ({ endpoint, bucket })));
  }

  /** Notes on policies of the endpoint the analysis could not use (then AWS's full-access default is assumed). */
  unresolved(pair: EndpointBucket): string | undefined {
    return this.originOf(pair.endpoint).unresolved;
  }

  /**
   * The actions of `among` (by default every bucket and object action of the table) that the endpoint's
   * policy alone lets the insider's request through, on the bucket or its objects.
   */
  granted(pair: EndpointBucket, among: readonly string[] = BUCKET_AND_OBJECT_ACTIONS): string[] {
    const origin = this.originOf(pair.endpoint);
    // Only actions an Allow statement names can pass the gate: a cheap filter before the evaluator decides.
    const candidates = origin.endpointPolicy === null ? among : among.filter((action) => mayAllow(origin.endpointPolicy?.document, action));
    return candidates.filter((action) => this.gateOpen(origin, action, this.resourceOf(pair, action)));
  }

  /** The insider's request for one action through the endpoint, decided end to end. */
  check(pair: EndpointBucket, action: string): ReachCheck {
    const resource = this.resourceOf(pair, action);
    const verdict = this.decider.decide({
      principal: this.insider,
      origin: this.originOf(pair.endpoint),
      action,
      resource,
      bucket: pair.bucket,
    });
    return { action, resource, verdict };
  }

  private resourceOf(pair: EndpointBucket, action: string): string {
    return actsOnObjects(action) ? representativeObject(pair.bucket).arn : pair.bucket.arnRef;
  }

  /**
   * The endpoint policy alone, as the gate for the insider's request: identity allows all, no resource policy; a
   * refused request does not pass.
   */
  private gateOpen(origin: OriginSpec, action: string, resource: string): boolean {
    if (origin.endpointPolicy === null) return true;
    const context = { ...this.insider.context, ...origin.context, "aws:SecureTransport": "true" };
    const answer = ask({
      request: { principal: this.insider.arn, action, resource, context },
      identityPolicies: [ALLOW_ALL],
      resourcePolicy: null,
      endpointPolicy: origin.endpointPolicy.document,
    });
    return resultOf(answer).decision === "Allow";
  }

  private originOf(endpoint: S3EndpointModel): OriginSpec {
    let origin = this.origins.get(endpoint.address);
    if (origin === undefined) {
      origin = endpointOrigin(endpoint);
      this.origins.set(endpoint.address, origin);
    }
    return origin;
  }
}
