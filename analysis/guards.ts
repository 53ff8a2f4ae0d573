/**
 * Synth-time guards: the conditions under which a stack must not be synthesized at all, because
 * deploying it would break boot or lock out its managers. They reuse the rule pack and the access
 * analyzer, so that a guard and the review's finding can never disagree. Pure: no cdktf, no I/O.
 */
import { Problem } from "../config/problems";
import { bootChecks, firstUnfetchableScript } from "./access";
import { InstanceBootCheck } from "./access/types";
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
  return [...bootProblems(topology, checks), ...ruleProblems(topology)];
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
  const addresses = new Map(topology.instances.map((instance) => [instance.name, instance.address]));
  return checks.flatMap((check) => {
    const failed = firstUnfetchableScript(check);
    if (check.canFetchScripts || !failed) return [];
    // Through the NAT gateway, or on a route table with no S3 endpoint route: the tier needs an endpoint.
    const offEndpoint = failed.deniedBy === "route" || check.path.some((hop) => hop.startsWith("nat"));
    return [{
      path: addresses.get(check.name) ?? check.name,
      problem: `instance "${check.name}" cannot fetch its boot script ${failed.key}: the request goes ${check.path.map(shortHop).join(" → ")} and is refused: ${failed.because}`,
      fix: offEndpoint
        ? "add the instance's tier to an endpoint group, so that its route table carries an S3 endpoint route"
        : `allow s3:GetObject on the script at the failing hop (${failed.deniedBy ?? "unknown"})`,
    }];
  });
}

/** `nat ${aws_nat_gateway.x.id}` reads better as "the NAT gateway". */
function shortHop(hop: string): string {
  return hop.startsWith("nat") ? "the NAT gateway" : hop;
}

function withoutPeriod(text: string): string {
  return text.replace(/\.$/, "");
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
