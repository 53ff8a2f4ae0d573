/**
 * ARN shape (AWS General Reference / IAM User Guide, "IAM identifiers: ARNs"):
 * `arn:partition:service:region:account-id:resource`, six colon-separated
 * fields, the resource part possibly holding more colons. Terraform references
 * (`${...}`) may stand for any part, so text holding one is not judged.
 */

/** Why `value` is not a well-formed ARN; undefined when it is one, or is not ARN-like at all. */
export function arnProblem(value: string): string | undefined {
  if (!value.startsWith("arn:") || value.includes("${")) return undefined;
  const fields = value.split(":");
  if (fields.length < 6) {
    return (
      `is not a well-formed ARN: expected arn:partition:service:region:account-id:resource (6 colon-separated ` +
      `fields), got ${fields.length}`
    );
  }
  const [, partition = "", service = "", , account = "", ...resource] = fields;
  if (partition === "" || service === "") return "is not a well-formed ARN: the partition and service fields must not be empty";
  if (resource.join(":") === "") return "is not a well-formed ARN: the resource field is empty";
  // `cloudfront` is the account of an origin access identity (`arn:aws:iam::cloudfront:user/...`).
  if ((service === "iam" || service === "sts") && !/^(\d{12}|cloudfront)$/.test(account)) {
    return `is not a well-formed ${service.toUpperCase()} ARN: the account field must be a 12-digit account id, got "${account}"`;
  }
  return undefined;
}

/** The account field of an ARN; undefined when the value is not an ARN or the field is empty (S3 ARNs). */
export function arnAccount(arn: string): string | undefined {
  const fields = arn.split(":");
  const account = fields[0] === "arn" && fields.length >= 6 ? fields[4] : undefined;
  return account === "" ? undefined : account;
}
