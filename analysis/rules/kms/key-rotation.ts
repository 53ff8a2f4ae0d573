/**
 * KMS-001: a symmetric customer managed KMS key does not have automatic rotation on
 * (`enable_key_rotation`). Asymmetric and HMAC keys cannot rotate automatically: not applicable.
 */
import type { RawResource, Topology } from "../../topology/model";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { UNRESOLVED, readBool, readString, resourcesOfType } from "../support/terraform";
import type { RuleOutcome } from "../types";

export function keyRotation(topology: Topology): RuleOutcome[] {
  return resourcesOfType(topology, "aws_kms_key").map(checkKey);
}

function checkKey(key: RawResource): RuleOutcome {
  const spec = readString(key.values["customer_master_key_spec"] ?? key.values["key_spec"]);
  if (spec === UNRESOLVED) return unknown(key.address, "the key spec is an expression");
  if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") return notApplicable(key.address, `${spec} keys cannot rotate automatically`);
  const rotation = readBool(key.values["enable_key_rotation"], false);
  if (rotation === UNRESOLVED) return unknown(key.address, "enable_key_rotation is an expression");
  return rotation ? compliant(key.address) : nonCompliant(key.address, "enable_key_rotation is not true");
}
