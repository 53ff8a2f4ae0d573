/**
 * Everything the analyzer needs about one topology, indexed once: lookups by ref and address,
 * the buckets under review, the account and region. Every lookup is a Map access, so that the
 * analysis stays linear in the size of the input.
 */
import { partitionOf } from "../aws-facts";
import type { BucketModel, KmsKeyModel, Topology } from "../topology/model";
import { writtenDocument } from "../topology/policy-read";
import { relationsOf, type TopologyRelations } from "../topology/relations";

/** The indexed topology. */
export interface AccessScope {
  readonly topology: Topology;
  readonly region: string;
  readonly partition: string;
  /** Account id expression or literal; a documentation account when the input does not say. */
  readonly account: string;
  /** The buckets the report is about: those holding objects or guarded by endpoint conditions, else all. */
  readonly buckets: readonly BucketModel[];
  readonly relations: TopologyRelations;
  /** KMS keys by ARN ref, id ref and address. */
  readonly keyByRef: ReadonlyMap<string, KmsKeyModel>;
}

/** The account used when the input names none (the AWS documentation example account). */
const PLACEHOLDER_ACCOUNT = "111122223333";

const scopes = new WeakMap<Topology, AccessScope>();

/** Indexes a topology for the analyzer, once: the matrix, the boot checks, the guards and the rules share it. */
export function scopeOf(topology: Topology): AccessScope {
  let scope = scopes.get(topology);
  if (scope === undefined) {
    scope = indexed(topology);
    scopes.set(topology, scope);
  }
  return scope;
}

function indexed(topology: Topology): AccessScope {
  const region =
    topology.region ??
    topology.endpoints.find((endpoint) => endpoint.region !== undefined)?.region ??
    topology.buckets.find((bucket) => bucket.region !== undefined)?.region ??
    "us-east-1";
  const keyByRef = new Map<string, KmsKeyModel>();
  for (const key of topology.kmsKeys) for (const ref of [key.arnRef, key.idRef, key.address]) keyByRef.set(ref, key);
  return {
    topology,
    region,
    partition: partitionOf(region),
    account: topology.accountRef ?? PLACEHOLDER_ACCOUNT,
    buckets: bucketsUnderReview(topology),
    relations: relationsOf(topology),
    keyByRef,
  };
}

/** Buckets that hold uploaded objects or whose policy conditions on the endpoint or VPC; all buckets when none do. */
function bucketsUnderReview(topology: Topology): BucketModel[] {
  const chosen = topology.buckets.filter(
    (bucket) => bucket.objectKeys.length > 0 || /aws:sourcevpce?"/i.test(JSON.stringify(writtenDocument(bucket.policy) ?? null)),
  );
  return chosen.length > 0 ? chosen : [...topology.buckets];
}

/** The KMS key of a bucket's default encryption, when SSE-KMS with a key of the input. */
export function bucketKey(scope: AccessScope, bucket: BucketModel): KmsKeyModel | undefined {
  return bucket.encryption === "kms" && bucket.kmsKeyRef !== undefined ? scope.keyByRef.get(bucket.kmsKeyRef) : undefined;
}
