/** Every rule, case by case: a non-compliant, a compliant and an unresolvable change to the secure fixture. */
import { RULES } from "../../../analysis/rules/registry";
import { describeCases } from "./cases/describe";
import { EC2_CASES } from "./cases/ec2";
import { ENDPOINT_CASES } from "./cases/endpoints";
import { IDENTITY_CASES } from "./cases/iam-kms";
import { NETWORK_CASES } from "./cases/network";
import { S3_CASES } from "./cases/s3";

const ALL = [...S3_CASES, ...ENDPOINT_CASES, ...EC2_CASES, ...NETWORK_CASES, ...IDENTITY_CASES];

describeCases("S3 rules", S3_CASES);
describeCases("VPC endpoint rules", ENDPOINT_CASES);
describeCases("EC2 rules", EC2_CASES);
describeCases("network rules", NETWORK_CASES);
describeCases("IAM and KMS rules", IDENTITY_CASES);

describe("case coverage", () => {
  it.each(RULES.map((rule) => rule.id))("%s has a non-compliant and an unknown case (its compliant case is the secure fixture)", (id) => {
    const statuses = ALL.filter((c) => c.id === id).map((c) => c.status);
    expect(statuses).toContain("NON_COMPLIANT");
    expect(statuses).toContain("UNKNOWN");
  });
});
