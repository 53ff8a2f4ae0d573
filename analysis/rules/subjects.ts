/**
 * The subjects of each kind a rule can judge ({@link SubjectKind}), computed once per topology and
 * then shared by every rule and every run over it (the review, the guards).
 */
import { EndpointReach, type EndpointBucket } from "../access";
import type {
  Address,
  BucketModel,
  InstanceModel,
  PolicyRead,
  RawResource,
  RouteTableModel,
  S3EndpointModel,
  Topology,
} from "../topology/model";
import { relationsOf } from "../topology/relations";
import { identityPolicies, type IdentityPolicy } from "./support/identity-policies";
import { policySubjects, type PolicySubject } from "./support/policy-subjects";
import { securityGroupRules, type SecurityGroupRule } from "./support/security-groups";
import type { SubjectKind } from "./types";

/** The whole stack. */
interface StackSubject {
  /** The stack's name: where findings about the stack as a whole go. */
  readonly address: Address;
  readonly topology: Topology;
}

/** An S3 gateway endpoint and its policy as read. */
export interface EndpointSubject {
  readonly address: Address;
  readonly endpoint: S3EndpointModel;
  readonly read: PolicyRead;
}

/** An endpoint with a bucket; findings go to the endpoint. */
export interface EndpointBucketSubject {
  readonly address: Address;
  readonly endpoint: S3EndpointModel;
  readonly bucket: BucketModel;
}

/** An endpoint in front of a bucket under review, with the access analyzer that decides requests through it. */
export interface EndpointReachSubject {
  readonly address: Address;
  readonly pair: EndpointBucket;
  readonly reach: EndpointReach;
}

/** A resource holding security group rules (a group's inline blocks, or a rule resource) and those rules. */
interface SecurityGroupRulesSubject {
  readonly address: Address;
  readonly rules: readonly SecurityGroupRule[];
}

/** What a subject of each kind is. */
export interface SubjectTypes {
  readonly stack: StackSubject;
  readonly bucket: BucketModel;
  readonly "bucket-policy": PolicySubject;
  readonly endpoint: EndpointSubject;
  readonly "endpoint-bucket": EndpointBucketSubject;
  readonly "endpoint-reach": EndpointReachSubject;
  readonly instance: InstanceModel;
  readonly "ebs-volume": RawResource;
  readonly "kms-key": RawResource;
  readonly "route-table": RouteTableModel;
  readonly vpc: RawResource;
  readonly "identity-policy": IdentityPolicy;
  readonly "policy-attachment": RawResource;
  readonly "security-group-rules": SecurityGroupRulesSubject;
}

const ATTACHMENTS = [
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
  "aws_iam_policy_attachment",
];

const ofType =
  (type: string) =>
  (topology: Topology): readonly RawResource[] =>
    relationsOf(topology).resourcesOfType(type);

const SUBJECTS: { readonly [K in SubjectKind]: (topology: Topology) => readonly SubjectTypes[K][] } = {
  stack: (topology) => [{ address: topology.name, topology }],
  bucket: (topology) => topology.buckets,
  "bucket-policy": policySubjects,
  endpoint: (topology) => topology.endpoints.map((endpoint) => ({ address: endpoint.address, endpoint, read: endpoint.policy })),
  "endpoint-bucket": (topology) =>
    topology.endpoints.flatMap((endpoint) => topology.buckets.map((bucket) => ({ address: endpoint.address, endpoint, bucket }))),
  "endpoint-reach": (topology) => {
    const reach = new EndpointReach(topology);
    return reach.pairs.map((pair) => ({ address: pair.endpoint.address, pair, reach }));
  },
  instance: (topology) => topology.instances,
  "ebs-volume": ofType("aws_ebs_volume"),
  "kms-key": ofType("aws_kms_key"),
  "route-table": (topology) => topology.routeTables,
  vpc: ofType("aws_vpc"),
  "identity-policy": identityPolicies,
  "policy-attachment": (topology) => ATTACHMENTS.flatMap((type) => relationsOf(topology).resourcesOfType(type)),
  "security-group-rules": (topology) => byHolder(securityGroupRules(topology)),
};

/** The rules grouped by the resource that holds them, in the order the holders first appear. */
function byHolder(rules: readonly SecurityGroupRule[]): SecurityGroupRulesSubject[] {
  const holders = new Map<Address, SecurityGroupRule[]>();
  for (const rule of rules) holders.set(rule.address, [...(holders.get(rule.address) ?? []), rule]);
  return [...holders].map(([address, held]) => ({ address, rules: held }));
}

const cache = new WeakMap<Topology, Map<SubjectKind, readonly unknown[]>>();

/** The subjects of one kind in a topology, computed on first use. */
export function subjectsOf<K extends SubjectKind>(topology: Topology, kind: K): readonly SubjectTypes[K][] {
  let kinds = cache.get(topology);
  if (kinds === undefined) {
    kinds = new Map();
    cache.set(topology, kinds);
  }
  let subjects = kinds.get(kind) as readonly SubjectTypes[K][] | undefined;
  if (subjects === undefined) {
    subjects = SUBJECTS[kind](topology);
    kinds.set(kind, subjects);
  }
  return subjects;
}
