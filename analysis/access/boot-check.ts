/**
 * The instance boot check: can each instance fetch its own scripts? Follows the instance's route
 * (endpoint, else NAT or internet gateway), then evaluates s3:GetObject for each script with the
 * endpoint policy, bucket policy, role policy and, on SSE-KMS buckets, the key policy.
 */
import type { InstanceModel, Topology } from "../topology/model";
import { Decider, type Verdict } from "./decide";
import { endpointOrigin, INTERNET_ORIGIN, NAT_ORIGIN, type OriginSpec } from "./origins";
import { anonymousPrincipal, instancePrincipal, type PrincipalSpec } from "./principals";
import { instanceRoute, type InstanceRoute } from "./routing";
import { scopeOf, type AccessScope } from "./scope";
import { scriptObjects } from "./scripts";
import { Gate, type InstanceBootCheck, type ScriptFetch } from "./types";

/** The principal an instance's requests are signed as: its role's session, or unsigned without a role. */
function principalOfInstance(scope: AccessScope, instance: InstanceModel): PrincipalSpec | undefined {
  const role = instance.roleAddress === undefined ? undefined : scope.relations.role(instance.roleAddress);
  return role === undefined ? undefined : instancePrincipal(scope, instance, role);
}

/** The origin the instance's S3 requests take, from its route; undefined when there is no route to S3. */
function originOfRoute(route: InstanceRoute): OriginSpec | undefined {
  const endpoint = route.endpoints[0];
  if (endpoint !== undefined) return endpointOrigin(endpoint);
  if (route.defaultRoute === undefined) return undefined;
  return route.defaultRoute.kind === "nat" ? NAT_ORIGIN : INTERNET_ORIGIN;
}

/** The boot check of one instance. */
export function bootCheck(scope: AccessScope, decider: Decider, instance: InstanceModel): InstanceBootCheck {
  const route = instanceRoute(scope, instance);
  const origin = originOfRoute(route);
  const principal = principalOfInstance(scope, instance);
  const role = principal?.role;
  const scripts = scriptObjects(scope, role).map((object): ScriptFetch => {
    if (origin === undefined)
      return { key: object.key, decision: "ImplicitDeny", deniedBy: { gate: Gate.ROUTE }, reason: { kind: "no-route" } };
    const verdict = decider.decide({
      principal: principal ?? anonymousPrincipal(),
      origin,
      action: "s3:GetObject",
      resource: object.arn,
      bucket: object.bucket,
    });
    return toFetch(object.key, verdict, principal === undefined);
  });
  return { name: instance.name, canFetchScripts: scripts.every((script) => script.decision === "Allow"), path: route.path, scripts };
}

/**
 * The boot checks of every instance, without the access matrix: one evaluation per script, so
 * cheap enough for synth-time guards. `canFetchScripts` is true for an instance with no scripts.
 */
export function bootChecks(topology: Topology): InstanceBootCheck[] {
  const scope = scopeOf(topology);
  const decider = new Decider(scope);
  return topology.instances.map((instance) => bootCheck(scope, decider, instance));
}

/** The first script of a boot check that cannot be fetched, with the hop that denies; undefined when all can. */
export function firstUnfetchableScript(check: InstanceBootCheck): ScriptFetch | undefined {
  return check.scripts.find((script) => script.decision !== "Allow");
}

function toFetch(key: string, verdict: Verdict, unsigned: boolean): ScriptFetch {
  const { decision, reason, because } = verdict;
  if (decision === "Allow") return { key, decision, reason, because };
  const deniedBy = unsigned ? { gate: Gate.INSTANCE_PROFILE } : verdict.deniedBy;
  return { key, decision, ...(deniedBy === undefined ? {} : { deniedBy }), reason, because };
}
