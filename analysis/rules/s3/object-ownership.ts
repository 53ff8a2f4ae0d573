/**
 * S3-006: ACLs are enabled: object ownership is not `BucketOwnerEnforced`, or an ACL is set
 * (`aws_s3_bucket_acl`, or the legacy `acl` argument other than `private`).
 */
import type { BucketModel, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, readBlock, readString } from "../../topology/values";
import { eachSubject } from "../check";
import { bucketCompanions } from "../support/buckets";
import { unresolvedLink } from "../support/references";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const aclsDisabled = eachSubject("bucket", checkBucket);

function checkBucket(bucket: BucketModel, topology: Topology): RuleOutcome {
  const acl = bucketCompanions(topology, bucket, "aws_s3_bucket_acl").linked[0];
  if (acl !== undefined) return nonCompliant(bucket.address, `${acl.address} manages an ACL on the bucket`);
  const legacyAcl = readString(relationsOf(topology).resourceAt(bucket.address)?.values["acl"]);
  if (legacyAcl !== undefined && legacyAcl !== "private") {
    return legacyAcl === UNRESOLVED
      ? unknown(bucket.address, "the acl argument is an expression")
      : nonCompliant(bucket.address, `the bucket sets the canned ACL ${legacyAcl}`);
  }
  const links = bucketCompanions(topology, bucket, "aws_s3_bucket_ownership_controls");
  const controls = links.linked[0];
  if (controls === undefined) {
    const why = unresolvedLink(links, "bucket");
    if (why !== undefined) return unknown(bucket.address, why);
    return nonCompliant(bucket.address, "no aws_s3_bucket_ownership_controls pins BucketOwnerEnforced");
  }
  const rule = readBlock(controls.values["rule"]);
  const ownership = rule === UNRESOLVED ? UNRESOLVED : readString(rule["object_ownership"]);
  if (ownership === UNRESOLVED) return unknown(bucket.address, `${controls.address} sets object_ownership from an expression`);
  if (ownership === "BucketOwnerEnforced") return compliant(bucket.address);
  return nonCompliant(bucket.address, `${controls.address} sets object_ownership ${ownership ?? "(unset)"}`);
}
