/**
 * KMS-001: a symmetric customer managed KMS key does not have automatic rotation on
 * (`enable_key_rotation`). Asymmetric and HMAC keys cannot rotate automatically: not applicable.
 */
import type { RawResource } from "../../topology/model";
import { UNRESOLVED, readBool, readString } from "../../topology/values";
import { eachSubject } from "../check";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const keyRotation = eachSubject("kms-key", checkKey);

function checkKey(key: RawResource): RuleOutcome {
  const spec = readString(key.values["customer_master_key_spec"] ?? key.values["key_spec"]);
  if (spec === UNRESOLVED) return unknown(key.address, "the key spec is an expression");
  if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") return notApplicable(key.address, `${spec} keys cannot rotate automatically`);
  const rotation = readBool(key.values["enable_key_rotation"], false);
  if (rotation === UNRESOLVED) return unknown(key.address, "enable_key_rotation is an expression");
  return rotation ? compliant(key.address) : nonCompliant(key.address, "enable_key_rotation is not true");
}
