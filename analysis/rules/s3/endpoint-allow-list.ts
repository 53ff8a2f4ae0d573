/**
 * S3-009: the bucket policy's endpoint allow-list (a Deny unless `aws:SourceVpce` is listed)
 * omits an S3 endpoint that routes instances using the bucket: those instances are denied.
 * Decided with the evaluator: a read through each such endpoint must not be explicitly denied
 * by a statement that tests `aws:SourceVpce`.
 */
import { referencesIn } from "../../topology/references";
import type { BucketModel, InstanceModel, S3EndpointModel, Topology } from "../../topology/model";
import { bucketPolicy, objectArnForms, policyAddress } from "../support/buckets";
import { endpointsRouting, instanceUsesBucket } from "../support/instances";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { askProbe, conditionKeys, conditionValueTexts, unjudgeable, whyUnjudgeable, type UsableRead } from "../support/policy";
import { UNRESOLVED, isExpression } from "../support/terraform";
import type { RuleOutcome } from "../types";

export function endpointAllowList(topology: Topology): RuleOutcome[] {
  return topology.buckets.map((bucket) => checkBucket(topology, bucket));
}

function checkBucket(topology: Topology, bucket: BucketModel): RuleOutcome {
  const read = bucketPolicy(topology, bucket);
  const address = policyAddress(bucket, read);
  if (read.state === "absent") return notApplicable(address, "no bucket policy");
  if (unjudgeable(read)) return unknown(address, whyUnjudgeable(read));
  const listing = read.normalized.statements.filter((s) => s.effect === "Deny" && conditionKeys(s).includes("aws:sourcevpce"));
  if (listing.length === 0) return notApplicable(address, "no endpoint allow-list");
  const routes = routingEndpoints(topology, bucket);
  if (routes.length === 0) return notApplicable(address, "no instance using the bucket is routed through an S3 endpoint");
  const denied = routes.filter((route) => deniedThrough(topology, bucket, read, route));
  if (denied.length === 0) return compliant(address);
  const opaque = listing.flatMap((s) => conditionValueTexts(s, "aws:SourceVpce")).filter((v) => isExpression(v) && !referencesIn(v).some((r) => r.base.startsWith("aws_vpc_endpoint.")));
  if (opaque.length > 0) return unknown(address, `the allow-list holds ${opaque.join(", ")}`);
  return nonCompliant(address, denied.map((r) => `endpoint ${r.endpoint.name} (instance ${r.instance.name}) is not allowed`).join("; "));
}

interface Route {
  readonly instance: InstanceModel;
  readonly endpoint: S3EndpointModel;
}

/** Each (instance using the bucket, endpoint on its route table) pair. */
function routingEndpoints(topology: Topology, bucket: BucketModel): Route[] {
  return topology.instances
    .filter((instance) => instanceUsesBucket(topology, instance, bucket))
    .flatMap((instance) => {
      const endpoints = endpointsRouting(topology, instance);
      return endpoints === UNRESOLVED ? [] : endpoints.map((endpoint) => ({ instance, endpoint }));
    });
}

/** True when a GetObject through the endpoint is explicitly denied by a statement testing aws:SourceVpce. */
function deniedThrough(topology: Topology, bucket: BucketModel, read: UsableRead, route: Route): boolean {
  const role = topology.roles.find((r) => r.address === route.instance.roleAddress);
  const context: Record<string, string> = { "aws:SourceVpce": route.endpoint.ref, "aws:SecureTransport": "true" };
  if (route.endpoint.vpcRef !== undefined) context["aws:SourceVpc"] = route.endpoint.vpcRef;
  if (role !== undefined) context["aws:PrincipalArn"] = role.arnRef;
  return objectArnForms(topology, bucket).some((resource) => {
    const answer = askProbe({ action: "s3:GetObject", resource, context, resourcePolicy: read.document });
    return answer.kind === "decided" && answer.result.decision === "ExplicitDeny" && answer.result.decisive.some((d) => {
      const statement = read.normalized.statements[d.index];
      return d.policy === "resource" && statement !== undefined && conditionKeys(statement).includes("aws:sourcevpce");
    });
  });
}
