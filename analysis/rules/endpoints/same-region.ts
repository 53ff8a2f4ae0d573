/**
 * VPCE-003: a bucket that an S3 endpoint serves (named in the endpoint policy, or used by an
 * instance routed through the endpoint) is in another region. Gateway endpoints reach their
 * own region only: requests for that bucket never go through the endpoint.
 */
import type { BucketModel, S3EndpointModel, Topology } from "../../topology/model";
import { writtenDocument } from "../../topology/policy-read";
import { eachSubject } from "../check";
import type { EndpointBucketSubject } from "../subjects";
import { bucketMentions } from "../support/buckets";
import { instanceUsesBucket, instancesBehind } from "../support/instances";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const bucketInEndpointRegion = eachSubject("endpoint-bucket", checkPair);

/** Judged only where the endpoint serves the bucket; other pairs give no outcome. */
function checkPair({ endpoint, bucket }: EndpointBucketSubject, topology: Topology): RuleOutcome[] {
  return serves(topology, endpoint, bucket) ? [judgePair(topology, endpoint, bucket)] : [];
}

function judgePair(topology: Topology, endpoint: S3EndpointModel, bucket: BucketModel): RuleOutcome {
  const bucketRegion = bucket.region ?? topology.region;
  const endpointRegion = endpoint.region;
  if (bucketRegion === undefined || endpointRegion === undefined) {
    return unknown(endpoint.address, `the region of ${endpointRegion === undefined ? "the endpoint" : bucket.address} is not known`);
  }
  if (bucketRegion === endpointRegion) return compliant(endpoint.address, bucket.address);
  return nonCompliant(endpoint.address, `${bucket.address} is in ${bucketRegion}, the endpoint in ${endpointRegion}`);
}

function serves(topology: Topology, endpoint: S3EndpointModel, bucket: BucketModel): boolean {
  const policy = JSON.stringify(writtenDocument(endpoint.policy) ?? "");
  const mentions = bucketMentions(topology, bucket);
  if (mentions.some((mention) => policy.includes(mention))) return true;
  return instancesBehind(topology, endpoint).some((instance) => instanceUsesBucket(topology, instance, bucket));
}
