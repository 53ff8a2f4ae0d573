/**
 * Identity policies in the configuration: the reader's role policies (which resolve attached
 * `aws_iam_policy` and policy documents), plus every `aws_iam_policy`, `aws_iam_*_policy` and
 * `inline_policy` the roles do not already account for.
 */
import type { Address, PolicyRead, Topology } from "../../topology/model";
import { unresolvedPolicy } from "../../topology/policy-read";
import { relationsOf } from "../../topology/relations";
import { readBlocks, UNRESOLVED } from "../../topology/values";
import { readPolicyAttribute, unjudgeable, whyUnjudgeable } from "./policy";
import { refersTo } from "./references";

const POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"];

export interface IdentityPolicy {
  readonly address: Address;
  readonly read: PolicyRead;
}

export function identityPolicies(topology: Topology): IdentityPolicy[] {
  const fromRoles = topology.roles.flatMap((role) => role.policies.map((read) => ({ address: read.address, read })));
  const seen = new Set(fromRoles.map((policy) => policy.address));
  const relations = relationsOf(topology);
  const raw = POLICY_TYPES.flatMap((type) => relations.resourcesOfType(type))
    .filter((resource) => !seen.has(resource.address) && ![...seen].some((address) => refersTo(resource.values["policy"], address)))
    .map((resource) => ({ address: resource.address, read: readPolicyAttribute(resource.values["policy"], resource.address, "identity") }));
  const inline = relations
    .resourcesOfType("aws_iam_role")
    .filter((role) => !seen.has(role.address))
    .flatMap((role) => {
      const blocks = readBlocks(role.values["inline_policy"]);
      if (blocks === UNRESOLVED) return [{ address: role.address, read: unresolvedPolicy(role.address, "inline_policy is an expression") }];
      return blocks.map((block) => ({ address: role.address, read: readPolicyAttribute(block["policy"], role.address, "identity") }));
    });
  return dedupe([...fromRoles, ...raw, ...inline]);
}

/** A policy attached to several roles is judged once: by its address and what a rule judges (its document, or why it cannot). */
function dedupe(policies: readonly IdentityPolicy[]): IdentityPolicy[] {
  const seen = new Set<string>();
  return policies.filter(({ address, read }) => {
    const key = JSON.stringify([address, read.state === "ok" ? read.document : unjudgeable(read) ? whyUnjudgeable(read) : read.state]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
