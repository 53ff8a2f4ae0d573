/**
 * EC2-005: user data calls `aws s3 ...` or `aws s3api ...` without `--region` (and sets no
 * AWS_REGION / AWS_DEFAULT_REGION). Through a gateway endpoint a request sent to another
 * region's S3 endpoint does not take the endpoint route, and the bucket policy then denies it.
 */
import type { InstanceModel } from "../../topology/model";
import { UNRESOLVED } from "../../topology/values";
import { eachSubject } from "../check";
import { USER_DATA_UNKNOWN, userDataText } from "../support/instances";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { abbreviate } from "../support/policy";
import type { RuleOutcome } from "../types";

const S3_CALL = /(^|[\s;&|(`"'])aws\s+(s3|s3api)\s/;
const REGION_ENV = /(^|[\s;])(export\s+)?AWS_(DEFAULT_)?REGION=\S|aws\s+configure\s+set\s+(default\.)?region\s/m;

export const s3CliRegion = eachSubject("instance", checkInstance);

function checkInstance(instance: InstanceModel): RuleOutcome {
  const text = userDataText(instance);
  if (text === undefined) return notApplicable(instance.address, "no user data");
  if (text === UNRESOLVED) return unknown(instance.address, USER_DATA_UNKNOWN);
  const calls = commandLines(text).filter((line) => S3_CALL.test(line));
  if (calls.length === 0) return notApplicable(instance.address, "no aws s3 call in the user data");
  const missing = calls.filter((line) => !/\s--region[\s=]/.test(`${line} `));
  if (missing.length === 0 || REGION_ENV.test(text)) return compliant(instance.address);
  return nonCompliant(instance.address, `${missing.length} call(s) without --region, e.g. \`${abbreviate(missing[0] ?? "", 80)}\``);
}

/** Logical shell lines: backslash continuations joined, comments dropped. */
function commandLines(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}
