/**
 * IAM roles with their identity policies: `inline_policy` blocks, `aws_iam_role_policy`,
 * `aws_iam_role_policy_attachment` / `aws_iam_policy_attachment` / `managed_policy_arns` pointing at
 * an `aws_iam_policy` of the input (policies elsewhere, e.g. AWS managed, go to externalPolicyArns).
 */
import type { BuildContext } from "./context";
import type { Address, PolicyRead, RawResource, RoleModel } from "./model";
import { readPolicy } from "./policies";
import { asBlocks, asString, asStringList, pushTo } from "./values";

const ROLE = ["aws_iam_role"];

interface Attached {
  readonly policies: Map<Address, PolicyRead[]>;
  readonly external: Map<Address, string[]>;
}

/** Reads the roles. */
export function buildRoles(context: BuildContext): RoleModel[] {
  const attached: Attached = { policies: new Map(), external: new Map() };
  collectRolePolicies(context, attached);
  collectAttachments(context, attached);
  return context.resolver.ofType("aws_iam_role").map((role) => toRole(context, role, attached));
}

function toRole(context: BuildContext, role: RawResource, attached: Attached): RoleModel {
  for (const arn of asStringList(role.values["managed_policy_arns"])) attach(context, role.address, arn, attached);
  const inline = asBlocks(role.values["inline_policy"]).map((block) =>
    readPolicy(block["policy"], role.address, "identity", context.reader),
  );
  return {
    address: role.address,
    arnRef: context.resolver.ref(role, "arn"),
    nameRef: context.resolver.ref(role, "name"),
    policies: [...inline.filter((read) => read.state !== "absent"), ...(attached.policies.get(role.address) ?? [])],
    externalPolicyArns: [...new Set(attached.external.get(role.address) ?? [])],
  };
}

function collectRolePolicies(context: BuildContext, attached: Attached): void {
  for (const resource of context.resolver.ofType("aws_iam_role_policy")) {
    const role = context.resolver.resolveOne(resource.values["role"], ROLE);
    if (role !== undefined)
      pushTo(attached.policies, role.address, readPolicy(resource.values["policy"], resource.address, "identity", context.reader));
  }
}

function collectAttachments(context: BuildContext, attached: Attached): void {
  for (const resource of context.resolver.ofType("aws_iam_role_policy_attachment")) {
    const role = context.resolver.resolveOne(resource.values["role"], ROLE);
    if (role !== undefined) attach(context, role.address, resource.values["policy_arn"], attached);
  }
  for (const resource of context.resolver.ofType("aws_iam_policy_attachment")) {
    for (const role of context.resolver.resolve(resource.values["roles"], ROLE))
      attach(context, role.address, resource.values["policy_arn"], attached);
  }
}

/** Attaches a policy ARN to a role: the input's `aws_iam_policy` document, or an external ARN. */
function attach(context: BuildContext, roleAddress: Address, policyArn: unknown, attached: Attached): void {
  const target = context.resolver.resolveOne(policyArn, ["aws_iam_policy"]);
  if (target?.mode === "managed") {
    pushTo(attached.policies, roleAddress, readPolicy(target.values["policy"], target.address, "identity", context.reader));
    return;
  }
  const known = target === undefined ? asString(policyArn) : (asString(target.values["arn"]) ?? asString(policyArn));
  if (known !== undefined && known !== "") pushTo(attached.external, roleAddress, known);
}
