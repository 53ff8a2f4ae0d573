/**
 * Synth-time guards: the conditions under which a stack must not be synthesized at all, because
 * deploying it would break boot, lock out its managers, or deny an endpoint group what it is granted. They reuse the rule pack and the access
 * analyzer, so that a guard and the review's finding can never disagree. Pure: no cdktf, no I/O.
 */
import { Problem } from "../config/problems";
import { bootChecks, DenyingHop, EndpointReach, firstUnfetchableScript, type EndpointBucket } from "./access";
import { instanceRoute, type InstanceRoute } from "./access/routing";
import { scopeOf } from "./access/scope";
import { HopKind, type Hop, type InstanceBootCheck, type ScriptFetch } from "./access/types";
import { deniedByText, hopText, pathWords, scriptBecause } from "../cli/review/hop-words";
import { ruleById } from "./rules/registry";
import { outcomesOf } from "./rules/run";
import { RuleStatus } from "./rules/types";
import { Topology } from "./topology/model";

/**
 * Rules whose violation refuses synthesis:
 * a route table on two S3 endpoints, aws:SourceIp with endpoints, a bucket in another region than
 * its endpoint, an aws:SourceVpce allow-list that misses an endpoint an instance uses, and the
 * management lockout of the deployer.
 */
export const GUARD_RULE_IDS = ["VPCE-002", "S3-008", "VPCE-003", "S3-009", "S3-010"] as const;

/** Every guard violation of a topology, one problem each, naming the resource address. */
export function guardProblems(topology: Topology, checks: readonly InstanceBootCheck[] = bootChecks(topology)): Problem[] {
  return [...bootProblems(topology, checks), ...unreachableGrantProblems(topology), ...ruleProblems(topology)];
}

function ruleProblems(topology: Topology): Problem[] {
  return GUARD_RULE_IDS.flatMap((id) => {
    const rule = ruleById(id);
    if (!rule) return [];
    return outcomesOf(rule, topology)
      .filter((outcome) => outcome.status === RuleStatus.NON_COMPLIANT)
      .map((outcome) => ({
        path: outcome.address,
        problem: `${rule.title}${outcome.detail ? ` (${outcome.detail})` : ""}: ${lowerFirst(withoutPeriod(rule.risk))}`,
        fix: lowerFirst(withoutPeriod(rule.fix)),
      }));
  });
}

/** An instance that cannot fetch one of its scripts: name the instance, the script, the path and the hop that denies. */
function bootProblems(topology: Topology, checks: readonly InstanceBootCheck[]): Problem[] {
  const scope = scopeOf(topology);
  const instances = new Map(topology.instances.map((instance) => [instance.name, instance]));
  return checks.flatMap((check) => {
    const failed = firstUnfetchableScript(check);
    if (check.canFetchScripts || !failed) return [];
    const instance = instances.get(check.name);
    const route = instance === undefined ? undefined : instanceRoute(scope, instance);
    return [{
      path: instance?.address ?? check.name,
      problem: `instance "${check.name}" cannot fetch its boot script ${failed.key}: the request goes ${pathWords(check.path, shortHop).join(" → ")} and is refused: ${scriptBecause(check, failed)}`,
      fix: bootFix(failed, route),
    }];
  });
}

/** The fix for the kind of hop that refuses the script: a missing endpoint route is fixed by routing, a policy by allowing. */
function bootFix(failed: ScriptFetch, route: InstanceRoute | undefined): string {
  const endpoint = route?.endpoints[0];
  // No route to S3, or a route through the NAT or internet gateway that the bucket policy refuses: the tier needs an endpoint.
  const deniedAt = failed.deniedBy?.hop;
  if (deniedAt === DenyingHop.ROUTE || (endpoint === undefined && deniedAt === DenyingHop.BUCKET_POLICY)) {
    return "add the instance's tier to an endpoint group, so that its route table carries an S3 endpoint route";
  }
  switch (deniedAt) {
    case DenyingHop.ENDPOINT_POLICY:
      return `allow s3:GetObject on the script in the endpoint policy of ${endpoint?.name ?? "its endpoint"} (the endpoint group's access)`;
    case DenyingHop.BUCKET_POLICY:
      return "allow s3:GetObject on the script in the bucket policy, or remove the statement that denies it";
    case DenyingHop.ROLE_POLICY:
      return "allow s3:GetObject on the script in the instance role's policy";
    case DenyingHop.KMS_KEY_POLICY:
      return "allow kms:Decrypt to the instance role in the bucket key's policy (kms:ViaService s3.<region>.amazonaws.com)";
    case DenyingHop.KMS_ROLE_POLICY:
      return "allow kms:Decrypt on the bucket key in the instance role's policy";
    case DenyingHop.INSTANCE_PROFILE:
      return "give the instance an instance profile whose role may read its scripts";
    default:
      return `allow s3:GetObject on the script where it is refused (${deniedByText(failed.deniedBy)})`;
  }
}

/**
 * Granted means reachable: an action an endpoint's policy grants on the bucket that the worst-case insider
 * is still explicitly denied through that endpoint (e.g. by the bucket policy). Endpoints without a policy
 * or with an unresolved one grant nothing on purpose, so they are left to the review.
 */
function unreachableGrantProblems(topology: Topology): Problem[] {
  const reach = new EndpointReach(topology);
  return reach.pairs.flatMap((pair) => {
    if (pair.endpoint.policy.state !== "ok" || reach.unresolved(pair) !== undefined) return [];
    const byReason = new Map<string, string[]>();
    for (const action of reach.granted(pair)) {
      const { verdict } = reach.check(pair, action);
      if (verdict.decision === "ExplicitDeny") byReason.set(verdict.because, [...(byReason.get(verdict.because) ?? []), action]);
    }
    return [...byReason].map(([because, actions]) => unreachableProblem(pair, actions, because));
  });
}

function unreachableProblem(pair: EndpointBucket, actions: readonly string[], because: string): Problem {
  const list = actions.length === 1 ? actions[0] : `${actions.slice(0, -1).join(", ")} and ${actions[actions.length - 1]}`;
  return {
    path: pair.endpoint.address,
    problem: `endpoint group "${pair.endpoint.name}" is granted ${list} on ${pair.bucket.address}, but through its endpoint ${actions.length === 1 ? "it is" : "they are"} ${because}: the group cannot do what its access grants`,
    fix: "remove those actions from the group's access, or the bucket policy statement that denies them through the endpoint",
  };
}

/** A NAT gateway hop (`nat aws_nat_gateway.x`) reads better as "the NAT gateway". */
function shortHop(hop: Hop): string {
  return hop.kind === HopKind.NAT ? "the NAT gateway" : hopText(hop);
}

function withoutPeriod(text: string): string {
  return text.replace(/\.$/, "");
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
