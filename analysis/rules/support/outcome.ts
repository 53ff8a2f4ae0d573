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
