/** Builders for rule outcomes, so that rules read as their verdicts. */
import type { Address } from "../../topology/model";
import { RuleStatus, type RuleOutcome } from "../types";

export function compliant(address: Address, detail?: string): RuleOutcome {
  return detail === undefined ? { address, status: RuleStatus.COMPLIANT } : { address, status: RuleStatus.COMPLIANT, detail };
}

export function nonCompliant(address: Address, detail: string): RuleOutcome {
  return { address, status: RuleStatus.NON_COMPLIANT, detail };
}

export function notApplicable(address: Address, detail?: string): RuleOutcome {
  return detail === undefined ? { address, status: RuleStatus.NOT_APPLICABLE } : { address, status: RuleStatus.NOT_APPLICABLE, detail };
}

/** The rule needs a value that stays symbolic until apply (a variable, a function call). */
export function unknown(address: Address, detail: string): RuleOutcome {
  return { address, status: RuleStatus.UNKNOWN, detail };
}

/** Worst first: a violation outweighs an unknown, which outweighs a pass. */
const RANK: readonly RuleStatus[] = [RuleStatus.NON_COMPLIANT, RuleStatus.UNKNOWN, RuleStatus.COMPLIANT, RuleStatus.NOT_APPLICABLE];

/**
 * One outcome per address: the worst status, with the details of every outcome of that status
 * joined. Keeps the order in which addresses first appear.
 */
export function worstPerAddress(outcomes: readonly RuleOutcome[]): RuleOutcome[] {
  const addresses = [...new Set(outcomes.map((outcome) => outcome.address))];
  return addresses.map((address) => {
    const here = outcomes.filter((outcome) => outcome.address === address);
    const status = RANK.find((rank) => here.some((outcome) => outcome.status === rank)) ?? RuleStatus.NOT_APPLICABLE;
    const details = [...new Set(here.filter((o) => o.status === status).flatMap((o) => (o.detail === undefined ? [] : [o.detail])))];
    return details.length === 0 ? { address, status } : { address, status, detail: details.join("; ") };
  });
}
