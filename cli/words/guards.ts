/**
 * The words of a synth-time guard's refusal (analysis/guards.ts): what would break, at which
 * resource, and the fix, as one problem each. `ScenarioGuards` reports them at synth.
 */
import { Gate, HopKind, type Hop, type ScriptFetch } from "../../analysis/access/types";
import { guardViolations, type GuardViolation } from "../../analysis/guards";
import type { InstanceRoute } from "../../analysis/access/routing";
import type { Topology } from "../../analysis/topology/model";
import type { Problem } from "../../config/problems";
import { deniedByText, hopText, pathWords, scriptBecause } from "./hops";

/** Every guard violation of a topology as a problem naming the resource address. */
export function guardProblems(topology: Topology): Problem[] {
  return guardViolations(topology).map(guardProblem);
}

/** One violation in words. */
function guardProblem(violation: GuardViolation): Problem {
  switch (violation.kind) {
    case "rule": {
      const { rule, detail } = violation;
      return {
        path: violation.address,
        problem: `${rule.title}${detail ? ` (${detail})` : ""}: ${lowerFirst(withoutPeriod(rule.risk))}`,
        fix: lowerFirst(withoutPeriod(rule.fix)),
      };
    }
    case "boot": {
      const { check, script } = violation;
      const path = pathWords(check.path, shortHop).join(" → ");
      return {
        path: violation.address,
        problem:
          `instance "${check.name}" cannot fetch its boot script ${script.key}: the request goes ${path} and is ` +
          `refused: ${scriptBecause(check, script)}`,
        fix: bootFix(script, violation.route),
      };
    }
    case "unreachable-grant": {
      const { pair, actions, because } = violation;
      const list = actions.length === 1 ? actions[0] : `${actions.slice(0, -1).join(", ")} and ${actions[actions.length - 1]}`;
      return {
        path: violation.address,
        problem:
          `endpoint group "${pair.endpoint.name}" is granted ${list} on ${pair.bucket.address}, but through its ` +
          `endpoint ${actions.length === 1 ? "it is" : "they are"} ${because}: the group cannot do what its access ` +
          `grants`,
        fix: "remove those actions from the group's access, or the bucket policy statement that denies them through the endpoint",
      };
    }
  }
}

/** The fix for the gate that refuses the script: a missing endpoint route is fixed by routing, a policy by allowing. */
function bootFix(failed: ScriptFetch, route: InstanceRoute | undefined): string {
  const endpoint = route?.endpoints[0];
  // No route to S3, or a route through the NAT or internet gateway that the bucket policy refuses: the tier needs an endpoint.
  const deniedAt = failed.deniedBy?.gate;
  if (deniedAt === Gate.ROUTE || (endpoint === undefined && deniedAt === Gate.BUCKET_POLICY)) {
    return "add the instance's tier to an endpoint group, so that its route table carries an S3 endpoint route";
  }
  switch (deniedAt) {
    case Gate.ENDPOINT_POLICY:
      return `allow s3:GetObject on the script in the endpoint policy of ${endpoint?.name ?? "its endpoint"} (the endpoint group's access)`;
    case Gate.BUCKET_POLICY:
      return "allow s3:GetObject on the script in the bucket policy, or remove the statement that denies it";
    case Gate.ROLE_POLICY:
      return "allow s3:GetObject on the script in the instance role's policy";
    case Gate.KMS_KEY_POLICY:
      return "allow kms:Decrypt to the instance role in the bucket key's policy (kms:ViaService s3.<region>.amazonaws.com)";
    case Gate.KMS_ROLE_POLICY:
      return "allow kms:Decrypt on the bucket key in the instance role's policy";
    case Gate.INSTANCE_PROFILE:
      return "give the instance an instance profile whose role may read its scripts";
    default:
      return `allow s3:GetObject on the script where it is refused (${deniedByText(failed.deniedBy)})`;
  }
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
