/**
 * Synth-time guards: the conditions under which a stack must not be synthesized at all, because
 * deploying it would break boot, lock out its managers, or deny an endpoint group what it is granted.
 * They reuse the rule pack and the access analyzer, so that a guard and the review's finding can
 * never disagree. Pure: no cdktf, no I/O, no words (cli/words/guards.ts words each violation).
 */
import { bootChecks, EndpointReach, firstUnfetchableScript, type EndpointBucket } from "./access";
import { instanceRoute, type InstanceRoute } from "./access/routing";
import { scopeOf } from "./access/scope";
import type { InstanceBootCheck, ScriptFetch } from "./access/types";
import { ruleById } from "./rules/registry";
import { outcomesOf } from "./rules/run";
import { RuleStatus, type RegisteredRule } from "./rules/types";
import type { Address, Topology } from "./topology/model";

/**
 * Rules whose violation refuses synthesis:
 * a route table on two S3 endpoints, aws:SourceIp with endpoints, a bucket in another region than
 * its endpoint, an aws:SourceVpce allow-list that misses an endpoint an instance uses, and the
 * management lockout of the deployer.
 */
const GUARD_RULE_IDS = ["VPCE-002", "S3-008", "VPCE-003", "S3-009", "S3-010"] as const;

/** Why a stack must not be synthesized: one violation, at the address of the resource to change. */
export type GuardViolation =
  /** An instance cannot fetch one of its boot scripts. */
  | {
      readonly kind: "boot";
      readonly address: Address;
      readonly check: InstanceBootCheck;
      readonly script: ScriptFetch;
      readonly route?: InstanceRoute;
    }
  /** Actions an endpoint group is granted are explicitly denied through its endpoint (`because` says by what). */
  | {
      readonly kind: "unreachable-grant";
      readonly address: Address;
      readonly pair: EndpointBucket;
      readonly actions: readonly string[];
      readonly because: string;
    }
  /** A guard rule of the pack is violated. */
  | { readonly kind: "rule"; readonly address: Address; readonly rule: RegisteredRule; readonly detail?: string };

/** Every guard violation of a topology, each naming the resource address. */
export function guardViolations(topology: Topology, checks: readonly InstanceBootCheck[] = bootChecks(topology)): GuardViolation[] {
  return [...bootViolations(topology, checks), ...unreachableGrants(topology), ...ruleViolations(topology)];
}

function ruleViolations(topology: Topology): GuardViolation[] {
  return GUARD_RULE_IDS.flatMap((id) => {
    const rule = ruleById(id);
    if (!rule) return [];
    return outcomesOf(rule, topology)
      .filter((outcome) => outcome.status === RuleStatus.NON_COMPLIANT)
      .map(
        (outcome): GuardViolation => ({
          kind: "rule",
          address: outcome.address,
          rule,
          ...(outcome.detail ? { detail: outcome.detail } : {}),
        }),
      );
  });
}

/** An instance that cannot fetch one of its scripts: the first such script, with the instance's route. */
function bootViolations(topology: Topology, checks: readonly InstanceBootCheck[]): GuardViolation[] {
  const scope = scopeOf(topology);
  const instances = new Map(topology.instances.map((instance) => [instance.name, instance]));
  return checks.flatMap((check): GuardViolation[] => {
    const script = firstUnfetchableScript(check);
    if (check.canFetchScripts || !script) return [];
    const instance = instances.get(check.name);
    const route = instance === undefined ? undefined : instanceRoute(scope, instance);
    return [{ kind: "boot", address: instance?.address ?? check.name, check, script, ...(route === undefined ? {} : { route }) }];
  });
}

/**
 * Granted means reachable: an action an endpoint's policy grants on the bucket that the worst-case insider
 * is still explicitly denied through that endpoint (e.g. by the bucket policy). Endpoints without a policy
 * or with an unresolved one grant nothing on purpose, so they are left to the review.
 */
function unreachableGrants(topology: Topology): GuardViolation[] {
  const reach = new EndpointReach(topology);
  return reach.pairs.flatMap((pair) => {
    if (pair.endpoint.policy.state !== "ok" || reach.unresolved(pair) !== undefined) return [];
    const byReason = new Map<string, string[]>();
    for (const action of reach.granted(pair)) {
      const { verdict } = reach.check(pair, action);
      if (verdict.decision === "ExplicitDeny") byReason.set(verdict.because, [...(byReason.get(verdict.because) ?? []), action]);
    }
    return [...byReason].map(
      ([because, actions]): GuardViolation => ({ kind: "unreachable-grant", address: pair.endpoint.address, pair, actions, because }),
    );
  });
}
