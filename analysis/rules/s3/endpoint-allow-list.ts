/**
 * S3-009: the bucket policy's endpoint allow-list (a Deny unless `aws:SourceVpce` is listed)
 * omits an S3 endpoint that routes instances using the bucket: those instances are denied.
 * Decided with the evaluator: a read through each such endpoint must not be explicitly denied
 * by a statement that tests `aws:SourceVpce`.
 */
import { referencesIn } from "../../topology/references";
import type { BucketModel, InstanceModel, S3EndpointModel, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, isExpression } from "../../topology/values";
import { eachPolicy, type ReadDocument } from "../check";
import { endpointsRouting, instanceUsesBucket } from "../support/instances";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { askProbe, conditionKeys, conditionValueTexts } from "../support/policy";
import { NO_BUCKET_POLICY, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

/** Policies of buckets defined elsewhere are not judged: their instances and endpoints are not known. */
const EXTERNAL_BUCKET = "the bucket is not defined in the configuration";

export const endpointAllowList = eachPolicy(
  "bucket-policy",
  {
    skip: (subject) => (subject.bucket === undefined ? EXTERNAL_BUCKET : undefined),
    absent: NO_BUCKET_POLICY,
  },
  checkSubject,
);

function checkSubject(subject: PolicySubject, read: ReadDocument, topology: Topology): RuleOutcome {
  const { address, bucket } = subject;
  if (bucket === undefined) return notApplicable(address, EXTERNAL_BUCKET);
  const listing = read.normalized.statements.filter((s) => s.effect === "Deny" && conditionKeys(s).includes("aws:sourcevpce"));
  if (listing.length === 0) return notApplicable(address, "no endpoint allow-list");
  const routes = routingEndpoints(topology, bucket);
  if (routes.length === 0) return notApplicable(address, "no instance using the bucket is routed through an S3 endpoint");
  const denied = routes.filter((route) => deniedThrough(topology, subject, read, route));
  if (denied.length === 0) return compliant(address);
  const opaque = listing
    .flatMap((s) => conditionValueTexts(s, "aws:SourceVpce"))
    .filter((v) => isExpression(v) && !referencesIn(v).some((r) => r.base.startsWith("aws_vpc_endpoint.")));
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
function deniedThrough(topology: Topology, subject: PolicySubject, read: ReadDocument, route: Route): boolean {
  const role = route.instance.roleAddress === undefined ? undefined : relationsOf(topology).role(route.instance.roleAddress);
  const context: Record<string, string> = { "aws:SourceVpce": route.endpoint.ref, "aws:SecureTransport": "true" };
  if (route.endpoint.vpcRef !== undefined) context["aws:SourceVpc"] = route.endpoint.vpcRef;
  if (role !== undefined) context["aws:PrincipalArn"] = role.arnRef;
  return subject.objectArns.some((resource) => {
    const answer = askProbe({ action: "s3:GetObject", resource, context, resourcePolicy: read.document });
    return (
      answer.kind === "decided" &&
      answer.result.decision === "ExplicitDeny" &&
      answer.result.decisive.some((d) => {
        const statement = read.normalized.statements[d.index];
        return d.policy === "resource" && statement !== undefined && conditionKeys(statement).includes("aws:sourcevpce");
      })
    );
  });
}
