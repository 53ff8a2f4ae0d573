/**
 * The access analyzer (docs/DESIGN.md §5): who can do what to the bucket, from where, and why; and
 * whether each instance can fetch its boot scripts.
 */
import { actsOnObjects } from "../access-levels";
import type { Topology } from "../topology/model";
import { bootCheck } from "./boot-check";
import { Decider } from "./decide";
import { allOrigins, endpointOrigin, INTERNET_ORIGIN, NAT_ORIGIN, type OriginSpec } from "./origins";
import {
  adminPrincipal,
  anonymousPrincipal,
  configuredAdmins,
  insiderPrincipal,
  instancePrincipal,
  type PrincipalSpec,
} from "./principals";
import { instanceRoute } from "./routing";
import { scopeOf, type AccessScope } from "./scope";
import { representativeObject, scriptObjects, type ScriptObject } from "./scripts";
import type { AccessReport, AccessRow } from "./types";

/** The actions of the matrix, in report order. */
const MATRIX_ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:ListBucket",
  "s3:GetBucketPolicy",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
] as const;

/**
 * Analyzes a topology. Rows: each instance's role (on its own script objects, from its own
 * endpoint(s), the NAT and the internet: its requests cannot come from another subnet's endpoint),
 * then the administrator, the other administrators the bucket policy exempts, the worst-case
 * insider and anonymous callers (on each bucket and a representative object, from every origin,
 * trusted endpoints outside the input included). Linear in the input for a fixed number of instances.
 */
export function analyzeAccess(topology: Topology): AccessReport {
  const scope = scopeOf(topology);
  const decider = new Decider(scope);
  const rows: AccessRow[] = [];
  for (const instance of topology.instances) {
    const role = instance.roleAddress === undefined ? undefined : scope.relations.role(instance.roleAddress);
    if (role === undefined) continue;
    const origins = instanceOrigins(scope, instanceRoute(scope, instance).endpoints.map(endpointOrigin));
    rows.push(...rowsFor(decider, instancePrincipal(scope, instance, role), origins, scriptObjects(scope, role)));
  }
  const everywhere = allOrigins(scope);
  const representatives = scope.buckets.map(representativeObject);
  for (const principal of [adminPrincipal(scope), ...configuredAdmins(scope), insiderPrincipal(scope), anonymousPrincipal()]) {
    rows.push(...rowsFor(decider, principal, everywhere, representatives));
  }
  return { stack: topology.name, access: rows, instances: topology.instances.map((instance) => bootCheck(scope, decider, instance)) };
}

function instanceOrigins(scope: AccessScope, own: readonly OriginSpec[]): OriginSpec[] {
  return [...own, ...(scope.topology.natGatewayRefs.length > 0 ? [NAT_ORIGIN] : []), INTERNET_ORIGIN];
}

/** Rows of one principal: per origin, per action; object actions on each object, bucket actions once per bucket. */
function rowsFor(
  decider: Decider,
  principal: PrincipalSpec,
  origins: readonly OriginSpec[],
  objects: readonly ScriptObject[],
): AccessRow[] {
  const buckets = [...new Map(objects.map((object) => [object.bucket.address, object.bucket])).values()];
  const rows: AccessRow[] = [];
  for (const origin of origins) {
    for (const action of MATRIX_ACTIONS) {
      const targets = actsOnObjects(action)
        ? objects.map((object) => ({ bucket: object.bucket, resource: object.arn }))
        : buckets.map((bucket) => ({ bucket, resource: bucket.arnRef }));
      for (const { bucket, resource } of targets) {
        const verdict = decider.decide({ principal, origin, action, resource, bucket });
        const known = verdict.dependsOn === undefined;
        rows.push({
          origin: origin.origin,
          ...(origin.endpoint === undefined ? {} : { originAddress: origin.endpoint.address }),
          principal: principal.label,
          action,
          resource,
          decision: known ? verdict.decision : "Unknown",
          reason: known ? verdict.reason : { kind: "unknown", value: verdict.dependsOn },
          because: verdict.because,
        });
      }
    }
  }
  return rows;
}
