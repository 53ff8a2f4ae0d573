/**
 * EC2-006: user data holds a secret: an AWS access key id, an `aws_secret_access_key`, a private
 * key block, or a literal `password=`. User data is readable by anyone who can describe the
 * instance attributes, and from the metadata service by every process on the instance.
 */
import type { InstanceModel } from "../../topology/model";
import { UNRESOLVED } from "../../topology/values";
import { eachSubject } from "../check";
import { USER_DATA_UNKNOWN, userDataText } from "../support/instances";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

const SECRETS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "an AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: "aws_secret_access_key", pattern: /aws_secret_access_key/i },
  { what: "a private key block", pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/ },
  // A value read at boot (`password=$(aws ssm get-parameter ...)`, `password="$VAR"`) is not a secret in the text.
  { what: "a literal password=", pattern: /password\s*=\s*(?!["']?\$)\S/i },
];

export const noSecretsInUserData = eachSubject("instance", checkInstance);

function checkInstance(instance: InstanceModel): RuleOutcome {
  const text = userDataText(instance);
  if (text === undefined) return notApplicable(instance.address, "no user data");
  if (text === UNRESOLVED) return unknown(instance.address, USER_DATA_UNKNOWN);
  const found = SECRETS.filter((secret) => secret.pattern.test(text)).map((secret) => secret.what);
  return found.length === 0 ? compliant(instance.address) : nonCompliant(instance.address, `the user data contains ${found.join(", ")}`);
}
