import { block, policyJson, put } from "../fixtures";
import type { RuleCase } from "./describe";

const ROLE_POLICY = "aws_iam_role_policy.web";
const setRolePolicy = (policy: string) => (d: Parameters<RuleCase["change"]>[0]) => {
  block(d, "aws_iam_role_policy", "web")["policy"] = policy;
};

export const IDENTITY_CASES: RuleCase[] = [
  {
    id: "IAM-001",
    name: "Action * on Resource *",
    change: setRolePolicy(policyJson({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" })),
    address: ROLE_POLICY,
    status: "NON_COMPLIANT",
    detail: /"Admin" allows \* on \*/,
  },
  {
    id: "IAM-001",
    name: "NotAction on Resource *",
    change: setRolePolicy(policyJson({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })),
    address: ROLE_POLICY,
    status: "NON_COMPLIANT",
    detail: /every action except iam:\*/,
  },
  {
    id: "IAM-001",
    name: "AdministratorAccess attached",
    change: (d) =>
      put(d, "aws_iam_role_policy_attachment", "admin", {
        role: "${aws_iam_role.web.name}",
        policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
      }),
    address: "aws_iam_role_policy_attachment.admin",
    status: "NON_COMPLIANT",
  },
  {
    id: "IAM-001",
    name: "an unattached admin policy",
    change: (d) => put(d, "aws_iam_policy", "admin", { policy: policyJson({ Effect: "Allow", Action: ["*"], Resource: ["*"] }) }),
    address: "aws_iam_policy.admin",
    status: "NON_COMPLIANT",
  },
  {
    id: "IAM-001",
    name: "the policy is a jsonencode",
    change: setRolePolicy("${jsonencode(local.role_policy)}"),
    address: ROLE_POLICY,
    status: "UNKNOWN",
  },

  {
    id: "IAM-002",
    name: "s3:* on Resource *",
    change: setRolePolicy(policyJson({ Effect: "Allow", Action: ["s3:*", "kms:Decrypt"], Resource: "*" })),
    address: ROLE_POLICY,
    status: "NON_COMPLIANT",
    detail: /s3:\*/,
  },
  {
    id: "IAM-002",
    name: "s3:* on one bucket",
    change: setRolePolicy(policyJson({ Effect: "Allow", Action: "s3:*", Resource: "${aws_s3_bucket.scripts.arn}/*" })),
    address: ROLE_POLICY,
    status: "COMPLIANT",
  },
  {
    id: "IAM-002",
    name: "the policy is a jsonencode",
    change: setRolePolicy("${jsonencode(local.role_policy)}"),
    address: ROLE_POLICY,
    status: "UNKNOWN",
  },

  {
    id: "KMS-001",
    name: "rotation off",
    change: (d) => {
      block(d, "aws_kms_key", "scripts")["enable_key_rotation"] = false;
    },
    address: "aws_kms_key.scripts",
    status: "NON_COMPLIANT",
  },
  {
    id: "KMS-001",
    name: "rotation unset",
    change: (d) => {
      delete block(d, "aws_kms_key", "scripts")["enable_key_rotation"];
    },
    address: "aws_kms_key.scripts",
    status: "NON_COMPLIANT",
  },
  {
    id: "KMS-001",
    name: "an asymmetric key cannot rotate",
    change: (d) => {
      block(d, "aws_kms_key", "scripts")["customer_master_key_spec"] = "RSA_2048";
      block(d, "aws_kms_key", "scripts")["enable_key_rotation"] = false;
    },
    address: "aws_kms_key.scripts",
    status: "NOT_APPLICABLE",
  },
  {
    id: "KMS-001",
    name: "rotation from a variable",
    change: (d) => {
      block(d, "aws_kms_key", "scripts")["enable_key_rotation"] = "${var.rotate}";
    },
    address: "aws_kms_key.scripts",
    status: "UNKNOWN",
  },
];
