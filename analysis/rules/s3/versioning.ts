/** S3-004: versioning is not enabled (`aws_s3_bucket_versioning` status, or the legacy inline block). */
import type { BucketModel, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, readBlock, readBool, readString } from "../../topology/values";
import { eachSubject } from "../check";
import { bucketCompanions } from "../support/buckets";
import { unresolvedLink } from "../support/references";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const versioningEnabled = eachSubject("bucket", checkBucket);

function checkBucket(bucket: BucketModel, topology: Topology): RuleOutcome {
  const links = bucketCompanions(topology, bucket, "aws_s3_bucket_versioning");
  const resource = links.linked[0];
  if (resource !== undefined) {
    const configuration = readBlock(resource.values["versioning_configuration"]);
    const status = configuration === UNRESOLVED ? UNRESOLVED : readString(configuration["status"]);
    if (status === UNRESOLVED) return unknown(bucket.address, `${resource.address} sets the status from an expression`);
    return status === "Enabled"
      ? compliant(bucket.address)
      : nonCompliant(bucket.address, `${resource.address} sets status ${status ?? "(unset)"}`);
  }
  const inline = readBlock(relationsOf(topology).resourceAt(bucket.address)?.values["versioning"]);
  const enabled = inline === UNRESOLVED ? UNRESOLVED : readBool(inline["enabled"], false);
  if (enabled === UNRESOLVED) return unknown(bucket.address, "the inline versioning block is an expression");
  if (enabled) return compliant(bucket.address);
  const why = unresolvedLink(links, "bucket");
  if (why !== undefined) return unknown(bucket.address, why);
  return nonCompliant(bucket.address, "no aws_s3_bucket_versioning enables versioning");
}
